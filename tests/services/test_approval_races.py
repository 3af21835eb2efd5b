"""Approvals with real commits on separate connections: double submissions,
double approvals, an "all" step decided at the same moment, and approve racing
reject and withdraw. Each race makes exactly one transition and one record."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import models
from models import ApprovalAction, ApprovalRequest, AuditLog, Contract
from services.approvals import approve, reject, submit, withdraw
from services.errors import Conflict
from services.org import build_actor
from tests.factories import build_org
from tests.services.approval_support import (
    contract_subject,  # noqa: F401 - fixture
    make_contract,
    make_flow,
)

pytestmark = pytest.mark.usefixtures("contract_subject")
BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
THREADS = 8


@pytest.fixture
def database(isolated_engine):
    models.Base.metadata.create_all(isolated_engine)
    return sessionmaker(isolated_engine, expire_on_commit=False)


def setup(database, *, flow_steps=None, extra_execs: int = 0, submitted=False):
    """Committed: the organisation, one draft (or submitted) contract of rep_a1.
    Returns (contract id, request id | None, user ids)."""
    with database.begin() as session:
        org = build_org(session)
        for number in range(extra_execs):
            org.add_user(f"exec{number + 2}", "executive", org.company)
        if flow_steps is not None:
            make_flow(session, steps=flow_steps)
        contract = make_contract(session, org, "rep_a1")
        request_id = None
        if submitted:
            request_id = submit(
                session, org.actor("rep_a1"), "contract", contract.id
            ).id
        return contract.id, request_id, dict(org.ids)


def race(database, calls: list[Callable[[Session], object]]) -> list[object]:
    """Run every call in its own thread and transaction, released together;
    each outcome is the call's result or "conflict"."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            with database.begin() as session:
                outcomes[index] = calls[index](session)
        except Conflict:
            outcomes[index] = "conflict"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def as_user(user_id: int, action: Callable) -> Callable[[Session], object]:
    def call(session: Session):
        return action(session, build_actor(session, user_id, language="en"))

    return call


def counts(database, contract_id: int) -> dict[str, int]:
    with database() as session:
        rows = session.execute(
            select(ApprovalAction.action, func.count())
            .where(ApprovalAction.object_id == contract_id)
            .group_by(ApprovalAction.action)
        ).all()
        return dict(rows)


@BACKENDS
def test_a_double_submission_makes_one_request(database):
    contract_id, _request, ids = setup(database)

    def submit_it(session, actor):
        return submit(session, actor, "contract", contract_id, version=1).id

    outcomes = race(database, [as_user(ids["rep_a1"], submit_it)] * THREADS)

    with database() as session:
        request_ids = session.scalars(select(ApprovalRequest.id)).all()
        contract = session.get(Contract, contract_id)
        submits = session.scalar(
            select(func.count()).where(AuditLog.action == "contract.submit")
        )
    assert len(request_ids) == 1
    # Retries by the same user see their own pending request, or lose the race.
    assert set(outcomes) <= {request_ids[0], "conflict"}
    assert request_ids[0] in outcomes
    assert (contract.status, contract.version) == ("pending", 2)
    assert counts(database, contract_id) == {"submit": 1}
    assert submits == 1


@BACKENDS
def test_two_users_submitting_at_once_make_one_request(database):
    contract_id, _request, ids = setup(database)

    def submit_it(session, actor):
        return submit(session, actor, "contract", contract_id).id

    calls = [as_user(ids["rep_a1"], submit_it), as_user(ids["leader_a"], submit_it)]
    outcomes = race(database, calls * (THREADS // 2))

    with database() as session:
        assert session.scalar(select(func.count()).select_from(ApprovalRequest)) == 1
    assert "conflict" in outcomes
    assert counts(database, contract_id) == {"submit": 1}


@BACKENDS
def test_a_double_approval_is_recorded_once(database):
    contract_id, request_id, ids = setup(database, submitted=True)

    def approve_it(session, actor):
        return approve(session, actor, request_id, step_position=1).current_position

    outcomes = race(database, [as_user(ids["leader_a"], approve_it)] * THREADS)

    assert outcomes.count(2) == 1
    assert outcomes.count("conflict") == THREADS - 1
    assert counts(database, contract_id) == {"submit": 1, "approve": 1}
    with database() as session:
        assert session.get(ApprovalRequest, request_id).current_position == 2


@BACKENDS
def test_an_all_step_decided_at_once_completes_exactly_once(database):
    contract_id, request_id, ids = setup(
        database,
        flow_steps=(("role", "executive", "all"),),
        extra_execs=THREADS - 1,
        submitted=True,
    )
    executives = [ids["exec"]] + [ids[f"exec{n + 2}"] for n in range(THREADS - 1)]

    def approve_it(session, actor):
        return approve(session, actor, request_id, step_position=1).status

    outcomes = race(database, [as_user(u, approve_it) for u in executives])

    assert sorted(outcomes) == ["approved"] + ["pending"] * (THREADS - 1)
    assert counts(database, contract_id) == {"submit": 1, "approve": THREADS}
    with database() as session:
        contract = session.get(Contract, contract_id)
        assert (contract.status, contract.version) == ("approved", 3)


@BACKENDS
def test_approve_reject_and_withdraw_at_once_have_one_winner(database):
    contract_id, request_id, ids = setup(
        database, flow_steps=(("supervisor", None, "any"),), submitted=True
    )
    calls = [
        as_user(
            ids["leader_a"],
            lambda s, a: approve(s, a, request_id, step_position=1).status,
        ),
        as_user(
            ids["leader_a"],
            lambda s, a: reject(s, a, request_id, step_position=1, reason="No").status,
        ),
        as_user(ids["rep_a1"], lambda s, a: withdraw(s, a, request_id).status),
    ] * 2

    outcomes = race(database, calls)

    winners = [o for o in outcomes if o != "conflict"]
    assert len(winners) == 1
    expected_object = {"approved": "approved", "rejected": "rejected"}
    with database() as session:
        request = session.get(ApprovalRequest, request_id)
        contract = session.get(Contract, contract_id)
    assert request.status == winners[0]
    assert contract.status == expected_object.get(winners[0], "draft")
    assert sum(counts(database, contract_id).values()) == 2
