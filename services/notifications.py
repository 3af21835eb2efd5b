"""In-app notifications: send (in the sender's transaction), list, count, read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models import Notification
from models.base import utcnow
from services.actor import Actor

LIST_LIMIT = 50


def notify(
    session: Session,
    user_id: int,
    kind: str,
    *,
    params: dict[str, Any] | None = None,
    link: str | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Queue a message for `user_id` in the caller's transaction; with a
    `dedupe_key`, only once per user and key. Returns whether one was added."""
    if dedupe_key is not None and session.scalar(
        select(Notification.id).where(
            Notification.user_id == user_id, Notification.dedupe_key == dedupe_key
        )
    ):
        return False
    session.add(
        Notification(
            user_id=user_id,
            kind=kind,
            params=params or {},
            link=link,
            dedupe_key=dedupe_key,
            created_at=utcnow(),
        )
    )
    return True


def unread_count(session: Session, actor: Actor) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                Notification.user_id == actor.user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def list_notifications(
    session: Session, actor: Actor, *, limit: int = LIST_LIMIT
) -> list[dict[str, Any]]:
    """The actor's newest notifications (only their own)."""
    rows = session.scalars(
        select(Notification)
        .where(Notification.user_id == actor.user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "params": dict(n.params or {}),
            "link": n.link,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in rows
    ]


def mark_all_read(session: Session, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0
