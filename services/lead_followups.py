"""Follow-ups on leads: logging one (moves the lead's follow-up dates) and the
lead's timeline. Customer follow-ups stay in services/followups.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import FollowUp, User
from models.base import utcnow
from services.actor import Actor
from services.audit import record_audit, snapshot
from services.errors import ValidationFailed
from services.followups import TIMELINE_LIMIT, entry_field_errors
from services.leads import get_lead, writable_lead
from services.normalize import clean
from services.permissions import FOLLOWUP_CREATE


@dataclass(frozen=True)
class LeadFollowUpIn:
    lead_id: int
    followup_type: str | None = None
    content: str | None = None
    occurred_at: dt.datetime | None = None
    next_followup_at: dt.datetime | None = None


def create_lead_followup(
    session: Session, actor: Actor, data: LeadFollowUpIn
) -> FollowUp:
    """Log a follow-up on an owned, unconverted lead in scope; moves the lead's
    last/next follow-up times and a "new" lead becomes "contacted".
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(FOLLOWUP_CREATE)
    now = utcnow()
    lead = writable_lead(session, actor, data.lead_id)
    errors = entry_field_errors(
        session,
        followup_type=data.followup_type,
        content=data.content,
        occurred_at=data.occurred_at,
        next_followup_at=data.next_followup_at,
        now=now,
    )
    if errors:
        raise ValidationFailed(errors)
    followup = FollowUp(
        lead_id=lead.id,
        followup_type=data.followup_type,
        content=clean(data.content),
        occurred_at=data.occurred_at or now,
        next_followup_at=data.next_followup_at,
        author_id=actor.user_id,
    )
    session.add(followup)
    # A back-dated entry must not move "last follow-up" backwards.
    if lead.last_followup_at is None or followup.occurred_at >= lead.last_followup_at:
        lead.last_followup_at = followup.occurred_at
        lead.next_followup_at = followup.next_followup_at
    if lead.status == "new":
        lead.status = "contacted"
    # The lead's version moves: a stale edit form must name this author.
    lead.updated_by_id = actor.user_id
    session.flush()
    record_audit(
        session, actor, "followup.create", "lead", lead.id, after=snapshot(followup)
    )
    return followup


def lead_timeline(session: Session, actor: Actor, lead_id: int) -> list[dict[str, Any]]:
    """Follow-ups of a lead the actor may see, newest first. Raises NotFound."""
    lead = get_lead(session, actor, lead_id)
    rows = session.execute(
        select(FollowUp, User.display_name)
        .join(User, User.id == FollowUp.author_id)
        .where(FollowUp.lead_id == lead.id)
        .order_by(FollowUp.occurred_at.desc(), FollowUp.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    return [
        {
            "id": f.id,
            "type": f.followup_type,
            "content": f.content,
            "occurred_at": f.occurred_at,
            "next_followup_at": f.next_followup_at,
            "author": author,
            "contact": None,
            "lead_id": f.lead_id,
        }
        for f, author in rows
    ]
