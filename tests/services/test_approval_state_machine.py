"""Random sequences of submit / approve / reject / withdraw / resubmit by random
users, over a fixed flow (small contracts) and a free flow (large ones), checking
the engine's invariants after every step (hypothesis RuleBasedStateMachine)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from models import (
    ApprovalAction,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepApprover,
    AuditLog,
    Contract,
)
from services.approvals import approve, reject, submit, withdraw
from services.errors import ServiceError
from tests.services.approval_support import (
    contract_subject,  # noqa: F401 - fixture
    make_contract,
    make_flow,
)

pytestmark = pytest.mark.usefixtures("contract_subject")

USERS = ("rep_a1", "rep_a2", "leader_a", "exec", "exec2", "admin", "rep_b1")
# Who holds contract.approve: free-flow picks.
APPROVERS = ("leader_a", "exec", "exec2", "admin")
# Request status → the object status it implies.
MIRROR = {
    "pending": "pending",
    "approved": "approved",
    "rejected": "rejected",
    "withdrawn": "draft",
}
SETTINGS = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def make_machine(session, org):
    org.add_user("exec2", "executive", org.company)
    actors = {name: org.actor(name) for name in USERS}
    user_ids = [org.ids[name] for name in USERS]

    class ApprovalMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.savepoint = session.begin_nested()
            make_flow(
                session,
                steps=(("supervisor", None, "any"), ("role", "executive", "all")),
                name="Fixed",
            )
            make_flow(
                session, mode="free", min_amount="10000", replace=False, name="Free"
            )
            self.contracts = [
                make_contract(session, org, "rep_a1", "500.00").id,
                make_contract(session, org, "rep_a2", "50000.00").id,
            ]
            # request id → (status, step statuses) once it ended.
            self.finished: dict[int, tuple] = {}

        def teardown(self) -> None:
            self.savepoint.rollback()
            session.expire_all()

        # --- bookkeeping ---------------------------------------------------

        def snapshot(self) -> tuple:
            session.expire_all()
            objects = session.execute(
                select(Contract.id, Contract.status, Contract.version).where(
                    Contract.id.in_(self.contracts)
                )
            ).all()
            requests = session.execute(
                select(
                    ApprovalRequest.id,
                    ApprovalRequest.status,
                    ApprovalRequest.current_position,
                ).order_by(ApprovalRequest.id)
            ).all()
            steps = session.execute(
                select(
                    ApprovalStep.request_id, ApprovalStep.position, ApprovalStep.status
                )
            ).all()
            decisions = session.execute(
                select(
                    ApprovalStepApprover.step_id,
                    ApprovalStepApprover.user_id,
                    ApprovalStepApprover.decision,
                )
            ).all()
            return (sorted(objects), requests, sorted(steps), sorted(decisions))

        def log_count(self) -> int:
            return session.scalar(select(func.count()).select_from(ApprovalAction))

        def act(self, call, *, may_repeat: bool = False) -> None:
            """Run one action: a failure changes nothing; a success is one log
            record (an identical retried submission: none)."""
            before, logged = self.snapshot(), self.log_count()
            try:
                call()
            except ServiceError:
                assert self.snapshot() == before
                assert self.log_count() == logged
                return
            added = self.log_count() - logged
            changed = self.snapshot() != before
            assert added == (1 if changed else 0)
            assert changed or may_repeat

        def latest(self, contract_id: int) -> ApprovalRequest | None:
            return session.scalar(
                select(ApprovalRequest)
                .where(ApprovalRequest.object_id == contract_id)
                .order_by(ApprovalRequest.id.desc())
                .limit(1)
            )

        # --- rules ---------------------------------------------------------

        def undecided(self, request: ApprovalRequest) -> list[str]:
            """Usernames who may decide the request's current step now."""
            ids = session.scalars(
                select(ApprovalStepApprover.user_id)
                .join(ApprovalStep, ApprovalStep.id == ApprovalStepApprover.step_id)
                .where(
                    ApprovalStep.request_id == request.id,
                    ApprovalStep.position == request.current_position,
                    ApprovalStepApprover.decision.is_(None),
                )
            ).all()
            return [name for name in USERS if org.ids[name] in ids]

        def pick_user(self, data, likely: list[str]) -> str:
            """Mostly someone entitled to act, sometimes anyone at all."""
            if likely and data.draw(st.integers(0, 3)) > 0:
                return data.draw(st.sampled_from(likely))
            return data.draw(st.sampled_from(USERS))

        @rule(which=st.integers(0, 1), data=st.data(), stale=st.booleans())
        def submit_or_resubmit(self, which, data, stale):
            contract_id = self.contracts[which]
            contract = session.get(Contract, contract_id)
            owner = next(n for n in USERS if org.ids[n] == contract.owner_id)
            user = self.pick_user(data, [owner])
            picks = data.draw(st.lists(st.sampled_from(user_ids), max_size=2))
            if data.draw(st.booleans()):
                picks = [org.ids[data.draw(st.sampled_from(APPROVERS))]]
            version = contract.version + 1 if stale else None
            self.act(
                lambda: submit(
                    session,
                    actors[user],
                    "contract",
                    contract_id,
                    version=version,
                    approver_ids=picks,
                ),
                may_repeat=True,
            )

        @rule(
            which=st.integers(0, 1),
            data=st.data(),
            offset=st.sampled_from((0, 0, 0, 1, -1)),
        )
        def approve_step(self, which, data, offset):
            request = self.latest(self.contracts[which])
            if request is None:
                return
            user = self.pick_user(data, self.undecided(request))
            picks = []
            if data.draw(st.booleans()):
                picks = [org.ids[data.draw(st.sampled_from(APPROVERS))]]
            position = (request.current_position or 1) + offset
            self.act(
                lambda: approve(
                    session,
                    actors[user],
                    request.id,
                    step_position=position,
                    next_approver_ids=picks,
                )
            )

        @rule(
            which=st.integers(0, 1),
            data=st.data(),
            reason=st.sampled_from(("", "Price too low")),
        )
        def reject_step(self, which, data, reason):
            request = self.latest(self.contracts[which])
            if request is None:
                return
            user = self.pick_user(data, self.undecided(request))
            position = request.current_position or 1
            self.act(
                lambda: reject(
                    session,
                    actors[user],
                    request.id,
                    step_position=position,
                    reason=reason,
                )
            )

        @rule(which=st.integers(0, 1), data=st.data())
        def withdraw_request(self, which, data):
            request = self.latest(self.contracts[which])
            if request is None:
                return
            submitter = [n for n in USERS if org.ids[n] == request.submitter_id]
            user = self.pick_user(data, submitter)
            self.act(lambda: withdraw(session, actors[user], request.id))

        # --- invariants ----------------------------------------------------

        @invariant()
        def object_mirrors_its_latest_request(self):
            for contract_id in self.contracts:
                status = session.scalar(
                    select(Contract.status).where(Contract.id == contract_id)
                )
                request = self.latest(contract_id)
                assert status == (MIRROR[request.status] if request else "draft")

        @invariant()
        def pending_means_exactly_one_current_step(self):
            for request in session.scalars(select(ApprovalRequest)):
                active = session.scalars(
                    select(ApprovalStep.position).where(
                        ApprovalStep.request_id == request.id,
                        ApprovalStep.status == "active",
                    )
                ).all()
                if request.status == "pending":
                    assert active == [request.current_position]
                else:
                    assert active == []
                    assert request.current_position is None
            pending = session.execute(
                select(ApprovalRequest.object_id, func.count())
                .where(ApprovalRequest.status == "pending")
                .group_by(ApprovalRequest.object_id)
            ).all()
            assert all(count == 1 for _object, count in pending)

        @invariant()
        def approvers_are_asked_and_waited_for_while_their_step_is_active(self):
            rows = session.execute(
                select(
                    ApprovalStepApprover.asked_at,
                    ApprovalStepApprover.waiting_since,
                    ApprovalStepApprover.decision,
                    ApprovalStep.status,
                    ApprovalStep.activated_at,
                    ApprovalRequest.status,
                )
                .join(ApprovalStep, ApprovalStep.id == ApprovalStepApprover.step_id)
                .join(
                    ApprovalRequest,
                    ApprovalRequest.id == ApprovalStepApprover.request_id,
                )
            ).all()
            for asked, since, decision, step_status, activated, status in rows:
                assert asked == activated
                must_decide = (
                    decision is None and step_status == "active" and status == "pending"
                )
                assert since == (activated if must_decide else None)

        @invariant()
        def ended_requests_never_change(self):
            for request in session.scalars(
                select(ApprovalRequest).where(ApprovalRequest.status != "pending")
            ):
                steps = tuple(
                    session.scalars(
                        select(ApprovalStep.status)
                        .where(ApprovalStep.request_id == request.id)
                        .order_by(ApprovalStep.position)
                    )
                )
                now = (request.status, steps)
                assert self.finished.setdefault(request.id, now) == now
                if request.status == "approved":
                    assert set(steps) == {"approved"}

        @invariant()
        def every_action_is_logged_and_audited_once(self):
            audited = session.scalar(
                select(func.count()).where(
                    AuditLog.object_type == "contract",
                    AuditLog.object_id.in_(self.contracts),
                )
            )
            assert audited == self.log_count()
            submits = session.scalar(
                select(func.count()).where(ApprovalAction.action == "submit")
            )
            requests = session.scalar(select(func.count()).select_from(ApprovalRequest))
            assert submits == requests

    return ApprovalMachine


def test_random_approval_sequences_keep_the_invariants(session, org):
    run_state_machine_as_test(make_machine(session, org), settings=SETTINGS)
