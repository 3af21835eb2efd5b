"""Follow-ups on customers (optionally naming one contact, and the opportunity or
contract they are about) and the timelines of a customer, contact, opportunity
or contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, Contract, Customer, FollowUp, User
from models.base import utcnow
from services.actor import Actor
from services.audit import record_audit, snapshot
from services.contacts import get_contact
from services.customers import get_customer
from services.dictionaries import active_codes
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.opportunities import get_opportunity
from services.permissions import CONTRACT_VIEW, FOLLOWUP_CREATE

MAX_CONTENT = 5000
TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class FollowUpIn:
    customer_id: int | None = None
    contact_id: int | None = None
    followup_type: str | None = None
    content: str | None = None
    occurred_at: dt.datetime | None = None
    next_followup_at: dt.datetime | None = None
    # What the follow-up is about (optional); it must belong to the customer.
    opportunity_id: int | None = None
    contract_id: int | None = None


def _field_errors(
    session: Session, data: FollowUpIn, now: dt.datetime
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.customer_id is None:
        errors["customer_id"] = N_("Choose a customer.")
    return errors | entry_field_errors(
        session,
        followup_type=data.followup_type,
        content=data.content,
        occurred_at=data.occurred_at,
        next_followup_at=data.next_followup_at,
        now=now,
    )


def entry_field_errors(
    session: Session,
    *,
    followup_type: str | None,
    content: str | None,
    occurred_at: dt.datetime | None,
    next_followup_at: dt.datetime | None,
    now: dt.datetime,
) -> dict[str, str]:
    """Problems with the parts every follow-up has, whatever it is about (customer,
    lead...), keyed by field."""
    errors: dict[str, str] = {}
    if not followup_type or followup_type not in active_codes(session, "followup_type"):
        errors["followup_type"] = N_("Choose a follow-up type.")
    content = clean(content)
    if not content:
        errors["content"] = N_("Describe what happened.")
    elif len(content) > MAX_CONTENT:
        errors["content"] = N_("At most 5000 characters.")
    if occurred_at and occurred_at > now + dt.timedelta(minutes=5):
        errors["occurred_at"] = N_("A follow-up cannot be in the future.")
    if next_followup_at and next_followup_at <= (occurred_at or now):
        errors["next_followup_at"] = N_("The next follow-up must be after this one.")
    return errors


def create_followup(session: Session, actor: Actor, data: FollowUpIn) -> FollowUp:
    """Log a follow-up on a customer in scope and move the customer's last/next
    follow-up times. Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(FOLLOWUP_CREATE)
    now = utcnow()
    errors = _field_errors(session, data, now)
    if data.customer_id is not None:
        customer = get_customer(session, actor, data.customer_id, for_update=True)
        if (
            data.contact_id is not None
            and session.scalar(
                select(Contact.customer_id).where(Contact.id == data.contact_id)
            )
            != customer.id
        ):
            errors["contact_id"] = N_("Choose a contact of this customer.")
        errors |= _subject_errors(session, actor, data, customer.id)
    if errors:
        raise ValidationFailed(errors)
    followup = FollowUp(
        customer_id=customer.id,
        contact_id=data.contact_id,
        opportunity_id=data.opportunity_id,
        contract_id=data.contract_id,
        followup_type=data.followup_type,
        content=clean(data.content),
        occurred_at=data.occurred_at or now,
        next_followup_at=data.next_followup_at,
        author_id=actor.user_id,
    )
    session.add(followup)
    _move_customer_dates(customer, followup)
    session.flush()
    record_audit(
        session,
        actor,
        "followup.create",
        "customer",
        customer.id,
        after=snapshot(followup),
    )
    return followup


def _subject_errors(
    session: Session, actor: Actor, data: FollowUpIn, customer_id: int
) -> dict[str, str]:
    """The opportunity / contract named must be in scope and the customer's."""
    errors: dict[str, str] = {}
    if data.opportunity_id is not None:
        try:
            opportunity = get_opportunity(session, actor, data.opportunity_id)
        except (NotFound, PermissionDenied):
            opportunity = None
        if opportunity is None or opportunity.customer_id != customer_id:
            errors["opportunity_id"] = N_("Choose an opportunity of this customer.")
    if data.contract_id is not None:
        contract = _scoped_contract(session, actor, data.contract_id)
        if contract is None or contract.customer_id != customer_id:
            errors["contract_id"] = N_("Choose a contract of this customer.")
    return errors


def _scoped_contract(
    session: Session, actor: Actor, contract_id: int
) -> Contract | None:
    """A contract the actor may see (its owner in scope), or None."""
    if not actor.can(CONTRACT_VIEW):
        return None
    query = select(Contract).where(Contract.id == contract_id)
    if actor.visible_user_ids is not None:
        query = query.where(Contract.owner_id.in_(actor.visible_user_ids))
    return session.scalar(query)


def _move_customer_dates(customer: Customer, followup: FollowUp) -> None:
    # A back-dated entry must not move "last follow-up" backwards; the newest
    # entry decides the reminder.
    if (
        customer.last_followup_at is None
        or followup.occurred_at >= customer.last_followup_at
    ):
        customer.last_followup_at = followup.occurred_at
        customer.next_followup_at = followup.next_followup_at
        # The customer's version moves: a stale edit form must name this author.
        customer.updated_by_id = followup.author_id


def timeline(
    session: Session,
    actor: Actor,
    *,
    customer_id: int | None = None,
    contact_id: int | None = None,
    opportunity_id: int | None = None,
    contract_id: int | None = None,
) -> list[dict[str, Any]]:
    """Follow-ups of a customer, or of one contact, opportunity or contract,
    newest first. Raises NotFound, PermissionDenied (an opportunity's)."""
    if opportunity_id is not None:
        opportunity = get_opportunity(session, actor, opportunity_id)
        where = [FollowUp.opportunity_id == opportunity.id]
    elif contract_id is not None:
        contract = _scoped_contract(session, actor, contract_id)
        if contract is None:
            raise NotFound()
        where = [FollowUp.contract_id == contract.id]
    elif contact_id is not None:
        contact = get_contact(session, actor, contact_id)
        where = [FollowUp.contact_id == contact.id]
    else:
        customer = get_customer(session, actor, customer_id)
        where = [FollowUp.customer_id == customer.id]
    rows = session.execute(
        select(FollowUp, User.display_name, Contact.name)
        .join(User, User.id == FollowUp.author_id)
        .outerjoin(Contact, Contact.id == FollowUp.contact_id)
        .where(*where)
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
            "contact": contact_name,
            "customer_id": f.customer_id,
            "opportunity_id": f.opportunity_id,
            "contract_id": f.contract_id,
        }
        for f, author, contact_name in rows
    ]
