"""Operation log writes: who did what to which record, with before/after values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, inspect, or_, select
from sqlalchemy.orm import Session

from models import AuditLog, User
from services.actor import Actor

# Bookkeeping: the audit row itself records who (actor_id) and when (created_at).
_SKIPPED_COLUMNS = {
    "version",
    "updated_at",
    "updated_by_id",
    "name_normalized",
    "mobile_normalized",
    "phone_normalized",
    "password_hash",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """Column values of an ORM object, JSON-ready, without bookkeeping columns."""
    return {
        attr.key: _jsonable(getattr(obj, attr.key))
        for attr in inspect(obj).mapper.column_attrs
        if attr.key not in _SKIPPED_COLUMNS
    }


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_audit(
    session: Session,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: int | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Add an audit row to the caller's transaction."""
    entry = AuditLog(
        actor_id=actor.user_id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry


# Detail pages show the newest entries; the full history is in the operation log.
HISTORY_LIMIT = 200


def history(
    session: Session, *objects: tuple[str, int | Select]
) -> list[dict[str, Any]]:
    """Audit rows of the given (object type, id or id subquery) pairs, newest
    first, as {id, action, actor, at, before, after}. Callers check scope first."""
    conditions = [
        and_(
            AuditLog.object_type == object_type,
            AuditLog.object_id.in_(object_id.scalar_subquery())
            if isinstance(object_id, Select)
            else AuditLog.object_id == object_id,
        )
        for object_type, object_id in objects
    ]
    rows = session.execute(
        select(AuditLog, User.display_name)
        .outerjoin(User, User.id == AuditLog.actor_id)
        .where(or_(*conditions))
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    return [
        {
            "id": entry.id,
            "action": entry.action,
            "actor": name or "",
            "at": entry.created_at,
            "before": entry.before or {},
            "after": entry.after or {},
        }
        for entry, name in rows
    ]
