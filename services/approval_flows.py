"""Approval flows (审批流程) as administrators configure them, and the choice of
the flow a submission runs by its amount.

A fixed flow is an ordered list of steps, each decided by a user, every active
holder of a role, or the submitter's supervisor, with "any one" or "all" of them
needed. A free flow has no steps: the submitter picks the approvers and each
approver may pick the next. Of the active flows of an object type, the one with
the highest threshold (min_amount, empty = 0) not above the amount applies.
Requests copy what they need at submission, so editing a flow never changes a
request in progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import ApprovalFlow, ApprovalFlowStep, AuditLog, Role, User
from models.approval import (
    APPROVAL_OBJECT_TYPES,
    APPROVER_KINDS,
    FLOW_MODES,
    STEP_MODES,
)
from models.base import utcnow
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.customers import stale_conflict
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.org import user_names
from services.permissions import ADMIN_SETTINGS
from services.product_lines import parse_decimal

MAX_FLOW_STEPS = 10
SAME_THRESHOLD = N_(
    "Another active flow of this kind already starts at this amount: change one "
    "of the amounts or deactivate the other flow."
)


@dataclass(frozen=True)
class StepIn:
    approver_kind: str | None = None  # user | role | supervisor
    approver_user_id: int | None = None
    approver_role_id: int | None = None
    mode: str | None = "any"  # any | all


@dataclass(frozen=True)
class FlowIn:
    object_type: str | None = None
    name: str | None = None
    mode: str | None = "fixed"  # fixed | free
    min_amount: object = None  # raw form input: "", "1000000", Decimal…
    allow_self_approval: bool = False
    steps: Sequence[StepIn] = field(default_factory=tuple)


def step_field(position: int) -> str:
    """The error key of the step at 1-based `position`."""
    return f"step_{position}"


# --- reads --------------------------------------------------------------------


def flow_steps(session: Session, flow_id: int) -> list[ApprovalFlowStep]:
    return list(
        session.scalars(
            select(ApprovalFlowStep)
            .where(ApprovalFlowStep.flow_id == flow_id)
            .order_by(ApprovalFlowStep.position)
        )
    )


def choose_flow(
    session: Session, object_type: str, amount: Decimal | None
) -> ApprovalFlow | None:
    """The active flow of `object_type` with the highest threshold not above
    `amount` (no threshold counts as 0; no amount as 0)."""
    threshold = func.coalesce(ApprovalFlow.min_amount, 0)
    return session.scalar(
        select(ApprovalFlow)
        .where(
            ApprovalFlow.object_type == object_type,
            ApprovalFlow.is_active.is_(True),
            threshold <= (amount if amount is not None else Decimal(0)),
        )
        .order_by(threshold.desc(), ApprovalFlow.id.desc())
        .limit(1)
    )


def _names(session: Session, steps: list[ApprovalFlowStep], language: str):
    user_ids = {s.approver_user_id for s in steps if s.approver_user_id}
    role_ids = {s.approver_role_id for s in steps if s.approver_role_id}
    users = user_names(session, user_ids)
    roles = {
        role.id: role.name_zh if language == "zh_CN" else role.name_en
        for role in session.scalars(select(Role).where(Role.id.in_(role_ids)))
    }
    return users, roles


def _step_row(step: ApprovalFlowStep, users: dict, roles: dict) -> dict[str, Any]:
    if step.approver_kind == "user":
        approver = users.get(step.approver_user_id, "")
    elif step.approver_kind == "role":
        approver = roles.get(step.approver_role_id, "")
    else:
        approver = ""
    return {
        "position": step.position,
        "approver_kind": step.approver_kind,
        "approver_user_id": step.approver_user_id,
        "approver_role_id": step.approver_role_id,
        "approver": approver,
        "mode": step.mode,
    }


def _flow_row(flow: ApprovalFlow, steps: list[dict]) -> dict[str, Any]:
    return {
        "id": flow.id,
        "object_type": flow.object_type,
        "name": flow.name,
        "mode": flow.mode,
        "min_amount": flow.min_amount,
        "allow_self_approval": flow.allow_self_approval,
        "is_active": flow.is_active,
        "version": flow.version,
        "updated_at": flow.updated_at,
        "steps": steps,
    }


def list_flows(
    session: Session, actor: Actor, object_type: str | None = None
) -> list[dict[str, Any]]:
    """Flows (of one object type, or all), by type, then threshold, with steps.
    Raises PermissionDenied."""
    actor.require(ADMIN_SETTINGS)
    query = select(ApprovalFlow)
    if object_type:
        query = query.where(ApprovalFlow.object_type == object_type)
    flows = list(
        session.scalars(
            query.order_by(
                ApprovalFlow.object_type,
                func.coalesce(ApprovalFlow.min_amount, 0),
                ApprovalFlow.id,
            )
        )
    )
    all_steps = (
        list(
            session.scalars(
                select(ApprovalFlowStep)
                .where(ApprovalFlowStep.flow_id.in_([f.id for f in flows]))
                .order_by(ApprovalFlowStep.flow_id, ApprovalFlowStep.position)
            )
        )
        if flows
        else []
    )
    users, roles = _names(session, all_steps, actor.language)
    by_flow: dict[int, list[dict]] = {}
    for step in all_steps:
        by_flow.setdefault(step.flow_id, []).append(_step_row(step, users, roles))
    return [_flow_row(flow, by_flow.get(flow.id, [])) for flow in flows]


def _get(session: Session, flow_id: int) -> ApprovalFlow:
    flow = session.scalar(
        select(ApprovalFlow)
        .where(ApprovalFlow.id == flow_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if flow is None:
        raise NotFound()
    return flow


def get_flow(session: Session, actor: Actor, flow_id: int) -> dict[str, Any]:
    """One flow with its steps. Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    flow = session.get(ApprovalFlow, flow_id)
    if flow is None:
        raise NotFound()
    steps = flow_steps(session, flow.id)
    users, roles = _names(session, steps, actor.language)
    return _flow_row(flow, [_step_row(s, users, roles) for s in steps])


def approver_choices(
    session: Session, actor: Actor
) -> dict[str, list[tuple[int, str]]]:
    """Active users and all roles, for the step pickers. Raises PermissionDenied."""
    actor.require(ADMIN_SETTINGS)
    users = [
        tuple(row)
        for row in session.execute(
            select(User.id, User.display_name)
            .where(User.is_active.is_(True))
            .order_by(User.display_name)
        )
    ]
    roles = [
        (role.id, role.name_zh if actor.language == "zh_CN" else role.name_en)
        for role in session.scalars(select(Role).order_by(Role.id))
    ]
    return {"users": users, "roles": roles}


# --- validation ---------------------------------------------------------------


@dataclass(frozen=True)
class _CleanFlow:
    name: str
    mode: str
    min_amount: Decimal | None
    allow_self_approval: bool
    steps: list[StepIn]


def _step_problem(session: Session, step: StepIn) -> str | None:
    if step.approver_kind not in APPROVER_KINDS:
        return N_("Choose who approves this step.")
    if step.mode not in STEP_MODES:
        return N_("Choose whether any one or all approvers must approve.")
    if step.approver_kind == "user":
        active = step.approver_user_id is not None and session.scalar(
            select(User.is_active).where(User.id == step.approver_user_id)
        )
        if not active:
            return N_("Choose an active user.")
    if step.approver_kind == "role" and (
        step.approver_role_id is None
        or session.get(Role, step.approver_role_id) is None
    ):
        return N_("Choose a role.")
    return None


def _validated(session: Session, data: FlowIn) -> _CleanFlow:
    """The cleaned flow. Raises ValidationFailed with every field error."""
    errors: dict[str, str] = {}
    name = clean(data.name)
    if not name:
        errors["name"] = N_("Name is required.")
    elif len(name) > 100:
        errors["name"] = N_("At most 100 characters.")
    if data.mode not in FLOW_MODES:
        errors["mode"] = N_("Choose a value from the list.")
    raw_amount = data.min_amount
    min_amount = parse_decimal(raw_amount)
    if min_amount is None and raw_amount not in (None, "") and str(raw_amount).strip():
        errors["min_amount"] = N_("Enter an amount between 0 and 999,999,999,999.99.")
    if min_amount == 0:
        min_amount = None  # "from 0" and "always" are the same condition
    steps = list(data.steps or ()) if data.mode == "fixed" else []
    if data.mode == "fixed":
        if not steps:
            errors["steps"] = N_("Add at least one step.")
        elif len(steps) > MAX_FLOW_STEPS:
            errors["steps"] = N_("At most 10 steps.")
        for position, step in enumerate(steps, start=1):
            if problem := _step_problem(session, step):
                errors[step_field(position)] = problem
    if errors:
        raise ValidationFailed(errors)
    return _CleanFlow(
        name=name,
        mode=data.mode,
        min_amount=min_amount,
        allow_self_approval=bool(data.allow_self_approval),
        steps=[
            StepIn(
                approver_kind=s.approver_kind,
                approver_user_id=(
                    s.approver_user_id if s.approver_kind == "user" else None
                ),
                approver_role_id=(
                    s.approver_role_id if s.approver_kind == "role" else None
                ),
                mode=s.mode,
            )
            for s in steps
        ],
    )


def _check_threshold_free(
    session: Session,
    object_type: str,
    min_amount: Decimal | None,
    exclude_id: int | None,
) -> None:
    """Two active flows of one type with one threshold would make the choice
    arbitrary. Raises ValidationFailed({"min_amount"})."""
    query = select(ApprovalFlow.id).where(
        ApprovalFlow.object_type == object_type,
        ApprovalFlow.is_active.is_(True),
        func.coalesce(ApprovalFlow.min_amount, 0) == (min_amount or Decimal(0)),
    )
    if exclude_id is not None:
        query = query.where(ApprovalFlow.id != exclude_id)
    if session.scalar(query.limit(1)) is not None:
        raise ValidationFailed({"min_amount": SAME_THRESHOLD})


def _flow_audit(session: Session, flow: ApprovalFlow) -> dict[str, Any]:
    values = snapshot(flow)
    values["steps"] = [
        {
            "position": s.position,
            "approver_kind": s.approver_kind,
            "approver_user_id": s.approver_user_id,
            "approver_role_id": s.approver_role_id,
            "mode": s.mode,
        }
        for s in flow_steps(session, flow.id)
    ]
    return values


def _replace_steps(session: Session, flow: ApprovalFlow, steps: list[StepIn]) -> None:
    session.execute(delete(ApprovalFlowStep).where(ApprovalFlowStep.flow_id == flow.id))
    session.add_all(
        ApprovalFlowStep(
            flow_id=flow.id,
            position=position,
            approver_kind=step.approver_kind,
            approver_user_id=step.approver_user_id,
            approver_role_id=step.approver_role_id,
            mode=step.mode,
        )
        for position, step in enumerate(steps, start=1)
    )
    session.flush()


# --- writes -------------------------------------------------------------------


def create_flow(session: Session, actor: Actor, data: FlowIn) -> ApprovalFlow:
    """Create an active flow. Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    if data.object_type not in APPROVAL_OBJECT_TYPES:
        raise ValidationFailed({"object_type": N_("Choose a value from the list.")})
    clean_flow = _validated(session, data)
    _check_threshold_free(session, data.object_type, clean_flow.min_amount, None)
    flow = ApprovalFlow(
        object_type=data.object_type,
        name=clean_flow.name,
        mode=clean_flow.mode,
        min_amount=clean_flow.min_amount,
        allow_self_approval=clean_flow.allow_self_approval,
        is_active=True,
    )
    session.add(flow)
    session.flush()
    _replace_steps(session, flow, clean_flow.steps)
    record_audit(
        session,
        actor,
        "approval_flow.create",
        "approval_flow",
        flow.id,
        after=_flow_audit(session, flow),
    )
    return flow


def _last_editor(session: Session, flow_id: int) -> int | None:
    return session.scalar(
        select(AuditLog.actor_id)
        .where(AuditLog.object_type == "approval_flow", AuditLog.object_id == flow_id)
        .order_by(AuditLog.id.desc())
        .limit(1)
    )


def _locked_current(
    session: Session, flow_id: int, expected_version: int | None
) -> ApprovalFlow:
    flow = _get(session, flow_id)
    if expected_version is not None and flow.version != expected_version:
        raise stale_conflict(
            session, "approval_flow", flow.id, _last_editor(session, flow.id)
        )
    return flow


def update_flow(
    session: Session, actor: Actor, flow_id: int, data: FlowIn, *, expected_version: int
) -> ApprovalFlow:
    """Save an edit (name, mode, threshold, self-approval, steps) made on
    `expected_version`; the object type stays. Requests in progress keep their
    steps. Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    flow = _locked_current(session, flow_id, expected_version)
    clean_flow = _validated(session, data)
    if flow.is_active:
        _check_threshold_free(session, flow.object_type, clean_flow.min_amount, flow.id)
    before = _flow_audit(session, flow)
    flow.name = clean_flow.name
    flow.mode = clean_flow.mode
    flow.min_amount = clean_flow.min_amount
    flow.allow_self_approval = clean_flow.allow_self_approval
    _replace_steps(session, flow, clean_flow.steps)
    if before["steps"] != _flow_audit(session, flow)["steps"]:
        # A step-only edit must still move the version a concurrent editor holds.
        flow.updated_at = utcnow()
    session.flush()
    old, new = changed_fields(before, _flow_audit(session, flow))
    if new:
        record_audit(
            session,
            actor,
            "approval_flow.update",
            "approval_flow",
            flow.id,
            before=old,
            after=new,
        )
    return flow


def set_flow_active(
    session: Session,
    actor: Actor,
    flow_id: int,
    *,
    active: bool,
    expected_version: int | None = None,
) -> ApprovalFlow:
    """Activate or deactivate a flow. Raises PermissionDenied, NotFound, Conflict,
    ValidationFailed({"min_amount"}) when activating would clash."""
    actor.require(ADMIN_SETTINGS)
    flow = _locked_current(session, flow_id, expected_version)
    if flow.is_active == active:
        return flow
    if active:
        _check_threshold_free(session, flow.object_type, flow.min_amount, flow.id)
    flow.is_active = active
    session.flush()
    record_audit(
        session,
        actor,
        "approval_flow.activate" if active else "approval_flow.deactivate",
        "approval_flow",
        flow.id,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return flow
