"""Opportunities (商机): potential deals of a customer moving through the
admin-configured stages.

Scope follows the opportunity's owner (like customers): an opportunity is
visible when its owner is in the actor's visible users and its customer is not
in the recycle bin. Creating one needs its customer in scope; the owner defaults
to the customer's owner, and the customer never changes afterwards. Every stage
move (also winning, losing and reopening) is an OpportunityStageChange row for
funnel and velocity analytics. Open opportunities follow their customer through
a transfer (the "opportunities" transfer participant registered below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    delete,
    exists,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import (
    Contact,
    Contract,
    Customer,
    Opportunity,
    OpportunityContact,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
    User,
)
from models.base import utcnow
from services.actor import Actor
from services.audit import changed_fields, history, record_audit
from services.audit import snapshot as column_snapshot
from services.custom_fields import (
    CustomFilter,
    audit_changes,
    clean_custom_values,
    custom_filter_clauses,
)
from services.customers import get_customer, scoped_customers, stale_conflict
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean, normalize_name
from services.opportunity_stages import closing_stage, first_open_stage
from services.org import is_assignable, user_names
from services.paging import Page, clamp_page, last_page, sort_order, walks_in_order
from services.permissions import (
    ADMIN_SETTINGS,
    CUSTOMER_VIEW,
    OPPORTUNITY_CREATE,
    OPPORTUNITY_DELETE,
    OPPORTUNITY_EDIT,
    OPPORTUNITY_VIEW,
)
from services.planner_hints import unindexed_if
from services.product_lines import (
    LineIn,
    PricedLine,
    line_rows,
    lines_total,
    parse_decimal,
    price_lines,
)
from services.substring_match import has_substring
from services.tallies import (
    answered_by_tally,
    tallied_opportunity_totals,
    tallied_owners,
)
from services.transfer import (
    TransferBatch,
    TransferParticipant,
    register_transfer_participant,
)

OBJECT_TYPE = "opportunity"
NAME_LENGTH = 200
REMARK_LENGTH = 2000
REASON_LENGTH = 1000
CUSTOMER_TAB_LIMIT = 200

CLOSED_READ_ONLY = N_("This opportunity is closed: reopen it to change its stage.")
ALREADY_CLOSED = N_("This opportunity is already closed.")
NOT_CLOSED = N_("This opportunity is open.")
HAS_CONTRACTS = N_("Contracts were signed for this opportunity: it cannot be deleted.")
CHANGED_MEANWHILE = N_(
    "Someone changed this opportunity meanwhile. Reload and try again."
)
NO_OPEN_STAGE = N_("No open stage is set up: ask an administrator.")


@dataclass(frozen=True)
class OpportunityIn:
    """The create/edit form. `lines` None keeps an opportunity's lines as they
    are; `amount` arrives raw (text or number) and, left empty, becomes the sum
    of the lines. `owner_id` None: the customer's owner (create) or unchanged."""

    customer_id: int | None = None
    name: str | None = None
    amount: object = None
    expected_close_date: dt.date | None = None
    stage_id: int | None = None
    owner_id: int | None = None
    remark: str | None = None
    contact_ids: tuple[int, ...] = ()
    lines: tuple[LineIn, ...] | None = None
    # {field id: raw value}; None: this caller does not handle custom fields.
    custom_values: dict[str, Any] | None = None

    def cleaned(self) -> OpportunityIn:
        return replace(
            self,
            name=clean(self.name),
            remark=clean(self.remark),
            contact_ids=tuple(dict.fromkeys(int(c) for c in self.contact_ids)),
        )


SORT_COLUMNS = {
    "updated": Opportunity.updated_at,
    "created": Opportunity.created_at,
    "expected_close": Opportunity.expected_close_date,
    "amount": Opportunity.amount,
}


@dataclass(frozen=True)
class OpportunityFilter:
    search: str | None = None
    stage_id: int | None = None
    status: str | None = None
    owner_id: int | None = None
    customer_id: int | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    close_from: dt.date | None = None
    close_to: dt.date | None = None
    sort: str = "updated"
    descending: bool = True
    page: int = 1
    page_size: int = 20
    custom: tuple[CustomFilter, ...] = ()


# --- scope ----------------------------------------------------------------------


def owner_in_scope(
    actor: Actor, *, focus: bool = False, owners_unindexed: bool = False
) -> ColumnElement[bool]:
    """SQL: the opportunity's owner is in the actor's scope; `owners_unindexed`:
    the owner list kept from SQLite's choice of index (services/planner_hints.py)."""
    user_ids = actor.focus_user_ids if focus else actor.visible_user_ids
    if user_ids is None:
        return true()
    owner = Opportunity.owner_id
    return unindexed_if(owners_unindexed, owner).in_(user_ids)


def scoped_opportunities(
    actor: Actor, *, focus: bool = False, owners_unindexed: bool = False
) -> Select:
    """Opportunities owned by someone in the actor's scope whose customer is not
    in the recycle bin (joined: Customer is available to filters)."""
    in_scope = owner_in_scope(actor, focus=focus, owners_unindexed=owners_unindexed)
    return (
        select(Opportunity)
        .join(Customer, Customer.id == Opportunity.customer_id)
        .where(Customer.deleted_at.is_(None), in_scope)
    )


def get_opportunity(
    session: Session, actor: Actor, opportunity_id: int, *, for_update: bool = False
) -> Opportunity:
    """An opportunity in the actor's scope. Raises PermissionDenied, NotFound."""
    actor.require(OPPORTUNITY_VIEW)
    query = scoped_opportunities(actor).where(Opportunity.id == opportunity_id)
    if for_update:
        # The version check that follows must see the committed row.
        query = query.with_for_update(of=Opportunity).execution_options(
            populate_existing=True
        )
    opportunity = session.scalar(query)
    if opportunity is None:
        raise NotFound()
    return opportunity


def _writable(
    session: Session, actor: Actor, opportunity_id: int, expected_version: int | None
) -> Opportunity:
    """A locked opportunity in scope, checked against the version the user saw.
    Raises PermissionDenied, NotFound, Conflict."""
    actor.require(OPPORTUNITY_EDIT)
    opportunity = get_opportunity(session, actor, opportunity_id, for_update=True)
    if expected_version is not None and opportunity.version != expected_version:
        raise stale_conflict(
            session, OBJECT_TYPE, opportunity.id, opportunity.updated_by_id
        )
    return opportunity


def _flush(session: Session) -> None:
    try:
        session.flush()  # the version_id_col check runs here
    except StaleDataError as error:
        raise Conflict(CHANGED_MEANWHILE) from error


# --- validation -----------------------------------------------------------------


def _amount(value: object) -> tuple[Decimal | None, str | None]:
    """(amount or None when empty, msgid of the problem)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    amount = parse_decimal(value)
    if amount is None:
        return None, N_(
            "Enter an amount from 0 to 999,999,999,999.99 with at most 2 decimals."
        )
    return amount, None


def _open_stage_problem(session: Session, stage_id: int) -> str | None:
    stage = session.get(OpportunityStage, stage_id)
    if stage is None or not stage.is_active or stage.outcome != "open":
        return N_("Choose an open stage from the list.")
    return None


def _field_errors(
    session: Session,
    actor: Actor,
    data: OpportunityIn,
    *,
    customer: Customer | None,
    current: Opportunity | None = None,
) -> tuple[dict[str, str], dict[str, Any], Decimal | None, list[PricedLine] | None]:
    """(errors, message params, amount, priced lines) of a cleaned input."""
    errors: dict[str, str] = {}
    params: dict[str, Any] = {}
    if not data.name:
        errors["name"] = N_("Name is required.")
    elif len(data.name) > NAME_LENGTH:
        errors["name"] = N_("At most 200 characters.")
    if data.remark and len(data.remark) > REMARK_LENGTH:
        errors["remark"] = N_("At most 2000 characters.")
    amount, problem = _amount(data.amount)
    if problem:
        errors["amount"] = problem
    if data.stage_id is not None and (
        current is None or data.stage_id != current.stage_id
    ):
        if current is not None and current.status != "open":
            errors["stage_id"] = CLOSED_READ_ONLY
        elif problem := _open_stage_problem(session, data.stage_id):
            errors["stage_id"] = problem
    if (
        data.owner_id is not None
        and (current is None or data.owner_id != current.owner_id)
        and not is_assignable(session, actor, data.owner_id)
    ):
        errors["owner_id"] = N_("Choose an active user within your scope.")
    if customer is not None and data.contact_ids:
        found = set(
            session.scalars(
                select(Contact.id).where(
                    Contact.id.in_(data.contact_ids),
                    Contact.customer_id == customer.id,
                )
            )
        )
        if found != set(data.contact_ids):
            errors["contact_ids"] = N_("Choose contacts of this customer.")
    priced = None
    if data.lines is not None:
        kept = (
            set(
                session.scalars(
                    select(OpportunityLine.product_id).where(
                        OpportunityLine.opportunity_id == current.id
                    )
                )
            )
            if current is not None
            else set()
        )
        try:
            priced = price_lines(session, data.lines, allow_off_sale_ids=kept)
        except ValidationFailed as error:
            errors |= error.errors
            params |= error.params
    return errors, params, amount, priced


def _customer_for_form(
    session: Session, actor: Actor, customer_id: int | None
) -> tuple[Customer | None, str | None]:
    """The chosen customer if it is in scope, else the field error (the same
    message for unknown and out-of-scope ids: nothing leaks)."""
    if customer_id is None:
        return None, N_("Choose a customer.")
    try:
        return get_customer(session, actor, customer_id, for_update=True), None
    except NotFound:
        return None, N_("Choose a customer from the list.")


# --- create / edit --------------------------------------------------------------


def snapshot(opportunity: Opportunity) -> dict[str, Any]:
    """Audit values of an opportunity (its columns without search helpers)."""
    values = column_snapshot(opportunity)
    values.pop("stage_changed_at", None)
    return values


def _record_stage(
    session: Session,
    actor: Actor,
    opportunity: Opportunity,
    stage: OpportunityStage,
    now: dt.datetime,
) -> None:
    """Put the opportunity in `stage`, keeping status/closed_at in step, and
    record the move, which ends the stay of the move before it."""
    session.execute(
        update(OpportunityStageChange)
        .where(
            OpportunityStageChange.opportunity_id == opportunity.id,
            OpportunityStageChange.left_at.is_(None),
        )
        .values(left_at=now)
    )
    session.add(
        OpportunityStageChange(
            opportunity_id=opportunity.id,
            from_stage_id=opportunity.stage_id,
            to_stage_id=stage.id,
            changed_at=now,
            changed_by_id=actor.user_id,
        )
    )
    opportunity.stage_id = stage.id
    opportunity.status = stage.outcome
    opportunity.stage_changed_at = now
    opportunity.closed_at = now if stage.outcome != "open" else None
    opportunity.updated_by_id = actor.user_id


def _write_lines(
    session: Session, opportunity_id: int, priced: Sequence[PricedLine]
) -> None:
    session.execute(
        delete(OpportunityLine).where(OpportunityLine.opportunity_id == opportunity_id)
    )
    for order, line in enumerate(priced):
        session.add(
            OpportunityLine(
                opportunity_id=opportunity_id,
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
                subtotal=line.subtotal,
                sort_order=order,
            )
        )


def _write_contacts(
    session: Session, opportunity_id: int, contact_ids: Sequence[int]
) -> None:
    session.execute(
        delete(OpportunityContact).where(
            OpportunityContact.opportunity_id == opportunity_id
        )
    )
    for contact_id in contact_ids:
        session.add(
            OpportunityContact(opportunity_id=opportunity_id, contact_id=contact_id)
        )


def _contact_ids(session: Session, opportunity_id: int) -> list[int]:
    return list(
        session.scalars(
            select(OpportunityContact.contact_id)
            .where(OpportunityContact.opportunity_id == opportunity_id)
            .order_by(OpportunityContact.contact_id)
        )
    )


def create_opportunity(
    session: Session, actor: Actor, data: OpportunityIn
) -> Opportunity:
    """Create an opportunity for a customer in scope, in the chosen open stage (by
    default the first). Raises PermissionDenied, ValidationFailed."""
    actor.require(OPPORTUNITY_CREATE)
    data = data.cleaned()
    customer, customer_problem = _customer_for_form(session, actor, data.customer_id)
    errors, params, amount, priced = _field_errors(
        session, actor, data, customer=customer
    )
    if customer_problem:
        errors["customer_id"] = customer_problem
    custom_values, custom_errors = clean_custom_values(
        session, "opportunity", data.custom_values
    )
    errors |= custom_errors
    stage = (
        session.get(OpportunityStage, data.stage_id)
        if data.stage_id is not None
        else first_open_stage(session)
    )
    if stage is None and "stage_id" not in errors:
        errors["stage_id"] = NO_OPEN_STAGE
    if errors:
        raise ValidationFailed(errors, **params)
    if amount is None and priced:
        amount = lines_total(priced)
    now = utcnow()
    opportunity = Opportunity(
        customer_id=customer.id,
        name=data.name,
        name_normalized=normalize_name(data.name),
        amount=amount,
        expected_close_date=data.expected_close_date,
        stage_id=stage.id,
        status=stage.outcome,
        owner_id=data.owner_id or customer.owner_id or actor.user_id,
        stage_changed_at=now,
        remark=data.remark,
        custom_values=custom_values,
        created_by_id=actor.user_id,
        updated_by_id=actor.user_id,
    )
    session.add(opportunity)
    session.flush()
    session.add(
        OpportunityStageChange(
            opportunity_id=opportunity.id,
            from_stage_id=None,
            to_stage_id=stage.id,
            changed_at=now,
            changed_by_id=actor.user_id,
        )
    )
    _write_lines(session, opportunity.id, priced or [])
    _write_contacts(session, opportunity.id, data.contact_ids)
    session.flush()
    record_audit(
        session,
        actor,
        "opportunity.create",
        OBJECT_TYPE,
        opportunity.id,
        after=snapshot(opportunity)
        | {"contact_ids": list(data.contact_ids), "lines": len(priced or [])},
    )
    return opportunity


def update_opportunity(
    session: Session,
    actor: Actor,
    opportunity_id: int,
    data: OpportunityIn,
    *,
    expected_version: int,
) -> Opportunity:
    """Save an edit made on version `expected_version`; the customer stays, a new
    stage is a recorded move. Raises PermissionDenied, NotFound, Conflict,
    ValidationFailed."""
    opportunity = _writable(session, actor, opportunity_id, expected_version)
    data = replace(data.cleaned(), customer_id=opportunity.customer_id)
    customer = session.get(Customer, opportunity.customer_id)
    errors, params, amount, priced = _field_errors(
        session, actor, data, customer=customer, current=opportunity
    )
    custom_values, custom_errors = clean_custom_values(
        session, "opportunity", data.custom_values, stored=opportunity.custom_values
    )
    errors |= custom_errors
    if errors:
        raise ValidationFailed(errors, **params)
    if amount is None and priced:
        amount = lines_total(priced)
    before = snapshot(opportunity) | {
        "contact_ids": _contact_ids(session, opportunity.id),
        "lines": session.scalar(
            select(func.count()).where(OpportunityLine.opportunity_id == opportunity.id)
        ),
    }
    opportunity.name = data.name
    opportunity.name_normalized = normalize_name(data.name)
    opportunity.amount = amount
    opportunity.expected_close_date = data.expected_close_date
    opportunity.remark = data.remark
    opportunity.custom_values = custom_values
    if data.owner_id is not None:
        opportunity.owner_id = data.owner_id
    opportunity.updated_by_id = actor.user_id
    if data.stage_id is not None and data.stage_id != opportunity.stage_id:
        stage = session.get(OpportunityStage, data.stage_id)
        _record_stage(session, actor, opportunity, stage, utcnow())
    if priced is not None:
        _write_lines(session, opportunity.id, priced)
    _write_contacts(session, opportunity.id, data.contact_ids)
    _flush(session)
    after = snapshot(opportunity) | {"contact_ids": sorted(data.contact_ids)}
    if priced is not None:
        after["lines"] = len(priced)
    old, new = audit_changes(*changed_fields(before, after))
    if new:
        record_audit(
            session,
            actor,
            "opportunity.update",
            OBJECT_TYPE,
            opportunity.id,
            before=old,
            after=new,
        )
    return opportunity


# --- stage moves ----------------------------------------------------------------


def move_opportunity_stage(
    session: Session,
    actor: Actor,
    opportunity_id: int,
    stage_id: int,
    *,
    expected_version: int | None = None,
) -> Opportunity:
    """Move an open opportunity to another active open stage (recorded from/to/
    at/by). Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    opportunity = _writable(session, actor, opportunity_id, expected_version)
    if opportunity.status != "open":
        raise Conflict(CLOSED_READ_ONLY)
    if problem := _open_stage_problem(session, stage_id):
        raise ValidationFailed({"stage_id": problem})
    if stage_id == opportunity.stage_id:
        return opportunity
    before = opportunity.stage_id
    _record_stage(
        session, actor, opportunity, session.get(OpportunityStage, stage_id), utcnow()
    )
    _flush(session)
    record_audit(
        session,
        actor,
        "opportunity.stage",
        OBJECT_TYPE,
        opportunity.id,
        before={"stage_id": before},
        after={"stage_id": stage_id},
    )
    return opportunity


def close_opportunity(
    session: Session,
    actor: Actor,
    opportunity_id: int,
    *,
    outcome: str,
    reason: str | None,
    expected_version: int | None = None,
) -> Opportunity:
    """Win (outcome "won") or lose ("lost") an open opportunity with a reason: it
    moves to the active won/lost stage and is closed now.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    if outcome not in ("won", "lost"):
        raise ValidationFailed({"outcome": N_("Choose a value from the list.")})
    opportunity = _writable(session, actor, opportunity_id, expected_version)
    if opportunity.status != "open":
        raise Conflict(ALREADY_CLOSED)
    reason = clean(reason)
    if not reason:
        raise ValidationFailed(
            {"reason": N_("Say why the opportunity was won or lost.")}
        )
    if len(reason) > REASON_LENGTH:
        raise ValidationFailed({"reason": N_("At most 1000 characters.")})
    stage = closing_stage(session, outcome)
    if stage is None:
        raise Conflict(NO_OPEN_STAGE)
    before = {"stage_id": opportunity.stage_id, "status": opportunity.status}
    _record_stage(session, actor, opportunity, stage, utcnow())
    opportunity.close_reason = reason
    _flush(session)
    record_audit(
        session,
        actor,
        f"opportunity.{'win' if outcome == 'won' else 'lose'}",
        OBJECT_TYPE,
        opportunity.id,
        before=before,
        after={"stage_id": stage.id, "status": outcome, "close_reason": reason},
    )
    return opportunity


def can_reopen(actor: Actor, opportunity: Opportunity) -> bool:
    """The owner or an administrator may reopen a closed opportunity."""
    return actor.can(OPPORTUNITY_EDIT) and (
        opportunity.owner_id == actor.user_id or actor.can(ADMIN_SETTINGS)
    )


def reopen_opportunity(
    session: Session,
    actor: Actor,
    opportunity_id: int,
    *,
    stage_id: int | None = None,
    expected_version: int | None = None,
) -> Opportunity:
    """Reopen a won/lost opportunity into an open stage (by default the one it
    was closed from). Only its owner or an administrator may.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    opportunity = _writable(session, actor, opportunity_id, expected_version)
    if not can_reopen(actor, opportunity):
        raise Conflict(N_("Only the owner or an administrator can reopen it."))
    if opportunity.status == "open":
        raise Conflict(NOT_CLOSED)
    if stage_id is None:
        stage_id = session.scalar(
            select(OpportunityStageChange.from_stage_id)
            .join(
                OpportunityStage,
                OpportunityStage.id == OpportunityStageChange.from_stage_id,
            )
            .where(
                OpportunityStageChange.opportunity_id == opportunity.id,
                OpportunityStage.outcome == "open",
                OpportunityStage.is_active.is_(True),
            )
            .order_by(
                OpportunityStageChange.changed_at.desc(),
                OpportunityStageChange.id.desc(),
            )
            .limit(1)
        )
        if stage_id is None:
            stage = first_open_stage(session)
            stage_id = stage.id if stage else 0
    if problem := _open_stage_problem(session, stage_id):
        raise ValidationFailed({"stage_id": problem})
    before = {
        "stage_id": opportunity.stage_id,
        "status": opportunity.status,
        "close_reason": opportunity.close_reason,
    }
    _record_stage(
        session, actor, opportunity, session.get(OpportunityStage, stage_id), utcnow()
    )
    opportunity.close_reason = None
    _flush(session)
    record_audit(
        session,
        actor,
        "opportunity.reopen",
        OBJECT_TYPE,
        opportunity.id,
        before=before,
        after={"stage_id": stage_id, "status": "open", "close_reason": None},
    )
    return opportunity


def delete_opportunity(session: Session, actor: Actor, opportunity_id: int) -> None:
    """Delete an opportunity that no contract refers to (its lines, contacts and
    stage history go with it; follow-ups stay on the customer).
    Raises PermissionDenied, NotFound, Conflict."""
    actor.require(OPPORTUNITY_DELETE)
    opportunity = get_opportunity(session, actor, opportunity_id, for_update=True)
    if session.scalar(
        select(exists().where(Contract.opportunity_id == opportunity.id))
    ):
        raise Conflict(HAS_CONTRACTS)
    record_audit(
        session,
        actor,
        "opportunity.delete",
        OBJECT_TYPE,
        opportunity.id,
        before=snapshot(opportunity),
    )
    for model in (OpportunityLine, OpportunityContact, OpportunityStageChange):
        session.execute(delete(model).where(model.opportunity_id == opportunity.id))
    session.delete(opportunity)
    session.flush()


# --- list -----------------------------------------------------------------------


def _search_clause(term: str):
    name = normalize_name(term)
    if not name:
        return None
    return or_(
        Opportunity.name_normalized.contains(name, autoescape=True),
        has_substring(Customer.name_normalized, name),
    )


def filtered_opportunities(
    actor: Actor,
    flt: OpportunityFilter,
    *,
    with_stage: bool = True,
    owners_unindexed: bool = False,
) -> Select:
    query = scoped_opportunities(actor, focus=True, owners_unindexed=owners_unindexed)
    if flt.search and (clause := _search_clause(flt.search)) is not None:
        query = query.where(clause)
    if with_stage and flt.stage_id is not None:
        query = query.where(Opportunity.stage_id == flt.stage_id)
    for column, value in (
        (Opportunity.status, flt.status),
        (Opportunity.owner_id, flt.owner_id),
        (Opportunity.customer_id, flt.customer_id),
    ):
        if value is not None and value != "":
            query = query.where(column == value)
    if flt.amount_min is not None:
        query = query.where(Opportunity.amount >= flt.amount_min)
    if flt.amount_max is not None:
        query = query.where(Opportunity.amount <= flt.amount_max)
    if flt.close_from is not None:
        query = query.where(Opportunity.expected_close_date >= flt.close_from)
    if flt.close_to is not None:
        query = query.where(Opportunity.expected_close_date <= flt.close_to)
    if flt.custom:
        query = query.where(
            *custom_filter_clauses(Opportunity.custom_values, flt.custom)
        )
    return query


def _weighted(amount: Decimal | None, probability: int | None) -> Decimal | None:
    if amount is None or probability is None:
        return None
    return (amount * probability / 100).quantize(Decimal("0.01"))


def _rows(session: Session, query: Select) -> list[dict[str, Any]]:
    """Service rows of an opportunity query (customer name, probability, owner)."""
    found = session.execute(
        query.join(
            OpportunityStage, OpportunityStage.id == Opportunity.stage_id
        ).add_columns(Customer.name, OpportunityStage.probability)
    ).all()
    names = user_names(session, {o.owner_id for o, *_ in found if o.owner_id})
    return [
        {
            "id": o.id,
            "name": o.name,
            "customer_id": o.customer_id,
            "customer": customer_name,
            "amount": o.amount,
            "probability": probability,
            "weighted_amount": _weighted(o.amount, probability),
            "expected_close_date": o.expected_close_date,
            "stage_id": o.stage_id,
            "status": o.status,
            "owner_id": o.owner_id,
            "owner": names.get(o.owner_id or 0, ""),
            "stage_changed_at": o.stage_changed_at,
            "closed_at": o.closed_at,
            "created_at": o.created_at,
            "updated_at": o.updated_at,
            "custom_values": dict(o.custom_values or {}),
        }
        for o, customer_name, probability in found
    ]


def list_opportunities(session: Session, actor: Actor, flt: OpportunityFilter) -> Page:
    """One page of opportunities in the actor's (focused) scope, with count and
    amount per stage under the same filters. Raises PermissionDenied."""
    actor.require(OPPORTUNITY_VIEW)
    page, size = clamp_page(flt.page, flt.page_size)
    totals = stage_totals(session, actor, flt)
    # The tab's own count: one GROUP BY serves the tabs and the pager.
    tab = "all" if flt.stage_id is None else flt.stage_id
    total = totals.get(tab, {"count": 0})["count"]
    page = min(page, last_page(total, size))  # past the end: the last page
    sort_column = SORT_COLUMNS.get(flt.sort, Opportunity.updated_at)
    walked = walks_in_order(
        session,
        tallied_owners(actor.focus_user_ids, flt.owner_id),
        sort_column is Opportunity.updated_at,  # the one sort an index gives
        page,
        size,
        total,
        lambda: sum(n for n, _ in tallied_opportunity_totals(session, None).values()),
    )
    query = filtered_opportunities(actor, flt, owners_unindexed=walked)
    rows = _rows(
        session,
        query.order_by(*sort_order(sort_column, flt.descending, Opportunity.id))
        .limit(size)
        .offset((page - 1) * size),
    )
    return Page(rows, total, page, size, {"stage_totals": totals})


def stage_totals(
    session: Session, actor: Actor, flt: OpportunityFilter
) -> dict[int | str, dict[str, Any]]:
    """{stage id: {"count", "amount"}} and "all", under the list's filters with
    the stage tab ignored: one GROUP BY query."""
    if answered_by_tally(flt, ("stage_id", "owner_id")):
        owners = tallied_owners(actor.focus_user_ids, flt.owner_id)
        found = tallied_opportunity_totals(session, owners)
        rows = [
            (stage_id, count, amount) for stage_id, (count, amount) in found.items()
        ]
    else:
        sub = filtered_opportunities(actor, flt, with_stage=False).subquery()
        rows = session.execute(
            select(sub.c.stage_id, func.count(), func.sum(sub.c.amount)).group_by(
                sub.c.stage_id
            )
        ).all()
    totals: dict[int | str, dict[str, Any]] = {
        stage_id: {"count": count, "amount": Decimal(amount or 0)}
        for stage_id, count, amount in rows
    }
    totals["all"] = {
        "count": sum(t["count"] for t in totals.values()),
        "amount": sum((t["amount"] for t in totals.values()), Decimal(0)),
    }
    return totals


def customer_opportunities(
    session: Session, actor: Actor, customer_id: int
) -> list[dict[str, Any]]:
    """The opportunities in scope of a customer in scope, newest first.
    Raises PermissionDenied, NotFound."""
    customer = get_customer(session, actor, customer_id)
    actor.require(OPPORTUNITY_VIEW)
    return _rows(
        session,
        scoped_opportunities(actor)
        .where(Opportunity.customer_id == customer.id)
        .order_by(Opportunity.updated_at.desc(), Opportunity.id.desc())
        .limit(CUSTOMER_TAB_LIMIT),
    )


def opportunity_options(
    session: Session, actor: Actor, customer_id: int
) -> list[dict[str, Any]]:
    """{"value", "label"} of the open and won opportunities in scope of one
    customer (for the contract form); empty without OPPORTUNITY_VIEW."""
    if not actor.can(OPPORTUNITY_VIEW):
        return []
    rows = session.execute(
        scoped_opportunities(actor)
        .with_only_columns(Opportunity.id, Opportunity.name)
        .where(
            Opportunity.customer_id == customer_id,
            Opportunity.status.in_(("open", "won")),
        )
        .order_by(Opportunity.updated_at.desc(), Opportunity.id.desc())
    ).all()
    return [{"value": row.id, "label": row.name} for row in rows]


# --- detail ---------------------------------------------------------------------


def opportunity_detail(
    session: Session, actor: Actor, opportunity_id: int
) -> dict[str, Any]:
    """Fields, names behind ids, the customer (and whether the actor may open it),
    linked contacts, product lines (display rows in the actor's language) and
    what the actor may do. Raises PermissionDenied, NotFound."""
    opportunity = get_opportunity(session, actor, opportunity_id)
    customer = session.get(Customer, opportunity.customer_id)
    names = user_names(
        session,
        {
            opportunity.owner_id,
            opportunity.created_by_id,
            opportunity.updated_by_id,
        }
        - {None},
    )
    stage = session.get(OpportunityStage, opportunity.stage_id)
    customer_visible = actor.can(CUSTOMER_VIEW) and (
        session.scalar(
            scoped_customers(actor)
            .with_only_columns(Customer.id)
            .where(Customer.id == customer.id)
        )
        is not None
    )
    contacts = session.execute(
        select(
            Contact.id,
            Contact.name,
            Contact.title,
            Contact.mobile,
            Contact.email,
            Contact.is_primary,
        )
        .join(OpportunityContact, OpportunityContact.contact_id == Contact.id)
        .where(OpportunityContact.opportunity_id == opportunity.id)
        .order_by(Contact.is_primary.desc(), Contact.id)
    ).all()
    customer_contacts = session.execute(
        select(Contact.id, Contact.name)
        .where(Contact.customer_id == customer.id)
        .order_by(Contact.is_primary.desc(), Contact.id)
    ).all()
    lines = list(
        session.scalars(
            select(OpportunityLine)
            .where(OpportunityLine.opportunity_id == opportunity.id)
            .order_by(OpportunityLine.sort_order, OpportunityLine.id)
        )
    )
    return {
        **{f: getattr(opportunity, f) for f in _DETAIL_FIELDS},
        "version": opportunity.version,
        "customer": customer.name,
        "customer_visible": customer_visible,
        "owner": names.get(opportunity.owner_id or 0, ""),
        "created_by": names.get(opportunity.created_by_id or 0, ""),
        "updated_by": names.get(opportunity.updated_by_id or 0, ""),
        "probability": stage.probability,
        "weighted_amount": _weighted(opportunity.amount, stage.probability),
        "contact_ids": [c.id for c in contacts],
        "contacts": [dict(c._mapping) for c in contacts],
        "customer_contacts": [dict(c._mapping) for c in customer_contacts],
        "lines": line_rows(session, actor.language, lines),
        "lines_total": lines_total(lines) if lines else None,
        "can_edit": actor.can(OPPORTUNITY_EDIT),
        "can_delete": actor.can(OPPORTUNITY_DELETE),
        "can_reopen": can_reopen(actor, opportunity),
    }


_DETAIL_FIELDS = (
    "id",
    "customer_id",
    "name",
    "amount",
    "expected_close_date",
    "stage_id",
    "status",
    "owner_id",
    "stage_changed_at",
    "closed_at",
    "close_reason",
    "remark",
    "custom_values",
    "created_at",
    "updated_at",
)


def stage_history(
    session: Session, actor: Actor, opportunity_id: int
) -> list[dict[str, Any]]:
    """The opportunity's stage moves, newest first. Raises NotFound."""
    opportunity = get_opportunity(session, actor, opportunity_id)
    rows = session.execute(
        select(OpportunityStageChange, User.display_name)
        .outerjoin(User, User.id == OpportunityStageChange.changed_by_id)
        .where(OpportunityStageChange.opportunity_id == opportunity.id)
        .order_by(
            OpportunityStageChange.changed_at.desc(), OpportunityStageChange.id.desc()
        )
    ).all()
    return [
        {
            "id": change.id,
            "from_stage_id": change.from_stage_id,
            "to_stage_id": change.to_stage_id,
            "at": change.changed_at,
            "by": name or "",
        }
        for change, name in rows
    ]


def opportunity_log(
    session: Session, actor: Actor, opportunity_id: int
) -> list[dict[str, Any]]:
    """Audit rows of an opportunity in scope, newest first. Raises NotFound."""
    opportunity = get_opportunity(session, actor, opportunity_id)
    return history(session, (OBJECT_TYPE, opportunity.id))


# --- transfer participant -------------------------------------------------------


def move_open_opportunities(
    session: Session, actor: Actor, batch: TransferBatch
) -> Mapping[int, int]:
    """Give the open opportunities of transferred customers to the new owner
    (one UPDATE; an audit row per opportunity). {customer id: moved}."""
    customer_ids = [customer.id for customer in batch.customers]
    moving = session.execute(
        select(Opportunity.id, Opportunity.customer_id, Opportunity.owner_id).where(
            Opportunity.customer_id.in_(customer_ids),
            Opportunity.status == "open",
            or_(
                Opportunity.owner_id.is_(None),
                Opportunity.owner_id != batch.to_user_id,
            ),
        )
    ).all()
    counts = dict.fromkeys(customer_ids, 0)
    if not moving:
        return counts
    ids = [row.id for row in moving]
    session.execute(
        update(Opportunity)
        .where(Opportunity.id.in_(ids))
        .values(
            owner_id=batch.to_user_id,
            updated_by_id=actor.user_id,
            updated_at=utcnow(),
            version=Opportunity.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    for row in moving:
        counts[row.customer_id] += 1
        record_audit(
            session,
            actor,
            "opportunity.transfer",
            OBJECT_TYPE,
            row.id,
            before={"owner_id": row.owner_id},
            after={"owner_id": batch.to_user_id, "note": batch.note},
        )
        key = session.identity_key(Opportunity, row.id)
        if key in session.identity_map:
            session.expire(session.identity_map[key])
    return counts


register_transfer_participant(
    TransferParticipant(
        "opportunities", N_("Open opportunities"), move_open_opportunities
    )
)
