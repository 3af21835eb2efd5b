"""Approval to-do lists: requests waiting for my decision, my submissions still
in progress. Both are read through indexed columns of the materialised steps
(approver user + waiting_since, submitter + status); titles come from the subject of
each object type, loaded for the page's rows only.

Approvers see the requests they must decide whatever their data scope: being
asked to approve is what grants the view.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models import ApprovalRequest, ApprovalStep, ApprovalStepApprover, User
from services.actor import Actor
from services.approvals import registered_subjects
from services.paging import Page, clamp_page, count_rows


def _waiting_for(actor: Actor, object_type: str | None = None) -> Select:
    query = (
        select(
            ApprovalRequest.id.label("request_id"),
            ApprovalRequest.object_type,
            ApprovalRequest.object_id,
            ApprovalRequest.amount,
            ApprovalRequest.submitter_id,
            ApprovalRequest.submitted_at,
            ApprovalStep.position.label("step_position"),
            ApprovalStep.activated_at,
        )
        .select_from(ApprovalStepApprover)
        .join(ApprovalStep, ApprovalStep.id == ApprovalStepApprover.step_id)
        .join(ApprovalRequest, ApprovalRequest.id == ApprovalStepApprover.request_id)
        .where(
            ApprovalStepApprover.user_id == actor.user_id,
            ApprovalStepApprover.waiting_since.is_not(None),
        )
    )
    if object_type:
        query = query.where(ApprovalRequest.object_type == object_type)
    return query


def titled(session: Session, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows with the object's title and link and the submitter's name."""
    subjects = registered_subjects()
    ids_by_type: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        ids_by_type[row.object_type].add(row.object_id)
    titles: dict[tuple[str, int], str] = {}
    for object_type, object_ids in ids_by_type.items():
        subject = subjects.get(object_type)
        if subject is None:
            continue
        model = subject.model
        for obj in session.scalars(select(model).where(model.id.in_(object_ids))):
            titles[(object_type, obj.id)] = subject.title(obj)
    submitters = {row.submitter_id for row in rows}
    names = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_(submitters))
        ).all()
    )
    result = []
    for row in rows:
        subject = subjects.get(row.object_type)
        result.append(
            {
                "request_id": row.request_id,
                "object_type": row.object_type,
                "object_id": row.object_id,
                "title": titles.get((row.object_type, row.object_id), ""),
                "url": subject.url(row.object_id) if subject else "",
                "amount": row.amount,
                "submitter_id": row.submitter_id,
                "submitter": names.get(row.submitter_id, ""),
                "submitted_at": row.submitted_at,
                "step_position": row.step_position,
            }
        )
    return result


def pending_approvals(
    session: Session,
    actor: Actor,
    *,
    object_type: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """One page of the requests waiting for the actor's decision, longest
    waiting first."""
    page, size = clamp_page(page, page_size)
    query = _waiting_for(actor, object_type)
    total = count_rows(session, query)
    rows = session.execute(
        query.order_by(ApprovalStep.activated_at, ApprovalRequest.id)
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return Page(titled(session, rows), total, page, size)


def count_pending_approvals(session: Session, actor: Actor) -> dict[str, int]:
    """How many requests wait for the actor, per object type (every registered
    type present, 0 when none)."""
    sub = _waiting_for(actor).subquery()
    counts = dict(
        session.execute(
            select(sub.c.object_type, func.count()).group_by(sub.c.object_type)
        ).all()
    )
    return dict.fromkeys(registered_subjects(), 0) | counts


def _my_pending(actor: Actor) -> Select:
    return select(
        ApprovalRequest.id.label("request_id"),
        ApprovalRequest.object_type,
        ApprovalRequest.object_id,
        ApprovalRequest.amount,
        ApprovalRequest.submitter_id,
        ApprovalRequest.submitted_at,
        ApprovalRequest.current_position.label("step_position"),
    ).where(
        ApprovalRequest.submitter_id == actor.user_id,
        ApprovalRequest.status == "pending",
    )


def my_submissions_in_progress(
    session: Session, actor: Actor, *, page: int = 1, page_size: int = 20
) -> Page:
    """One page of the actor's pending submissions, newest first; each row also
    names who the current step waits for (`waiting_for`)."""
    page, size = clamp_page(page, page_size)
    query = _my_pending(actor)
    total = count_rows(session, query)
    rows = session.execute(
        query.order_by(ApprovalRequest.submitted_at.desc(), ApprovalRequest.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    result = titled(session, rows)
    waiting: dict[int, list[str]] = defaultdict(list)
    if rows:
        for request_id, name in session.execute(
            select(ApprovalStepApprover.request_id, User.display_name)
            .join(User, User.id == ApprovalStepApprover.user_id)
            .where(
                ApprovalStepApprover.request_id.in_([r.request_id for r in rows]),
                ApprovalStepApprover.waiting_since.is_not(None),
            )
            .order_by(ApprovalStepApprover.id)
        ):
            waiting[request_id].append(name)
    for row in result:
        row["waiting_for"] = waiting.get(row["request_id"], [])
    return Page(result, total, page, size)


def count_my_submissions_in_progress(session: Session, actor: Actor) -> int:
    return count_rows(session, _my_pending(actor))
