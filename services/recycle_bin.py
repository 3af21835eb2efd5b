"""Customer recycle bin: soft delete, restore to where it was, admin purge."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Contract, Customer, Opportunity, Payment
from models.base import utcnow
from services.actor import Actor
from services.audit import record_audit
from services.contracts import CUSTOMER_HAS_CONTRACT, customers_with_approved_contracts
from services.customers import get_customer
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import normalize_name
from services.org import user_names
from services.paging import Page, clamp_page, count_rows
from services.permissions import CUSTOMER_DELETE, CUSTOMER_PURGE
from services.substring_match import has_substring

CUSTOMER_HAS_DEALS = N_(
    "{name} has opportunities, contracts or payments and cannot be deleted for "
    "good: restore it, or delete those first."
)


def _require_ids(ids: list[int] | tuple[int, ...]) -> list[int]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    if not unique:
        raise ValidationFailed({"selection": N_("Select at least one customer.")})
    return unique


def delete_customers(session: Session, actor: Actor, customer_ids: list[int]) -> int:
    """Move customers in scope to the recycle bin; stage resets to potential.
    Customers with an approved contract stay. All or nothing.
    Raises PermissionDenied, NotFound, ValidationFailed, Conflict."""
    actor.require(CUSTOMER_DELETE)
    now = utcnow()
    customers = [
        get_customer(session, actor, cid, for_update=True)
        for cid in _require_ids(customer_ids)
    ]
    # Signed business stays with its customer: void the contract first.
    signed = customers_with_approved_contracts(session, [c.id for c in customers])
    if signed:
        raise Conflict(CUSTOMER_HAS_CONTRACT, name=signed[0][1])
    for customer in customers:
        before, after = {"deleted": False}, {"deleted": True}
        if customer.stage != "potential":
            before["stage"], after["stage"] = customer.stage, "potential"
        customer.deleted_stage = customer.stage
        customer.stage = "potential"
        customer.deleted_at = now
        customer.deleted_by_id = actor.user_id
        record_audit(
            session,
            actor,
            "customer.delete",
            "customer",
            customer.id,
            before=before,
            after=after,
        )
    session.flush()
    return len(customers)


def _bin_query(actor: Actor):
    query = select(Customer).where(Customer.deleted_at.is_not(None))
    if not actor.can(CUSTOMER_PURGE):
        query = query.where(Customer.deleted_by_id == actor.user_id)
    return query


def list_recycle_bin(
    session: Session,
    actor: Actor,
    *,
    search: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """Customers the actor deleted (admins: everyone's), newest first."""
    page, size = clamp_page(page, page_size)
    query = _bin_query(actor)
    if search and (name := normalize_name(search)):
        # Same matching as the customer list, on both backends (LIKE differs).
        query = query.where(has_substring(Customer.name_normalized, name))
    total = count_rows(session, query)
    customers = session.scalars(
        query.order_by(Customer.deleted_at.desc(), Customer.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    ids = {c.owner_id for c in customers} | {c.deleted_by_id for c in customers}
    names = user_names(session, ids - {None})
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "mobile": c.mobile,
            "owner": names.get(c.owner_id or 0, ""),
            "deleted_by": names.get(c.deleted_by_id or 0, ""),
            "deleted_at": c.deleted_at,
        }
        for c in customers
    ]
    return Page(rows, total, page, size)


def _binned(session: Session, actor: Actor, ids: list[int]) -> list[Customer]:
    customers = session.scalars(
        _bin_query(actor).where(Customer.id.in_(ids)).with_for_update()
    ).all()
    if len(customers) != len(ids):
        raise NotFound()
    return list(customers)


def restore_customers(session: Session, actor: Actor, customer_ids: list[int]) -> int:
    """Return binned customers to their owner (or the pool when they had none).
    Raises NotFound, ValidationFailed."""
    customers = _binned(session, actor, _require_ids(customer_ids))
    for customer in customers:
        customer.deleted_at = None
        customer.deleted_by_id = None
        record_audit(
            session,
            actor,
            "customer.restore",
            "customer",
            customer.id,
            before={"deleted": True},
            after={"deleted": False, "owner_id": customer.owner_id},
        )
    session.flush()
    return len(customers)


def purge_customers(session: Session, actor: Actor, customer_ids: list[int]) -> int:
    """Delete binned customers for good (admin only), with their contacts and
    follow-ups. Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(CUSTOMER_PURGE)
    customers = _binned(session, actor, _require_ids(customer_ids))
    ids = [c.id for c in customers]
    # Deals keep their customer (they are business records, not its details).
    for model in (Opportunity, Contract, Payment):
        dealt = session.scalar(
            select(Customer.name)
            .join(model, model.customer_id == Customer.id)
            .where(Customer.id.in_(ids))
            .limit(1)
        )
        if dealt is not None:
            raise Conflict(CUSTOMER_HAS_DEALS, name=dealt)
    for customer in customers:
        record_audit(
            session,
            actor,
            "customer.purge",
            "customer",
            customer.id,
            before={"name": customer.name, "owner_id": customer.owner_id},
        )
    session.execute(delete(Customer).where(Customer.id.in_(ids)))
    return len(customers)
