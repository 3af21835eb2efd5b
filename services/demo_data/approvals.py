"""Approval histories for demo contracts and payments, materialised the way the
approval engine does it: the configured flow's steps resolved to users at
submission (the submitter's supervisor, a role's members, a named user), one
ApprovalAction per submit / approve / reject.

The rules mirror services.approvals (resolving a fixed flow for the submitter,
recording decisions, closing steps) without a query per request, so millions of
rows stay cheap: decided steps of mode "any" carry the decision on the approver
who acted and the others stay undecided (NULL); a rejection cancels the later
steps.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ApprovalFlow, ApprovalFlowStep, User
from services.demo_data import vocabulary as vocab

REQUEST_COLUMNS = tuple(
    "id object_type object_id flow_id flow_mode allow_self_approval amount"
    " submitter_id status current_position submitted_at decided_at version".split()
)
# Each ends with its request's submitter, as the triggers copy it.
STEP_COLUMNS = tuple(
    "id request_id object_type position mode status activated_at decided_at"
    " submitter_id".split()
)
APPROVER_COLUMNS = tuple(
    "id step_id request_id user_id decision decided_at asked_at waiting_since"
    " submitter_id".split()
)
ACTION_COLUMNS = tuple(
    "id request_id object_type object_id step_position actor_id action"
    " comment next_approver_ids created_at".split()
)
# (action logged, decision stored on the approver), as services.approvals does.
APPROVE, REJECT = ("approve", "approved"), ("reject", "rejected")
REJECT_REASONS = {
    "contract": vocab.CONTRACT_REJECT_REASONS,
    "payment": vocab.PAYMENT_REJECT_REASONS,
}

# later(previous moment, days) -> a moment after `previous`, never after now.
Later = Callable[[dt.datetime, float], dt.datetime]


@dataclass(frozen=True)
class _FlowStep:
    kind: str  # user, role or supervisor
    user_id: int | None
    role_id: int | None
    mode: str


@dataclass(frozen=True)
class _Flow:
    id: int
    mode: str
    min_amount: Decimal
    allow_self_approval: bool
    steps: tuple[_FlowStep, ...]


@dataclass(frozen=True)
class People:
    """Who is whose supervisor, who is in which team and which role."""

    supervisor: dict[int, int | None]
    team: dict[int, int | None]
    role_members: dict[int, list[int]]

    @classmethod
    def load(cls, session: Session) -> People:
        users = session.execute(
            select(User.id, User.supervisor_id, User.team_id, User.role_id)
            .where(User.is_active.is_(True))
            .order_by(User.id)
        ).all()
        members: dict[int, list[int]] = {}
        for user in users:
            members.setdefault(user.role_id, []).append(user.id)
        return cls(
            {u.id: u.supervisor_id for u in users},
            {u.id: u.team_id for u in users},
            members,
        )


@dataclass
class ApprovalRows:
    approval_requests: list[tuple] = field(default_factory=list)
    approval_steps: list[tuple] = field(default_factory=list)
    approval_step_approvers: list[tuple] = field(default_factory=list)
    approval_actions: list[tuple] = field(default_factory=list)


def load_flows(session: Session) -> dict[str, list[_Flow]]:
    """Active fixed flows per object type, highest amount threshold first."""
    flows: dict[str, list[_Flow]] = {}
    for flow in session.scalars(
        select(ApprovalFlow)
        .where(ApprovalFlow.is_active.is_(True))
        .order_by(ApprovalFlow.id)
    ):
        steps = session.execute(
            select(ApprovalFlowStep)
            .where(ApprovalFlowStep.flow_id == flow.id)
            .order_by(ApprovalFlowStep.position)
        ).scalars()
        flows.setdefault(flow.object_type, []).append(
            _Flow(
                flow.id,
                flow.mode,
                flow.min_amount or Decimal(0),
                flow.allow_self_approval,
                tuple(
                    _FlowStep(
                        s.approver_kind, s.approver_user_id, s.approver_role_id, s.mode
                    )
                    for s in steps
                ),
            )
        )
    for candidates in flows.values():
        candidates.sort(key=lambda f: f.min_amount, reverse=True)
    return flows


class ApprovalHistory:
    """Appends request, step, approver and action rows with ids assigned here."""

    def __init__(
        self,
        *,
        flows: dict[str, list[_Flow]],
        people: People,
        rng: random.Random,
        first_ids: tuple[int, int, int, int],
    ) -> None:
        self.flows = flows
        self.people = people
        self.rng = rng
        (
            self.next_request_id,
            self.next_step_id,
            self.next_approver_id,
            self.next_action_id,
        ) = first_ids

    def steps_for(
        self, object_type: str, amount: Decimal, submitter_id: int
    ) -> tuple[_Flow | None, list[tuple[str, list[int]]]]:
        """The flow that applies and its steps as (mode, approver ids); steps
        nobody could approve are left out (as the engine would skip them)."""
        flow = next(
            (
                f
                for f in self.flows.get(object_type, ())
                if f.mode == "fixed" and f.min_amount <= amount
            ),
            None,
        )
        if flow is None:
            return None, []
        steps = []
        for step in flow.steps:
            if step.kind == "supervisor":
                approvers = [self.people.supervisor.get(submitter_id)]
            elif step.kind == "role":
                approvers = list(self.people.role_members.get(step.role_id, ()))
            else:
                approvers = [step.user_id]
            approvers = [
                a
                for a in approvers
                if a is not None and (flow.allow_self_approval or a != submitter_id)
            ]
            if approvers:
                steps.append((step.mode, approvers))
        return flow, steps

    def submit(
        self,
        rows: ApprovalRows,
        *,
        object_type: str,
        object_id: int,
        amount: Decimal,
        submitter_id: int,
        submitted_at: dt.datetime,
        outcome: str,
        stop: int,
        later: Later,
    ) -> dt.datetime | None:
        """One request and its history. `outcome` approved: every step approved;
        rejected: rejected at step `stop`; pending: step `stop` is active (`stop`
        is 1-based and clipped to the steps). Returns the final decision time
        (None while pending, or when no flow applies)."""
        rand = self.rng.random
        flow, steps = self.steps_for(object_type, amount, submitter_id)
        if flow is None or not steps:
            return None
        stop = min(stop, len(steps)) if outcome != "approved" else len(steps)
        request_id = self.next_request_id
        self.next_request_id += 1
        self._action(
            rows,
            request_id,
            object_type,
            object_id,
            None,
            submitter_id,
            "submit",
            None,
            submitted_at,
        )
        moment = submitted_at
        decided_at = None
        decisions = 0
        for position, (mode, approvers) in enumerate(steps, start=1):
            step_id = self.next_step_id
            self.next_step_id += 1
            if position > stop:
                status = "cancelled" if outcome == "rejected" else "waiting"
                rows.approval_steps.append(
                    (
                        step_id,
                        request_id,
                        object_type,
                        position,
                        mode,
                        status,
                        None,
                        None,
                        submitter_id,
                    )
                )
                self._approvers(
                    rows, step_id, (request_id, submitter_id), approvers, {}
                )
                continue
            activated = moment
            deciding = position < stop or outcome != "pending"
            decided: dict[int, tuple[str, dt.datetime]] = {}
            if deciding:
                rejecting = outcome == "rejected" and position == stop
                actors = (
                    approvers
                    if mode == "all" and not rejecting
                    else [approvers[int(rand() * len(approvers))]]
                )
                for actor in actors:
                    moment = later(moment, 0.04 + 2.5 * rand() ** 2)
                    action, decision = REJECT if rejecting else APPROVE
                    comment = (
                        self._pick(REJECT_REASONS[object_type])
                        if rejecting
                        else self._pick(vocab.APPROVE_COMMENTS)
                        if rand() < 0.5
                        else None
                    )
                    decided[actor] = (decision, moment)
                    decisions += 1
                    self._action(
                        rows,
                        request_id,
                        object_type,
                        object_id,
                        position,
                        actor,
                        action,
                        comment,
                        moment,
                    )
                decided_at = moment
                status = "rejected" if rejecting else "approved"
            else:
                status = "active"
            rows.approval_steps.append(
                (
                    step_id,
                    request_id,
                    object_type,
                    position,
                    mode,
                    status,
                    activated,
                    moment if deciding else None,
                    submitter_id,
                )
            )
            self._approvers(
                rows,
                step_id,
                (request_id, submitter_id),
                approvers,
                decided,
                asked_at=activated,
                waiting=not deciding,
            )
        status = {"approved": "approved", "rejected": "rejected"}.get(
            outcome, "pending"
        )
        rows.approval_requests.append(
            (
                request_id,
                object_type,
                object_id,
                flow.id,
                flow.mode,
                flow.allow_self_approval,
                amount,
                submitter_id,
                status,
                stop if status == "pending" else None,
                submitted_at,
                decided_at if status != "pending" else None,
                1 + decisions,
            )
        )
        return decided_at if status != "pending" else None

    def _pick(self, items):
        return items[int(self.rng.random() * len(items))]

    def _approvers(
        self,
        rows: ApprovalRows,
        step_id: int,
        request: tuple[int, int],
        approvers: list[int],
        decided: dict[int, tuple[str, dt.datetime]],
        *,
        asked_at: dt.datetime | None = None,
        waiting: bool = False,
    ) -> None:
        """Approver rows of a step of `request` (id, submitter) activated at
        `asked_at` (None: never); `waiting`: the step waits for them (the
        active step of a pending request)."""
        request_id, submitter_id = request
        for user_id in approvers:
            decision, at = decided.get(user_id, (None, None))
            rows.approval_step_approvers.append(
                (
                    self.next_approver_id,
                    step_id,
                    request_id,
                    user_id,
                    decision,
                    at,
                    asked_at,
                    asked_at if waiting else None,
                    submitter_id,
                )
            )
            self.next_approver_id += 1

    def _action(
        self,
        rows: ApprovalRows,
        request_id: int,
        object_type: str,
        object_id: int,
        position: int | None,
        actor_id: int,
        action: str,
        comment: str | None,
        at: dt.datetime,
    ) -> None:
        rows.approval_actions.append(
            (
                self.next_action_id,
                request_id,
                object_type,
                object_id,
                position,
                actor_id,
                action,
                comment,
                [],
                at,
            )
        )
        self.next_action_id += 1
