"""Reading the operation log of one record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from models import AuditLog, Contact, User
from services.actor import Actor
from services.customers import get_customer

LOG_LIMIT = 200


def customer_log(
    session: Session, actor: Actor, customer_id: int
) -> list[dict[str, Any]]:
    """Audit rows of a customer in scope and of its contacts, newest first.
    Raises NotFound."""
    customer = get_customer(session, actor, customer_id)
    contact_ids = select(Contact.id).where(Contact.customer_id == customer.id)
    rows = session.execute(
        select(AuditLog, User.display_name)
        .outerjoin(User, User.id == AuditLog.actor_id)
        .where(
            or_(
                and_(
                    AuditLog.object_type == "customer",
                    AuditLog.object_id == customer.id,
                ),
                and_(
                    AuditLog.object_type == "contact",
                    AuditLog.object_id.in_(contact_ids.scalar_subquery()),
                ),
            )
        )
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(LOG_LIMIT)
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
