"""Leads: scoped list with status counts, create/edit with validation and
optimistic locking, soft delete, release to / claim from the lead pool, and
conversion to a customer (+ primary contact, + opportunity).

Scope is the customers' rule: a lead is visible when its owner is in the actor's
visible users; pool leads (no owner) are visible to users who may claim them.
Only owned leads can be changed: a pool lead must be claimed first, and a
converted lead is read-only for every write service here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, false, func, or_, select, update
from sqlalchemy.orm import Session

from models import Customer, Lead
from models.base import utcnow
from models.lead import EDITABLE_LEAD_STATUSES, LEAD_STATUSES
from services.actor import Actor
from services.audit import changed_fields, history, record_audit
from services.audit import snapshot as column_snapshot
from services.contacts import ContactIn, create_contact
from services.custom_fields import (
    CustomFilter,
    audit_changes,
    clean_custom_values,
    custom_filter_clauses,
)
from services.customers import (
    CustomerIn,
    create_customer,
    scoped_customers,
    stale_conflict,
)
from services.dictionaries import active_codes
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import (
    clean,
    contact_channel_errors,
    normalize_name,
    normalize_phone,
)
from services.opportunities import NO_OPEN_STAGE, OpportunityIn, create_opportunity
from services.opportunity_stages import first_open_stage
from services.org import is_assignable, user_names
from services.paging import Page, clamp_page, count_rows, last_page, sort_order
from services.permissions import (
    CUSTOMER_VIEW,
    LEAD_CONVERT,
    LEAD_CREATE,
    LEAD_DELETE,
    LEAD_EDIT,
    LEAD_POOL_CLAIM,
    LEAD_VIEW,
    OPPORTUNITY_CREATE,
)
from services.prefix_match import starts_with

MAX_OPPORTUNITY_AMOUNT = Decimal("999999999999.99")  # Numeric(14, 2)

ALREADY_CLAIMED = N_("Someone else has already claimed this lead.")
CONVERTED_READ_ONLY = N_(
    "This lead has been converted to a customer and can no longer be changed."
)
IN_POOL = N_("This lead is in the lead pool: claim it before changing it.")


@dataclass(frozen=True)
class LeadIn:
    name: str | None = None
    company: str | None = None
    mobile: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    status: str | None = "new"
    owner_id: int | None = None
    next_followup_at: dt.datetime | None = None
    remark: str | None = None
    # {field id: raw value}; None: this caller does not handle custom fields.
    custom_values: dict[str, Any] | None = None

    def cleaned(self) -> LeadIn:
        return LeadIn(
            **{
                f.name: clean(v) if isinstance(v := getattr(self, f.name), str) else v
                for f in fields(self)
            }
        )

    def field_errors(
        self, session: Session, actor: Actor, *, current_owner_id: int | None = None
    ) -> dict[str, str]:
        """Every problem with the (cleaned) input, keyed by field; an unchanged
        owner is not re-checked (edits stay possible after the owner left)."""
        errors: dict[str, str] = {}
        if not self.name:
            errors["name"] = N_("Name is required.")
        elif len(self.name) > 100:
            errors["name"] = N_("At most 100 characters.")
        if self.company and len(self.company) > 200:
            errors["company"] = N_("At most 200 characters.")
        errors |= contact_channel_errors(self.mobile, self.phone, self.email)
        if self.source and self.source not in active_codes(session, "customer_source"):
            errors["source"] = N_("Choose a value from the list.")
        if self.status not in EDITABLE_LEAD_STATUSES:
            errors["status"] = N_("Choose a value from the list.")
        if self.remark and len(self.remark) > 2000:
            errors["remark"] = N_("At most 2000 characters.")
        if (
            self.owner_id is not None
            and self.owner_id != current_owner_id
            and not is_assignable(session, actor, self.owner_id)
        ):
            errors["owner_id"] = N_("Choose an active user within your scope.")
        return errors


SORT_COLUMNS = {
    "updated": Lead.updated_at,
    "created": Lead.created_at,
    "last_followup": Lead.last_followup_at,
    "next_followup": Lead.next_followup_at,
    "name": Lead.name_normalized,
}


@dataclass(frozen=True)
class LeadFilter:
    search: str | None = None
    status: str | None = None
    source: str | None = None
    owner_id: int | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    sort: str = "updated"
    descending: bool = True
    page: int = 1
    page_size: int = 20
    custom: tuple[CustomFilter, ...] = ()


@dataclass(frozen=True)
class LeadPoolFilter:
    search: str | None = None
    source: str | None = None
    page: int = 1
    page_size: int = 20


# --- scope --------------------------------------------------------------------


def _owned_clause(user_ids: frozenset[int] | None):
    if user_ids is None:
        return Lead.owner_id.is_not(None)
    return Lead.owner_id.in_(user_ids)


def scoped_leads(actor: Actor, *, focus: bool = False) -> Select:
    """Live (not deleted) leads owned by someone in the actor's scope."""
    user_ids = actor.focus_user_ids if focus else actor.visible_user_ids
    return select(Lead).where(Lead.deleted_at.is_(None), _owned_clause(user_ids))


def _visible_leads(actor: Actor) -> Select:
    """Owned leads in scope, plus the lead pool for users who may claim from it."""
    pool = Lead.owner_id.is_(None) if actor.can(LEAD_POOL_CLAIM) else false()
    return select(Lead).where(
        Lead.deleted_at.is_(None),
        or_(_owned_clause(actor.visible_user_ids), pool),
    )


def get_lead(
    session: Session, actor: Actor, lead_id: int, *, for_update: bool = False
) -> Lead:
    """A live lead the actor may see (owned in scope, or in the lead pool for
    claimers). Raises PermissionDenied, NotFound."""
    actor.require(LEAD_VIEW)
    query = _visible_leads(actor).where(Lead.id == lead_id)
    if for_update:
        # The version check that follows must see the committed row.
        query = query.with_for_update().execution_options(populate_existing=True)
    lead = session.scalar(query)
    if lead is None:
        raise NotFound()
    return lead


def writable_lead(session: Session, actor: Actor, lead_id: int) -> Lead:
    """A lead the actor may change: owned in scope and not converted.
    Raises NotFound, Conflict."""
    lead = get_lead(session, actor, lead_id, for_update=True)
    if lead.status == "converted":
        raise Conflict(CONVERTED_READ_ONLY)
    if lead.owner_id is None:
        raise Conflict(IN_POOL)
    return lead


# --- list ---------------------------------------------------------------------


def _search_clause(term: str):
    name = normalize_name(term)
    phone = normalize_phone(term)
    clauses = []
    if name:
        clauses += [
            Lead.name_normalized.contains(name, autoescape=True),
            Lead.company_normalized.contains(name, autoescape=True),
        ]
    if phone and len(phone) >= 4:
        clauses.append(starts_with(Lead.mobile_normalized, phone))
    return or_(*clauses) if clauses else None


def _day_bounds(start: dt.date | None, end: dt.date | None):
    lower = dt.datetime.combine(start, dt.time()) if start else None
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time()) if end else None
    return lower, upper


def filtered_leads(
    actor: Actor, flt: LeadFilter, *, with_status: bool = True
) -> Select:
    query = scoped_leads(actor, focus=True)
    if flt.search and (clause := _search_clause(flt.search)) is not None:
        query = query.where(clause)
    if flt.source:
        query = query.where(Lead.source == flt.source)
    if flt.owner_id is not None:
        query = query.where(Lead.owner_id == flt.owner_id)
    if with_status and flt.status:
        query = query.where(Lead.status == flt.status)
    lower, upper = _day_bounds(flt.created_from, flt.created_to)
    if lower:
        query = query.where(Lead.created_at >= lower)
    if upper:
        query = query.where(Lead.created_at < upper)
    if flt.custom:
        query = query.where(*custom_filter_clauses(Lead.custom_values, flt.custom))
    return query


def list_leads(session: Session, actor: Actor, flt: LeadFilter) -> Page:
    """One page of leads in the actor's (focused) scope, with status tab counts.
    Raises PermissionDenied."""
    actor.require(LEAD_VIEW)
    page, size = clamp_page(flt.page, flt.page_size)
    query = filtered_leads(actor, flt)
    counts = status_counts(session, actor, flt)
    # The tab's own count: one GROUP BY serves the tabs and the pager.
    total = counts.get(flt.status or "all", 0)
    page = min(page, last_page(total, size))  # past the end: the last page
    sort_column = SORT_COLUMNS.get(flt.sort, Lead.updated_at)
    leads = session.scalars(
        query.order_by(*sort_order(sort_column, flt.descending, Lead.id))
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    names = user_names(session, {lead.owner_id for lead in leads} - {None})
    return Page(
        [lead_row(lead, names) for lead in leads],
        total,
        page,
        size,
        {"status_counts": counts},
    )


def status_counts(session: Session, actor: Actor, flt: LeadFilter) -> dict[str, int]:
    """Leads per status under the same filters (the status tab itself ignored)."""
    sub = filtered_leads(actor, flt, with_status=False).subquery()
    rows = session.execute(select(sub.c.status, func.count()).group_by(sub.c.status))
    counts = dict.fromkeys(LEAD_STATUSES, 0) | dict(rows.all())
    counts["all"] = sum(counts[s] for s in LEAD_STATUSES)
    return counts


def lead_row(lead: Lead, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": lead.id,
        "name": lead.name,
        "company": lead.company,
        "mobile": lead.mobile,
        "email": lead.email,
        "source": lead.source,
        "status": lead.status,
        "owner_id": lead.owner_id,
        "owner": names.get(lead.owner_id or 0, ""),
        "last_owner": names.get(lead.last_owner_id or 0, ""),
        "pool_entered_at": lead.pool_entered_at,
        "last_followup_at": lead.last_followup_at,
        "next_followup_at": lead.next_followup_at,
        "created_at": lead.created_at,
        "updated_at": lead.updated_at,
        "custom_values": dict(lead.custom_values or {}),
    }


def list_lead_pool(session: Session, actor: Actor, flt: LeadPoolFilter) -> Page:
    """One page of the lead pool, most recently released first.
    Raises PermissionDenied."""
    actor.require(LEAD_POOL_CLAIM)
    page, size = clamp_page(flt.page, flt.page_size)
    query = select(Lead).where(
        Lead.deleted_at.is_(None),
        Lead.owner_id.is_(None),
        Lead.status != "converted",
    )
    if flt.search and (clause := _search_clause(flt.search)) is not None:
        query = query.where(clause)
    if flt.source:
        query = query.where(Lead.source == flt.source)
    total = count_rows(session, query)
    page = min(page, last_page(total, size))  # past the end: the last page
    leads = session.scalars(
        query.order_by(Lead.pool_entered_at.desc().nulls_last(), Lead.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    names = user_names(session, {lead.last_owner_id for lead in leads} - {None})
    return Page([lead_row(lead, names) for lead in leads], total, page, size)


# --- detail -------------------------------------------------------------------


def lead_detail(session: Session, actor: Actor, lead_id: int) -> dict[str, Any]:
    """Lead fields plus the names behind its user ids and, once converted, its
    customer (with whether the actor may open it). Raises NotFound."""
    lead = get_lead(session, actor, lead_id)
    ids = {
        lead.owner_id,
        lead.last_owner_id,
        lead.created_by_id,
        lead.updated_by_id,
        lead.converted_by_id,
    } - {None}
    names = user_names(session, ids)
    customer_name, customer_visible = None, False
    if lead.converted_customer_id is not None:
        customer_name = session.scalar(
            select(Customer.name).where(Customer.id == lead.converted_customer_id)
        )
        customer_visible = (
            actor.can(CUSTOMER_VIEW)
            and session.scalar(
                scoped_customers(actor)
                .with_only_columns(Customer.id)
                .where(Customer.id == lead.converted_customer_id)
            )
            is not None
        )
    return snapshot(lead) | {
        "version": lead.version,
        "owner": names.get(lead.owner_id or 0, ""),
        "last_owner": names.get(lead.last_owner_id or 0, ""),
        "created_by": names.get(lead.created_by_id or 0, ""),
        "updated_by": names.get(lead.updated_by_id or 0, ""),
        "converted_by": names.get(lead.converted_by_id or 0, ""),
        "created_at": lead.created_at,
        "updated_at": lead.updated_at,
        "last_followup_at": lead.last_followup_at,
        "next_followup_at": lead.next_followup_at,
        "pool_entered_at": lead.pool_entered_at,
        "converted_at": lead.converted_at,
        "opportunity_amount": lead.opportunity_amount,
        "converted_customer": customer_name,
        "converted_customer_visible": customer_visible,
        "in_pool": lead.owner_id is None,
        "read_only": lead.status == "converted" or lead.owner_id is None,
    }


def lead_log(session: Session, actor: Actor, lead_id: int) -> list[dict[str, Any]]:
    """Audit rows of a lead the actor may see, newest first. Raises NotFound."""
    return history(session, ("lead", get_lead(session, actor, lead_id).id))


# --- create / edit ------------------------------------------------------------


def snapshot(lead: Lead) -> dict[str, Any]:
    """Audit values of a lead: its columns without search helpers."""
    values = column_snapshot(lead)
    values.pop("company_normalized", None)
    return values


def apply_lead_input(lead: Lead, data: LeadIn) -> None:
    for f in fields(data):
        setattr(lead, f.name, getattr(data, f.name))
    lead.name_normalized = normalize_name(data.name)
    lead.company_normalized = normalize_name(data.company) or None
    lead.mobile_normalized = normalize_phone(data.mobile)


def create_lead(session: Session, actor: Actor, data: LeadIn) -> Lead:
    """Create a lead owned by the actor (or a user in scope).
    Raises PermissionDenied, ValidationFailed."""
    actor.require(LEAD_CREATE)
    data = data.cleaned()
    if data.owner_id is None:
        data = replace(data, owner_id=actor.user_id)
    custom_values, custom_errors = clean_custom_values(
        session, "lead", data.custom_values
    )
    errors = data.field_errors(session, actor) | custom_errors
    if errors:
        raise ValidationFailed(errors)
    data = replace(data, custom_values=custom_values)
    lead = Lead(created_by_id=actor.user_id, updated_by_id=actor.user_id)
    apply_lead_input(lead, data)
    session.add(lead)
    session.flush()
    record_audit(session, actor, "lead.create", "lead", lead.id, after=snapshot(lead))
    return lead


def update_lead(
    session: Session, actor: Actor, lead_id: int, data: LeadIn, *, expected_version: int
) -> Lead:
    """Save an edit made on version `expected_version`.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(LEAD_EDIT)
    lead = writable_lead(session, actor, lead_id)
    if lead.version != expected_version:
        raise stale_conflict(session, "lead", lead.id, lead.updated_by_id)
    data = data.cleaned()
    if data.owner_id is None:
        # Releasing to the lead pool is its own action.
        data = replace(data, owner_id=lead.owner_id)
    custom_values, custom_errors = clean_custom_values(
        session, "lead", data.custom_values, stored=lead.custom_values
    )
    errors = (
        data.field_errors(session, actor, current_owner_id=lead.owner_id)
        | custom_errors
    )
    if errors:
        raise ValidationFailed(errors)
    data = replace(data, custom_values=custom_values)
    before = snapshot(lead)
    apply_lead_input(lead, data)
    lead.updated_by_id = actor.user_id
    session.flush()
    old, new = audit_changes(*changed_fields(before, snapshot(lead)))
    if new:
        record_audit(
            session, actor, "lead.update", "lead", lead.id, before=old, after=new
        )
    return lead


def _require_ids(ids) -> list[int]:
    unique = list(dict.fromkeys(int(i) for i in ids))
    if not unique:
        raise ValidationFailed({"selection": N_("Select at least one lead.")})
    return unique


def delete_leads(session: Session, actor: Actor, lead_ids: list[int]) -> int:
    """Soft-delete leads the actor owns in scope (pool leads: only with the `all`
    data scope); converted leads stay. All or nothing.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(LEAD_DELETE)
    now = utcnow()
    leads = []
    for lead_id in _require_ids(lead_ids):
        lead = get_lead(session, actor, lead_id, for_update=True)
        if lead.status == "converted":
            raise Conflict(CONVERTED_READ_ONLY)
        if lead.owner_id is None and actor.visible_user_ids is not None:
            raise Conflict(IN_POOL)
        leads.append(lead)
    for lead in leads:
        lead.deleted_at = now
        lead.deleted_by_id = actor.user_id
        lead.updated_by_id = actor.user_id
        record_audit(
            session,
            actor,
            "lead.delete",
            "lead",
            lead.id,
            before={"deleted": False},
            after={"deleted": True},
        )
    session.flush()
    return len(leads)


# --- lead pool ----------------------------------------------------------------


def release_leads(session: Session, actor: Actor, lead_ids: list[int]) -> int:
    """Put owned leads in scope into the lead pool. All or nothing.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(LEAD_EDIT)
    now = utcnow()
    leads = [writable_lead(session, actor, i) for i in _require_ids(lead_ids)]
    for lead in leads:
        record_audit(
            session,
            actor,
            "lead.release",
            "lead",
            lead.id,
            before={"owner_id": lead.owner_id},
            after={"owner_id": None},
        )
        lead.last_owner_id = lead.owner_id
        lead.owner_id = None
        lead.pool_entered_at = now
        lead.updated_by_id = actor.user_id
    session.flush()
    return len(leads)


def claim_lead(session: Session, actor: Actor, lead_id: int) -> None:
    """Take a lead from the lead pool. One conditional UPDATE decides the race:
    of many simultaneous claims exactly one changes the row.
    Raises PermissionDenied, NotFound, Conflict (already claimed)."""
    actor.require(LEAD_POOL_CLAIM)
    now = utcnow()
    result = session.execute(
        update(Lead)
        .where(
            Lead.id == lead_id,
            Lead.owner_id.is_(None),
            Lead.deleted_at.is_(None),
            Lead.status != "converted",
        )
        .values(
            owner_id=actor.user_id,
            pool_entered_at=None,
            updated_by_id=actor.user_id,
            updated_at=now,
            version=Lead.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    _forget(session, lead_id)
    if result.rowcount != 1:
        still_there = session.scalar(
            select(Lead.id).where(
                Lead.id == lead_id,
                Lead.deleted_at.is_(None),
                Lead.status != "converted",
            )
        )
        if still_there is None:
            raise NotFound()
        raise Conflict(ALREADY_CLAIMED)
    record_audit(
        session,
        actor,
        "lead.claim",
        "lead",
        lead_id,
        before={"owner_id": None},
        after={"owner_id": actor.user_id},
    )
    session.flush()


def claim_leads(session: Session, actor: Actor, lead_ids: list[int]) -> int:
    """Claim several pool leads; all or nothing (the caller's transaction rolls
    back on the first lost race). Raises as claim_lead, and ValidationFailed."""
    ids = _require_ids(lead_ids)
    for lead_id in ids:
        claim_lead(session, actor, lead_id)
    return len(ids)


def _forget(session: Session, lead_id: int) -> None:
    """Expire a copy the session holds: the row changed behind the ORM's back."""
    key = session.identity_key(Lead, lead_id)
    if key in session.identity_map:
        session.expire(session.identity_map[key])


# --- conversion ---------------------------------------------------------------


@dataclass(frozen=True)
class ConvertIn:
    """Conversion choices. Customer fields left as None take the lead's value;
    the customer name defaults to the company, else the lead's name."""

    owner_id: int | None = None
    customer_name: str | None = None
    mobile: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    industry: str | None = None
    level: str | None = None
    create_contact: bool = True
    contact_name: str | None = None
    contact_title: str | None = None
    opportunity_name: str | None = None
    opportunity_amount: Decimal | str | None = None


def _amount(value: Decimal | str | None) -> tuple[Decimal | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None, N_("Enter an amount such as 12000 or 12000.50.")
    if not amount.is_finite() or amount < 0 or amount > MAX_OPPORTUNITY_AMOUNT:
        return None, N_("Enter an amount between 0 and 999,999,999,999.99.")
    if amount != amount.quantize(Decimal("0.01")):
        return None, N_("At most 2 decimal places.")
    return amount, None


def _pick(override: str | None, default: str | None) -> str | None:
    return default if override is None else override


def convert_lead(
    session: Session,
    actor: Actor,
    lead_id: int,
    data: ConvertIn,
    *,
    expected_version: int,
    allow_duplicate: bool = False,
) -> Customer:
    """Turn a lead into a customer owned by `data.owner_id`, with the lead's person
    as primary contact, in the caller's transaction; the lead becomes read-only
    "converted". With an opportunity name, an opportunity of the new customer is
    created in the first open stage (its name/amount are also kept on the lead).
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed, DuplicateFound."""
    actor.require(LEAD_CONVERT)
    lead = writable_lead(session, actor, lead_id)
    if lead.version != expected_version:
        raise stale_conflict(session, "lead", lead.id, lead.updated_by_id)
    customer_in = CustomerIn(
        name=_pick(data.customer_name, lead.company or lead.name),
        mobile=_pick(data.mobile, lead.mobile),
        phone=_pick(data.phone, lead.phone),
        email=_pick(data.email, lead.email),
        source=_pick(data.source, lead.source),
        industry=data.industry,
        level=data.level,
        owner_id=data.owner_id,
        next_followup_at=lead.next_followup_at,
        remark=lead.remark,
    ).cleaned()
    errors: dict[str, str] = {}
    customer_errors = customer_in.field_errors(session, actor)
    if data.owner_id is None:
        customer_errors["owner_id"] = N_("Choose an owner.")
    # The form names the customer's name field customer_name.
    if "name" in customer_errors:
        customer_errors["customer_name"] = customer_errors.pop("name")
    errors |= customer_errors
    contact_in = None
    if data.create_contact:
        contact_in = ContactIn(
            customer_id=0,  # set once the customer exists
            name=_pick(data.contact_name, lead.name),
            mobile=lead.mobile,
            phone=lead.phone,
            email=lead.email,
            title=data.contact_title,
            is_primary=True,
        ).cleaned()
        for name, message in contact_in.field_errors().items():
            if name in ("name", "title"):
                errors[f"contact_{name}"] = message
    opportunity_name = clean(data.opportunity_name)
    amount, amount_problem = _amount(data.opportunity_amount)
    if amount_problem:
        errors["opportunity_amount"] = amount_problem
    if opportunity_name and len(opportunity_name) > 200:
        errors["opportunity_name"] = N_("At most 200 characters.")
    elif amount is not None and not opportunity_name:
        errors["opportunity_name"] = N_(
            "Name the opportunity, or leave the amount empty."
        )
    elif opportunity_name and not actor.can(OPPORTUNITY_CREATE):
        errors["opportunity_name"] = N_(
            "You may not create opportunities: leave the opportunity empty."
        )
    elif opportunity_name and first_open_stage(session) is None:
        errors["opportunity_name"] = NO_OPEN_STAGE
    if errors:
        raise ValidationFailed(errors)
    # DuplicateFound is raised before anything is written.
    customer = create_customer(
        session, actor, customer_in, allow_duplicate=allow_duplicate
    )
    contact = None
    if contact_in is not None:
        contact = create_contact(
            session, actor, replace(contact_in, customer_id=customer.id)
        )
    opportunity = None
    if opportunity_name:
        opportunity = create_opportunity(
            session,
            actor,
            OpportunityIn(
                customer_id=customer.id,
                name=opportunity_name,
                amount=amount,
                contact_ids=(contact.id,) if contact is not None else (),
            ),
        )
    before = {"status": lead.status}
    lead.status = "converted"
    lead.converted_customer_id = customer.id
    lead.converted_at = utcnow()
    lead.converted_by_id = actor.user_id
    lead.opportunity_name = opportunity_name
    lead.opportunity_amount = amount
    lead.updated_by_id = actor.user_id
    session.flush()
    record_audit(
        session,
        actor,
        "lead.convert",
        "lead",
        lead.id,
        before=before,
        after={
            "status": "converted",
            "converted_customer_id": customer.id,
            "opportunity_name": opportunity_name,
            "opportunity_amount": str(amount) if amount is not None else None,
            "opportunity_id": opportunity.id if opportunity is not None else None,
        },
    )
    return customer
