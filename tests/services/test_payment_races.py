"""Payments with real commits on separate connections: concurrent approvals never
push a contract past its amount, and a double submission is one transition."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import models
from models import ApprovalAction, ApprovalRequest, Contract, Payment
from services.approvals import approval_state, approve, submit
from services.errors import Conflict
from services.org import build_actor
from services.payments import EXCEEDS_CONTRACT
from tests.factories import (
    build_org,
    make_approved_contract,
    make_customer,
    make_payment,
)

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)


@pytest.fixture
def contract_db(isolated_engine):
    """Committed: rep_a1's approved contract of 100,000, two draft payments of
    60,000 each recorded by rep_a1, and finance users fin1 and fin2."""
    models.Base.metadata.create_all(isolated_engine)
    database = sessionmaker(isolated_engine, expire_on_commit=False)
    with database.begin() as session:
        org = build_org(session)
        org.add_user("fin1", "finance", None)
        org.add_user("fin2", "finance", None)
        rep = org.actor("rep_a1")
        customer = make_customer(session, rep, "Contested Co")
        contract = make_approved_contract(
            session, org.ids["rep_a1"], customer, "100000.00"
        )
        payments = [make_payment(session, rep, contract, "60000") for _ in range(2)]
        ids = dict(org.ids)
    return database, ids, contract.id, [p.id for p in payments]


def run_together(actions: list[Callable[[], str]]) -> list[str]:
    """Start every action at the same moment; their outcomes in order."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = [""] * len(actions)

    def run(index: int) -> None:
        barrier.wait()
        outcomes[index] = actions[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@BACKENDS
def test_two_approvals_that_together_exceed_the_contract_have_one_winner(
    isolated_engine, contract_db
):
    database, ids, contract_id, payment_ids = contract_db
    with database.begin() as session:
        rep = build_actor(session, ids["rep_a1"], language="en")
        for payment_id in payment_ids:
            submit(session, rep, "payment", payment_id)
    with database() as session:
        requests = [
            approval_state(
                session, build_actor(session, ids["fin1"]), "payment", pid
            ).request.id
            for pid in payment_ids
        ]

    def approver(username: str, request_id: int) -> Callable[[], str]:
        def act() -> str:
            try:
                with database.begin() as session:
                    actor = build_actor(session, ids[username], language="en")
                    approve(session, actor, request_id, step_position=1)
            except Conflict as error:
                return error.message
            return "approved"

        return act

    outcomes = run_together(
        [approver("fin1", requests[0]), approver("fin2", requests[1])]
    )

    assert sorted(outcomes) == sorted(["approved", EXCEEDS_CONTRACT])
    with Session(isolated_engine) as session:
        assert session.get(Contract, contract_id).paid_amount == Decimal("60000.00")
        statuses = sorted(session.get(Payment, pid).status for pid in payment_ids)
        assert statuses == ["approved", "pending"]
        loser = payment_ids[outcomes.index(EXCEEDS_CONTRACT)]
        request = session.scalar(
            select(ApprovalRequest).where(ApprovalRequest.object_id == loser)
        )
        assert request.status == "pending"
        assert (
            session.scalar(
                select(func.count()).where(
                    ApprovalAction.object_id == loser,
                    ApprovalAction.action == "approve",
                )
            )
            == 0
        )


@BACKENDS
def test_a_double_submission_is_one_transition(isolated_engine, contract_db):
    database, ids, _contract_id, payment_ids = contract_db
    payment_id = payment_ids[0]

    def submitter() -> str:
        try:
            with database.begin() as session:
                actor = build_actor(session, ids["rep_a1"], language="en")
                return str(submit(session, actor, "payment", payment_id).id)
        except Conflict as error:
            return error.message

    outcomes = run_together([submitter, submitter])

    with Session(isolated_engine) as session:
        request_ids = session.scalars(
            select(ApprovalRequest.id).where(ApprovalRequest.object_id == payment_id)
        ).all()
        assert len(request_ids) == 1
        assert outcomes == [str(request_ids[0])] * 2
        assert session.get(Payment, payment_id).status == "pending"
        assert (
            session.scalar(
                select(func.count()).where(
                    ApprovalAction.object_id == payment_id,
                    ApprovalAction.action == "submit",
                )
            )
            == 1
        )
