"""Approval engine (审批) shared by every approvable object type.

An object type takes part by registering an ApprovalSubject: how to load one of
its rows in the actor's scope, its amount (which chooses the flow), its title and
link for lists, and hooks run in the same transaction when a request ends. The
engine owns the object's approval status: every transition is one conditional
UPDATE checked by rowcount, so a double click, a second tab or a retry makes
exactly one transition and one log record.

Requests lock their row (SELECT … FOR UPDATE; SQLite serialises writers anyway)
before deciding, so concurrent approvals of one request are judged one after the
other on committed data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models import (
    ApprovalAction,
    ApprovalFlow,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepApprover,
    Role,
    User,
)
from models.base import utcnow
from services.actor import Actor
from services.approval_flows import choose_flow, flow_steps
from services.audit import record_audit
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.notifications import notify

SUBMITTABLE_STATUSES = ("draft", "rejected")
MAX_STEPS = 20
MAX_APPROVERS_PER_STEP = 20
MAX_COMMENT = 1000

NO_FLOW = N_(
    "No approval flow is active for this kind of record: an administrator must "
    "configure one under Administration · Approval flows."
)
NO_SUPERVISOR = N_("You have no supervisor to approve step {position}.")
NOBODY_LEFT = N_(
    "Nobody else can approve step {position}: ask an administrator to adjust the "
    "approval flow."
)
NOT_SUBMITTABLE = N_("Only drafts and rejected records can be submitted.")
ALREADY_SUBMITTED = N_("This record has already been submitted for approval.")
STALE_RECORD = N_("This record was changed meanwhile: reload it and try again.")
REQUEST_MOVED_ON = N_(
    "This approval has moved on since you loaded it: reload to see where it is."
)
ALREADY_DECIDED = N_("You have already decided this step.")
NOT_PENDING = N_("This approval is no longer pending.")
NOT_AN_APPROVER = N_("You are not an approver of this step.")
ONLY_SUBMITTER = N_("Only the submitter can withdraw this approval.")
PICK_APPROVERS = N_("Choose at least one approver.")
PICK_FROM_LIST = N_("Choose approvers from the list.")
TOO_MANY_APPROVERS = N_("At most {max} approvers.")
TOO_MANY_STEPS = N_("This approval already has {max} steps: approve it as final.")
REASON_REQUIRED = N_("Give a reason for the rejection.")
TOO_LONG = N_("At most {max} characters.")


def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class ApprovalSubject:
    """How one object type takes part in approvals (see the module docstring)."""

    object_type: str  # "contract" | "payment"
    # ORM class with id, status, version, owner_id, approved_at, approved_owner_id,
    # approved_team_id.
    model: type
    label: str  # msgid, e.g. N_("Contract")
    load: Callable[[Session, Actor, int], Any]  # scoped fetch; raises NotFound
    amount: Callable[[Any], Decimal | None]  # chooses the flow by threshold
    title: Callable[[Any], str]  # for inbox lists and notifications
    url: Callable[[int], str]
    check_submittable: Callable[[Session, Actor, Any], None] = _nothing
    on_approved: Callable[[Session, Actor, Any], None] = _nothing
    on_rejected: Callable[[Session, Actor, Any], None] = _nothing
    on_withdrawn: Callable[[Session, Actor, Any], None] = _nothing
    # Who may be picked as an approver in a free flow; "" = "<object_type>.approve".
    approve_permission: str = ""
    # Who may submit; "" = "<object_type>.edit" ("Edit and submit contracts").
    submit_permission: str = ""

    @property
    def approver_permission(self) -> str:
        return self.approve_permission or f"{self.object_type}.approve"

    @property
    def submitter_permission(self) -> str:
        return self.submit_permission or f"{self.object_type}.edit"


_SUBJECTS: dict[str, ApprovalSubject] = {}
# Modules that register a subject when imported: a lookup imports them on demand,
# so the inbox works whichever pages happen to have been imported.
_PROVIDERS = {"contract": "services.contracts", "payment": "services.payments"}


def register_approval_subject(subject: ApprovalSubject) -> None:
    """Make an object type approvable; a later registration of the same type
    replaces the earlier one."""
    _SUBJECTS[subject.object_type] = subject


def registered_subjects() -> dict[str, ApprovalSubject]:
    """Every registered subject by object type (the known providers imported)."""
    for object_type in _PROVIDERS:
        _lookup(object_type)
    return dict(_SUBJECTS)


def _lookup(object_type: str) -> ApprovalSubject | None:
    if object_type not in _SUBJECTS and object_type in _PROVIDERS:
        try:
            importlib.import_module(_PROVIDERS[object_type])
        except ModuleNotFoundError:
            return None
    return _SUBJECTS.get(object_type)


def approval_subject(object_type: str) -> ApprovalSubject:
    """The registered subject of `object_type`. Raises NotFound."""
    subject = _lookup(object_type) if isinstance(object_type, str) else None
    if subject is None:
        raise NotFound()
    return subject


# --- read model ---------------------------------------------------------------


@dataclass(frozen=True)
class StepApproverInfo:
    user_id: int
    name: str
    decision: str | None  # None | "approved" | "rejected"
    decided_at: dt.datetime | None


@dataclass(frozen=True)
class StepInfo:
    position: int
    mode: str  # any | all
    status: str  # waiting | active | approved | rejected | cancelled
    approvers: list[StepApproverInfo]


@dataclass(frozen=True)
class RequestInfo:
    id: int
    status: str
    flow_name: str
    flow_mode: str
    current_position: int | None
    submitter_id: int
    submitter: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    amount: Decimal | None


@dataclass(frozen=True)
class LogEntry:
    at: dt.datetime
    actor_id: int
    actor: str
    action: str  # submit | approve | reject | withdraw
    step_position: int | None
    comment: str | None
    next_approvers: list[str]
    request_id: int


@dataclass(frozen=True)
class ApprovalState:
    """What the approval panel shows and offers to the actor."""

    object_type: str
    object_id: int
    object_status: str
    version: int
    request: RequestInfo | None
    steps: list[StepInfo]
    log: list[LogEntry]  # oldest first
    can_submit: bool
    can_approve: bool
    can_reject: bool
    can_withdraw: bool
    # Free flow: the submitter picks approvers / the approver may pick the next.
    needs_next_approver: bool
    approver_candidates: list[tuple[int, str]] = field(default_factory=list)
    # The flow a submission would use now (None: no active flow applies).
    submit_flow_name: str | None = None
    submit_flow_mode: str | None = None


# --- helpers ------------------------------------------------------------------


def _is_request_approver(session: Session, request_id: int, user_id: int) -> bool:
    return (
        session.scalar(
            select(ApprovalStepApprover.id)
            .where(
                ApprovalStepApprover.request_id == request_id,
                ApprovalStepApprover.user_id == user_id,
            )
            .limit(1)
        )
        is not None
    )


def _is_object_approver(
    session: Session, object_type: str, object_id: int, user_id: int
) -> bool:
    return (
        session.scalar(
            select(ApprovalStepApprover.id)
            .join(
                ApprovalRequest, ApprovalRequest.id == ApprovalStepApprover.request_id
            )
            .where(
                ApprovalRequest.object_type == object_type,
                ApprovalRequest.object_id == object_id,
                ApprovalStepApprover.user_id == user_id,
            )
            .limit(1)
        )
        is not None
    )


def _loads(session: Session, actor: Actor, subject: ApprovalSubject, object_id: int):
    """The object if the actor may see it through the subject's scope, else None."""
    try:
        return subject.load(session, actor, object_id)
    except (NotFound, PermissionDenied):
        return None


def _viewable_object(
    session: Session, actor: Actor, subject: ApprovalSubject, object_id: int
) -> tuple[Any, bool]:
    """(object, in the actor's scope) for someone who may see its approvals: in
    scope, or an approver of one of its requests. Raises NotFound."""
    obj = _loads(session, actor, subject, object_id)
    if obj is not None:
        return obj, True
    if _is_object_approver(session, subject.object_type, object_id, actor.user_id):
        obj = session.get(subject.model, object_id)
        if obj is not None:
            return obj, False
    raise NotFound()


def _locked_request(session: Session, request_id: int) -> ApprovalRequest:
    """The request row, locked for this transaction and read fresh. Raises NotFound."""
    request = session.scalar(
        select(ApprovalRequest)
        .where(ApprovalRequest.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if request is None:
        raise NotFound()
    return request


def _request_visible(
    session: Session, actor: Actor, subject: ApprovalSubject, request: ApprovalRequest
) -> bool:
    return (
        request.submitter_id == actor.user_id
        or _is_request_approver(session, request.id, actor.user_id)
        or _loads(session, actor, subject, request.object_id) is not None
    )


def _current_step(session: Session, request: ApprovalRequest) -> ApprovalStep | None:
    return session.scalar(
        select(ApprovalStep)
        .where(
            ApprovalStep.request_id == request.id,
            ApprovalStep.position == request.current_position,
        )
        .execution_options(populate_existing=True)
    )


def _step_approvers(session: Session, step_id: int) -> list[ApprovalStepApprover]:
    return list(
        session.scalars(
            select(ApprovalStepApprover)
            .where(ApprovalStepApprover.step_id == step_id)
            .order_by(ApprovalStepApprover.id)
            .execution_options(populate_existing=True)
        )
    )


def _active_user_ids(session: Session, user_ids: Sequence[int]) -> list[int]:
    if not user_ids:
        return []
    found = set(
        session.scalars(
            select(User.id).where(User.id.in_(user_ids), User.is_active.is_(True))
        )
    )
    return [u for u in user_ids if u in found]


def approver_candidates(
    session: Session, subject: ApprovalSubject, *, exclude: Sequence[int] = ()
) -> list[tuple[int, str]]:
    """Active users whose role holds the subject's approve permission: (id, name)."""
    permission = subject.approver_permission
    role_ids = [
        role_id
        for role_id, permissions in session.execute(select(Role.id, Role.permissions))
        if permission in (permissions or ())
    ]
    if not role_ids:
        return []
    query = select(User.id, User.display_name).where(
        User.is_active.is_(True), User.role_id.in_(role_ids)
    )
    if exclude:
        query = query.where(User.id.not_in(list(exclude)))
    return [tuple(row) for row in session.execute(query.order_by(User.display_name))]


def _picked_approvers(
    session: Session,
    subject: ApprovalSubject,
    picked: Sequence[int],
    *,
    exclude: Sequence[int],
    field_name: str,
) -> list[int]:
    """Validate free-flow picks. Raises ValidationFailed({field_name: msgid})."""
    unique = list(dict.fromkeys(int(i) for i in picked))
    if not unique:
        raise ValidationFailed({field_name: PICK_APPROVERS})
    if len(unique) > MAX_APPROVERS_PER_STEP:
        raise ValidationFailed(
            {field_name: TOO_MANY_APPROVERS}, max=MAX_APPROVERS_PER_STEP
        )
    allowed = {uid for uid, _name in approver_candidates(session, subject)}
    if any(uid not in allowed or uid in exclude for uid in unique):
        raise ValidationFailed({field_name: PICK_FROM_LIST})
    return unique


def _resolve_fixed_steps(
    session: Session, actor: Actor, flow: ApprovalFlow
) -> list[tuple[str, list[int]]]:
    """(mode, approver ids) per step of a fixed flow, resolved for the submitter.
    Raises ValidationFailed({"flow": msgid})."""
    resolved = []
    for step in flow_steps(session, flow.id):
        if step.approver_kind == "user":
            ids = _active_user_ids(session, [step.approver_user_id or 0])
        elif step.approver_kind == "role":
            ids = list(
                session.scalars(
                    select(User.id)
                    .where(
                        User.role_id == step.approver_role_id,
                        User.is_active.is_(True),
                    )
                    .order_by(User.id)
                )
            )
        else:  # supervisor
            supervisor_id = session.scalar(
                select(User.supervisor_id).where(User.id == actor.user_id)
            )
            ids = _active_user_ids(session, [supervisor_id] if supervisor_id else [])
            if not ids:
                raise ValidationFailed({"flow": NO_SUPERVISOR}, position=step.position)
        if not flow.allow_self_approval:
            ids = [uid for uid in ids if uid != actor.user_id]
        if not ids:
            raise ValidationFailed({"flow": NOBODY_LEFT}, position=step.position)
        resolved.append((step.mode, ids))
    if not resolved:
        raise ValidationFailed({"flow": NO_FLOW})
    return resolved


def _log(
    session: Session,
    actor: Actor,
    request: ApprovalRequest,
    action: str,
    *,
    step_position: int | None = None,
    comment: str | None = None,
    next_approver_ids: Sequence[int] = (),
) -> ApprovalAction:
    entry = ApprovalAction(
        request_id=request.id,
        object_type=request.object_type,
        object_id=request.object_id,
        step_position=step_position,
        actor_id=actor.user_id,
        action=action,
        comment=comment,
        next_approver_ids=list(next_approver_ids),
        created_at=utcnow(),
    )
    session.add(entry)
    return entry


def _audit(
    session: Session,
    actor: Actor,
    request: ApprovalRequest,
    action: str,
    before: dict,
    after: dict,
) -> None:
    record_audit(
        session,
        actor,
        f"{request.object_type}.{action}",
        request.object_type,
        request.object_id,
        before=before,
        after={**after, "approval_request_id": request.id},
    )


def _move_object(
    session: Session,
    actor: Actor,
    subject: ApprovalSubject,
    object_id: int,
    *,
    from_statuses: Sequence[str],
    to_status: str,
    version: int | None = None,
    approved: bool = False,
) -> bool:
    """One conditional UPDATE of the object's status; whether it happened."""
    model = subject.model
    values: dict[str, Any] = {"status": to_status, "version": model.version + 1}
    if hasattr(model, "updated_by_id"):
        values["updated_by_id"] = actor.user_id
    if approved:
        values |= {
            "approved_at": utcnow(),
            "approved_owner_id": model.owner_id,
            "approved_team_id": select(User.team_id)
            .where(User.id == model.owner_id)
            .scalar_subquery(),
        }
    query = update(model).where(model.id == object_id, model.status.in_(from_statuses))
    if version is not None:
        query = query.where(model.version == version)
    result = session.execute(
        query.values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _fresh(session: Session, subject: ApprovalSubject, object_id: int):
    """The object as stored now (the conditional UPDATE bypassed the ORM)."""
    return session.get(subject.model, object_id, populate_existing=True)


def _notify_step(
    session: Session,
    subject: ApprovalSubject,
    request: ApprovalRequest,
    user_ids: Sequence[int],
    title: str,
    submitter: str,
) -> None:
    for user_id in user_ids:
        notify(
            session,
            user_id,
            "approval_requested",
            params={"title": title, "submitter": submitter},
            link=subject.url(request.object_id),
        )


def _clean_text(value: str | None, field_name: str, *, required_msg: str | None):
    text = clean(value) if isinstance(value, str) else None
    if required_msg and not text:
        raise ValidationFailed({field_name: required_msg})
    if text and len(text) > MAX_COMMENT:
        raise ValidationFailed({field_name: TOO_LONG}, max=MAX_COMMENT)
    return text


# --- submit -------------------------------------------------------------------


def _pending_request(
    session: Session, object_type: str, object_id: int
) -> ApprovalRequest | None:
    return session.scalar(
        select(ApprovalRequest)
        .where(
            ApprovalRequest.object_type == object_type,
            ApprovalRequest.object_id == object_id,
            ApprovalRequest.status == "pending",
        )
        .order_by(ApprovalRequest.id.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )


def _repeated_submission(
    session: Session, actor: Actor, object_type: str, object_id: int
) -> ApprovalRequest | None:
    """The actor's own pending request of the object: a retried submission."""
    pending = _pending_request(session, object_type, object_id)
    if pending is not None and pending.submitter_id == actor.user_id:
        return pending
    return None


def submit(
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: int,
    *,
    version: int | None = None,
    approver_ids: Sequence[int] = (),
) -> ApprovalRequest:
    """Submit a draft or rejected object for approval (a resubmission is a new
    request); retrying one's own pending submission returns it unchanged.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    subject = approval_subject(object_type)
    actor.require(subject.submitter_permission)
    obj = subject.load(session, actor, object_id)
    if obj.status == "pending":
        repeated = _repeated_submission(session, actor, object_type, object_id)
        if repeated is not None:
            return repeated
        raise Conflict(ALREADY_SUBMITTED)
    if obj.status not in SUBMITTABLE_STATUSES:
        raise Conflict(NOT_SUBMITTABLE)
    if version is not None and obj.version != version:
        raise Conflict(STALE_RECORD)
    subject.check_submittable(session, actor, obj)
    amount = subject.amount(obj)
    flow = choose_flow(session, object_type, amount)
    if flow is None:
        raise ValidationFailed({"flow": NO_FLOW})
    if flow.mode == "free":
        exclude = [] if flow.allow_self_approval else [actor.user_id]
        picked = _picked_approvers(
            session, subject, approver_ids, exclude=exclude, field_name="approver_ids"
        )
        steps = [("any", picked)]
    else:
        steps = _resolve_fixed_steps(session, actor, flow)
    before_status = obj.status
    if not _move_object(
        session,
        actor,
        subject,
        object_id,
        from_statuses=SUBMITTABLE_STATUSES,
        to_status="pending",
        version=version,
    ):
        # Lost a race: a concurrent identical submission already went through.
        repeated = _repeated_submission(session, actor, object_type, object_id)
        if repeated is not None:
            return repeated
        raise Conflict(ALREADY_SUBMITTED)
    now = utcnow()
    request = ApprovalRequest(
        object_type=object_type,
        object_id=object_id,
        flow_id=flow.id,
        flow_mode=flow.mode,
        allow_self_approval=flow.allow_self_approval,
        amount=amount,
        submitter_id=actor.user_id,
        status="pending",
        current_position=1,
        submitted_at=now,
    )
    session.add(request)
    session.flush()
    for position, (mode, user_ids) in enumerate(steps, start=1):
        _add_step(session, request, position, mode, user_ids, active=position == 1)
    _log(
        session,
        actor,
        request,
        "submit",
        next_approver_ids=steps[0][1] if flow.mode == "free" else (),
    )
    _audit(
        session,
        actor,
        request,
        "submit",
        {"status": before_status},
        {"status": "pending", "flow": flow.name},
    )
    obj = _fresh(session, subject, object_id)
    _notify_step(
        session, subject, request, steps[0][1], subject.title(obj), actor.display_name
    )
    session.flush()
    return request


def _add_step(
    session: Session,
    request: ApprovalRequest,
    position: int,
    mode: str,
    user_ids: Sequence[int],
    *,
    active: bool,
) -> ApprovalStep:
    step = ApprovalStep(
        request_id=request.id,
        position=position,
        mode=mode,
        status="active" if active else "waiting",
        activated_at=utcnow() if active else None,
    )
    session.add(step)
    session.flush()
    session.add_all(
        ApprovalStepApprover(
            step_id=step.id,
            request_id=request.id,
            user_id=uid,
            asked_at=step.activated_at,
            waiting_since=step.activated_at,
        )
        for uid in user_ids
    )
    return step


def _update_undecided(session: Session, where: Any, **values: Any) -> None:
    """Set `values` on the undecided approver rows `where` selects: asked_at
    and waiting_since when their step becomes active, waiting_since None when
    it (or its request) closes."""
    session.execute(
        update(ApprovalStepApprover)
        .where(ApprovalStepApprover.decision.is_(None), where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


# --- decide -------------------------------------------------------------------


def _decidable(
    session: Session, actor: Actor, request_id: int, step_position: int
) -> tuple[ApprovalSubject, ApprovalRequest, ApprovalStep]:
    """The locked request and its current step, checked for a decision by the
    actor at `step_position`. Raises NotFound, Conflict, PermissionDenied."""
    request = _locked_request(session, request_id)
    subject = approval_subject(request.object_type)
    if not _request_visible(session, actor, subject, request):
        raise NotFound()
    if request.status != "pending":
        raise Conflict(NOT_PENDING)
    if request.current_position != step_position:
        raise Conflict(REQUEST_MOVED_ON)
    step = _current_step(session, request)
    if step is None or step.status != "active":
        raise Conflict(REQUEST_MOVED_ON)
    mine = [a for a in _step_approvers(session, step.id) if a.user_id == actor.user_id]
    if not mine:
        raise PermissionDenied(NOT_AN_APPROVER)
    if mine[0].decision is not None:
        raise Conflict(ALREADY_DECIDED)
    return subject, request, step


def _record_decision(
    session: Session, step: ApprovalStep, actor: Actor, decision: str
) -> None:
    """Mark the actor's approver row decided. Raises Conflict if it already was."""
    result = session.execute(
        update(ApprovalStepApprover)
        .where(
            ApprovalStepApprover.step_id == step.id,
            ApprovalStepApprover.user_id == actor.user_id,
            ApprovalStepApprover.decision.is_(None),
        )
        .values(decision=decision, decided_at=utcnow(), waiting_since=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(ALREADY_DECIDED)


def _close_step(
    session: Session, step: ApprovalStep, status: str, now: dt.datetime
) -> None:
    """active → status, conditionally. Raises Conflict if it was no longer active."""
    result = session.execute(
        update(ApprovalStep)
        .where(ApprovalStep.id == step.id, ApprovalStep.status == "active")
        .values(status=status, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(REQUEST_MOVED_ON)
    _update_undecided(
        session, ApprovalStepApprover.step_id == step.id, waiting_since=None
    )
    session.expire(step)


def _finish_request(
    session: Session, request: ApprovalRequest, status: str, now: dt.datetime
) -> None:
    request.status = status
    request.current_position = None
    request.decided_at = now
    session.execute(
        update(ApprovalStep)
        .where(
            ApprovalStep.request_id == request.id,
            ApprovalStep.status.in_(("waiting", "active")),
        )
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
    _update_undecided(
        session, ApprovalStepApprover.request_id == request.id, waiting_since=None
    )
    session.flush()


def _end_request(
    session: Session,
    actor: Actor,
    subject: ApprovalSubject,
    request: ApprovalRequest,
    status: str,
    now: dt.datetime,
    *,
    to_status: str | None = None,
    approved: bool = False,
) -> None:
    """Finish the request as `status` and move its object from pending to
    `to_status` (default: `status`). Raises Conflict (the object changed since)."""
    _finish_request(session, request, status, now)
    if not _move_object(
        session,
        actor,
        subject,
        request.object_id,
        from_statuses=("pending",),
        to_status=to_status or status,
        approved=approved,
    ):
        raise Conflict(STALE_RECORD)


def _notify_submitter(
    session: Session,
    subject: ApprovalSubject,
    request: ApprovalRequest,
    kind: str,
    params: dict[str, Any],
) -> None:
    """Tell the submitter how their request ended, linking to the object."""
    notify(
        session,
        request.submitter_id,
        kind,
        params=params,
        link=subject.url(request.object_id),
    )


def approve(
    session: Session,
    actor: Actor,
    request_id: int,
    *,
    step_position: int,
    comment: str | None = None,
    next_approver_ids: Sequence[int] = (),
) -> ApprovalRequest:
    """Approve the current step as one of its approvers. In a free flow the
    approver may pick the next approver(s) (a new step); none → final approval.
    Raises NotFound, Conflict, PermissionDenied, ValidationFailed."""
    subject, request, step = _decidable(session, actor, request_id, step_position)
    comment = _clean_text(comment, "comment", required_msg=None)
    picked: list[int] = []
    if request.flow_mode == "free" and next_approver_ids:
        if step_position >= MAX_STEPS:
            raise ValidationFailed({"next_approver_ids": TOO_MANY_STEPS}, max=MAX_STEPS)
        exclude = [actor.user_id]
        if not request.allow_self_approval:
            exclude.append(request.submitter_id)
        picked = _picked_approvers(
            session,
            subject,
            next_approver_ids,
            exclude=exclude,
            field_name="next_approver_ids",
        )
    now = utcnow()
    _record_decision(session, step, actor, "approved")
    undecided = session.scalar(
        select(func.count()).where(
            ApprovalStepApprover.step_id == step.id,
            ApprovalStepApprover.decision.is_(None),
        )
    )
    step_done = step.mode == "any" or not undecided
    _log(
        session,
        actor,
        request,
        "approve",
        step_position=step_position,
        comment=comment,
        next_approver_ids=picked,
    )
    obj = _fresh(session, subject, request.object_id)
    title = subject.title(obj)
    if not step_done:
        _audit(
            session,
            actor,
            request,
            "approve",
            {"step": step_position},
            {"step": step_position, "decision": "approved"},
        )
        session.flush()
        return request
    _close_step(session, step, "approved", now)
    next_ids: list[int] = []
    if request.flow_mode == "free":
        if picked:
            _add_step(session, request, step_position + 1, "any", picked, active=True)
            next_ids = picked
    else:
        following = session.scalar(
            select(ApprovalStep).where(
                ApprovalStep.request_id == request.id,
                ApprovalStep.position == step_position + 1,
            )
        )
        if following is not None:
            following.status = "active"
            following.activated_at = now
            _update_undecided(
                session,
                ApprovalStepApprover.step_id == following.id,
                asked_at=now,
                waiting_since=now,
            )
            next_ids = [a.user_id for a in _step_approvers(session, following.id)]
    if next_ids:
        request.current_position = step_position + 1
        session.flush()
        _audit(
            session,
            actor,
            request,
            "approve",
            {"step": step_position},
            {"step": step_position + 1, "status": "pending"},
        )
        submitter = session.get(User, request.submitter_id)
        _notify_step(session, subject, request, next_ids, title, submitter.display_name)
        return request
    _end_request(session, actor, subject, request, "approved", now, approved=True)
    before, after = {"status": "pending"}, {"status": "approved"}
    _audit(session, actor, request, "approve", before, after)
    obj = _fresh(session, subject, request.object_id)
    subject.on_approved(session, actor, obj)
    _notify_submitter(
        session,
        subject,
        request,
        "approval_approved",
        {"title": title, "actor": actor.display_name},
    )
    session.flush()
    return request


def reject(
    session: Session, actor: Actor, request_id: int, *, step_position: int, reason: str
) -> ApprovalRequest:
    """Reject the request at the current step; it goes back to the submitter.
    Raises NotFound, Conflict, PermissionDenied, ValidationFailed({"reason"})."""
    subject, request, step = _decidable(session, actor, request_id, step_position)
    reason = _clean_text(reason, "reason", required_msg=REASON_REQUIRED)
    now = utcnow()
    _record_decision(session, step, actor, "rejected")
    _close_step(session, step, "rejected", now)
    _end_request(session, actor, subject, request, "rejected", now)
    _log(session, actor, request, "reject", step_position=step_position, comment=reason)
    _audit(
        session,
        actor,
        request,
        "reject",
        {"status": "pending"},
        {"status": "rejected", "step": step_position, "reason": reason},
    )
    obj = _fresh(session, subject, request.object_id)
    subject.on_rejected(session, actor, obj)
    _notify_submitter(
        session,
        subject,
        request,
        "approval_rejected",
        {"title": subject.title(obj), "actor": actor.display_name, "reason": reason},
    )
    session.flush()
    return request


def withdraw(session: Session, actor: Actor, request_id: int) -> ApprovalRequest:
    """The submitter takes a pending request back; the object returns to draft.
    Raises NotFound, PermissionDenied, Conflict."""
    request = _locked_request(session, request_id)
    subject = approval_subject(request.object_type)
    if request.submitter_id != actor.user_id:
        if not _request_visible(session, actor, subject, request):
            raise NotFound()
        raise PermissionDenied(ONLY_SUBMITTER)
    if request.status != "pending":
        raise Conflict(NOT_PENDING)
    position = request.current_position
    _end_request(
        session, actor, subject, request, "withdrawn", utcnow(), to_status="draft"
    )
    _log(session, actor, request, "withdraw", step_position=position)
    _audit(
        session, actor, request, "withdraw", {"status": "pending"}, {"status": "draft"}
    )
    subject.on_withdrawn(session, actor, _fresh(session, subject, request.object_id))
    session.flush()
    return request


# --- state and log ------------------------------------------------------------


def _log_entries(session: Session, object_type: str, object_id: int) -> list[LogEntry]:
    rows = session.execute(
        select(ApprovalAction, User.display_name)
        .outerjoin(User, User.id == ApprovalAction.actor_id)
        .where(
            ApprovalAction.object_type == object_type,
            ApprovalAction.object_id == object_id,
        )
        .order_by(ApprovalAction.created_at, ApprovalAction.id)
    ).all()
    picked = {uid for entry, _name in rows for uid in entry.next_approver_ids or ()}
    names = (
        dict(
            session.execute(
                select(User.id, User.display_name).where(User.id.in_(picked))
            ).all()
        )
        if picked
        else {}
    )
    return [
        LogEntry(
            at=entry.created_at,
            actor_id=entry.actor_id,
            actor=name or "",
            action=entry.action,
            step_position=entry.step_position,
            comment=entry.comment,
            next_approvers=[names.get(u, "") for u in entry.next_approver_ids or ()],
            request_id=entry.request_id,
        )
        for entry, name in rows
    ]


def approval_log(
    session: Session, actor: Actor, object_type: str, object_id: int
) -> list[dict]:
    """Every approval action on an object the actor may see, oldest first.
    Raises NotFound."""
    subject = approval_subject(object_type)
    _viewable_object(session, actor, subject, object_id)
    entries = _log_entries(session, object_type, object_id)
    return [dataclasses.asdict(entry) for entry in entries]


def _steps(session: Session, request_id: int) -> list[StepInfo]:
    steps = list(
        session.scalars(
            select(ApprovalStep)
            .where(ApprovalStep.request_id == request_id)
            .order_by(ApprovalStep.position)
        )
    )
    rows = session.execute(
        select(ApprovalStepApprover, User.display_name)
        .join(User, User.id == ApprovalStepApprover.user_id)
        .where(ApprovalStepApprover.request_id == request_id)
        .order_by(ApprovalStepApprover.id)
    ).all()
    by_step: dict[int, list[StepApproverInfo]] = {}
    for approver, name in rows:
        by_step.setdefault(approver.step_id, []).append(
            StepApproverInfo(
                approver.user_id, name, approver.decision, approver.decided_at
            )
        )
    return [
        StepInfo(step.position, step.mode, step.status, by_step.get(step.id, []))
        for step in steps
    ]


def approval_state(
    session: Session, actor: Actor, object_type: str, object_id: int
) -> ApprovalState:
    """The latest request of an object with its steps, the whole log and what the
    actor may do now. Visible to whoever sees the object and to its approvers.
    Raises NotFound."""
    subject = approval_subject(object_type)
    obj, in_scope = _viewable_object(session, actor, subject, object_id)
    latest = session.scalar(
        select(ApprovalRequest)
        .where(
            ApprovalRequest.object_type == object_type,
            ApprovalRequest.object_id == object_id,
        )
        .order_by(ApprovalRequest.id.desc())
        .limit(1)
    )
    request_info, steps = None, []
    can_approve = can_withdraw = False
    current_mode = None
    if latest is not None:
        flow_name = session.scalar(
            select(ApprovalFlow.name).where(ApprovalFlow.id == latest.flow_id)
        )
        submitter = session.get(User, latest.submitter_id)
        request_info = RequestInfo(
            id=latest.id,
            status=latest.status,
            flow_name=flow_name or "",
            flow_mode=latest.flow_mode,
            current_position=latest.current_position,
            submitter_id=latest.submitter_id,
            submitter=submitter.display_name if submitter else "",
            submitted_at=latest.submitted_at,
            decided_at=latest.decided_at,
            amount=latest.amount,
        )
        steps = _steps(session, latest.id)
        if latest.status == "pending":
            can_withdraw = latest.submitter_id == actor.user_id
            current = next(
                (s for s in steps if s.position == latest.current_position), None
            )
            can_approve = current is not None and any(
                a.user_id == actor.user_id and a.decision is None
                for a in current.approvers
            )
            current_mode = latest.flow_mode
    can_submit = (
        in_scope
        and obj.status in SUBMITTABLE_STATUSES
        and actor.can(subject.submitter_permission)
    )
    flow = None
    if can_submit:
        flow = choose_flow(session, object_type, subject.amount(obj))
    needs_next, candidates = False, []
    if can_submit and flow is not None and flow.mode == "free":
        needs_next = True
        exclude = [] if flow.allow_self_approval else [actor.user_id]
        candidates = approver_candidates(session, subject, exclude=exclude)
    elif can_approve and current_mode == "free":
        needs_next = True
        exclude = [actor.user_id]
        if not latest.allow_self_approval:
            exclude.append(latest.submitter_id)
        candidates = approver_candidates(session, subject, exclude=exclude)
    return ApprovalState(
        object_type=object_type,
        object_id=object_id,
        object_status=obj.status,
        version=obj.version,
        request=request_info,
        steps=steps,
        log=_log_entries(session, object_type, object_id),
        can_submit=can_submit,
        can_approve=can_approve,
        can_reject=can_approve,
        can_withdraw=can_withdraw,
        needs_next_approver=needs_next,
        approver_candidates=candidates,
        submit_flow_name=flow.name if flow is not None else None,
        submit_flow_mode=flow.mode if flow is not None else None,
    )
