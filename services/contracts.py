"""Contracts (合同): scoped list with status tabs, create/edit with product lines
and optimistic locking, numbering, void, delete of drafts, and the contract's
part in approvals (services.approvals) and customer transfers.

Scope follows the contract's owner (owner_id in the actor's visible users).
Life cycle: draft → pending → approved | rejected (→ pending on resubmit);
approved → voided. Only drafts and rejected contracts are edited; the customer
and the opportunity are fixed at creation. The approval engine moves the status
and stores the owner and the owner's team at approval (analytics attribute by
them); the first approved contract of a customer makes it "cooperating".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import (
    ApprovalRequest,
    ApprovalStepApprover,
    Contact,
    Contract,
    ContractLine,
    Customer,
    Opportunity,
    OpportunityLine,
    Payment,
    Team,
    User,
)
from models.base import utcnow
from models.contract import APPROVAL_STATUSES
from services.actor import Actor
from services.approvals import ApprovalSubject, register_approval_subject
from services.audit import changed_fields, history, record_audit
from services.audit import snapshot as column_snapshot
from services.customers import get_customer, scoped_customers, stale_conflict
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.msgid import N_
from services.normalize import clean, normalize_name
from services.numbering import next_number
from services.opportunities import get_opportunity
from services.org import is_assignable, user_names
from services.paging import Page, clamp_page, last_page, sort_order, walks_in_order
from services.permissions import (
    CONTRACT_CREATE,
    CONTRACT_EDIT,
    CONTRACT_VIEW,
    CONTRACT_VOID,
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
    tallied_contract_totals,
    tallied_owners,
)
from services.transfer import (
    TransferBatch,
    TransferParticipant,
    register_transfer_participant,
)

CONTRACT_STATUSES = APPROVAL_STATUSES
EDITABLE_STATUSES = ("draft", "rejected")
RELATED_LIMIT = 200
MAX_NUMBER = 50
MAX_REASON = 1000
NUMBER_ATTEMPTS = 1000

NOT_EDITABLE = N_(
    "Only draft and rejected contracts can be edited: withdraw a pending contract "
    "first; an approved contract must be voided and issued again."
)
ONLY_DRAFT_DELETED = N_("Only draft contracts can be deleted.")
ONLY_APPROVED_VOIDED = N_("Only approved contracts can be voided.")
HAS_APPROVED_PAYMENTS = N_("This contract has approved payments and cannot be voided.")
HAS_PENDING_PAYMENTS = N_(
    "This contract has payments waiting for approval: have them withdrawn or "
    "rejected before voiding it."
)
NUMBER_TAKEN = N_("This number is already used by another contract.")
CUSTOMER_HAS_CONTRACT = N_(
    "{name} has an approved contract and cannot be deleted: void the contract first."
)
FROZEN_FIELD = N_("The customer and the opportunity cannot change after creation.")


# --- input --------------------------------------------------------------------


@dataclass(frozen=True)
class ContractIn:
    """A contract as entered. `amount` is raw text/number (blank = the lines'
    total); `number` blank = generated from the pattern."""

    name: str | None = None
    customer_id: int | None = None
    opportunity_id: int | None = None
    number: str | None = None
    amount: object = None
    sign_date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    customer_signer_id: int | None = None
    our_signer_id: int | None = None
    owner_id: int | None = None
    remark: str | None = None
    lines: tuple[LineIn, ...] = field(default=())

    def cleaned(self) -> ContractIn:
        return replace(
            self,
            name=clean(self.name),
            number=clean(self.number),
            remark=clean(self.remark),
            lines=tuple(self.lines),
        )


@dataclass(frozen=True)
class _Checked:
    """What validation produced besides errors: the amount and priced lines."""

    amount: Decimal | None
    lines: list[PricedLine]


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _amount_problem(raw: object, lines: list[PricedLine]) -> tuple[Decimal | None, str]:
    if _is_blank(raw):
        if lines and lines_total(lines) > 0:
            return lines_total(lines), ""
        return None, N_("Enter the contract amount, or add product lines.")
    amount = parse_decimal(raw)
    if amount is None:
        return None, N_("Enter an amount between 0.01 and 999,999,999,999.99.")
    if amount <= 0:
        return None, N_("The amount must be greater than 0.")
    return amount, ""


def _signer_problem(session: Session, contact_id: int, customer_id: int) -> str:
    owner = session.scalar(select(Contact.customer_id).where(Contact.id == contact_id))
    return "" if owner == customer_id else N_("Choose a contact of this customer.")


def _field_errors(
    session: Session,
    actor: Actor,
    data: ContractIn,
    *,
    customer_id: int | None,
    current: Contract | None = None,
) -> tuple[dict[str, str], dict[str, Any], _Checked]:
    """Every problem with the (cleaned) input: ({field: msgid}, params of the
    "lines" message, the checked amount and lines). Values the edited contract
    (`current`) already has are not re-checked against lists."""
    errors: dict[str, str] = {}
    params: dict[str, Any] = {}
    if not data.name:
        errors["name"] = N_("Name is required.")
    elif len(data.name) > 200:
        errors["name"] = N_("At most 200 characters.")
    if data.number:
        if len(data.number) > MAX_NUMBER:
            errors["number"] = N_("At most 50 characters.")
        elif _number_taken(session, data.number, current.id if current else None):
            errors["number"] = NUMBER_TAKEN
    kept = (
        {line.product_id for line in _stored_lines(session, current.id)}
        if current is not None
        else set()
    )
    lines: list[PricedLine] = []
    try:
        lines = price_lines(session, data.lines, allow_off_sale_ids=kept)
    except ValidationFailed as problem:
        errors |= problem.errors
        params |= problem.params
    amount, amount_problem = _amount_problem(data.amount, lines)
    # A blank amount follows the lines: when they are wrong, their message says it.
    if amount_problem and not (_is_blank(data.amount) and "lines" in errors):
        errors["amount"] = amount_problem
    if data.sign_date is None:
        errors["sign_date"] = N_("Enter the signing date.")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = N_("The end date cannot be before the start date.")
    if data.customer_signer_id is not None and customer_id is not None:
        if problem := _signer_problem(session, data.customer_signer_id, customer_id):
            errors["customer_signer_id"] = problem
    if data.our_signer_id is not None and (
        current is None or data.our_signer_id != current.our_signer_id
    ):
        active = session.scalar(
            select(User.is_active).where(User.id == data.our_signer_id)
        )
        if not active:
            errors["our_signer_id"] = N_("Choose an active user.")
    if (
        data.owner_id is not None
        and (current is None or data.owner_id != current.owner_id)
        and not is_assignable(session, actor, data.owner_id)
    ):
        errors["owner_id"] = N_("Choose an active user within your scope.")
    if data.remark and len(data.remark) > 2000:
        errors["remark"] = N_("At most 2000 characters.")
    return errors, params, _Checked(amount, lines)


def _number_taken(session: Session, number: str, exclude_id: int | None) -> bool:
    query = select(Contract.id).where(Contract.number == number)
    if exclude_id is not None:
        query = query.where(Contract.id != exclude_id)
    return session.scalar(query.limit(1)) is not None


def _generated_number(session: Session, on: dt.date) -> str:
    """The next free number from the pattern: numbers typed in by hand earlier are
    skipped, so generation never collides with them."""
    for _attempt in range(NUMBER_ATTEMPTS):
        number = next_number(session, "contract", on=on)
        if not _number_taken(session, number, None):
            return number
    raise Conflict(N_("No free contract number is left: change the number pattern."))


# --- scope --------------------------------------------------------------------


def scoped_contracts(
    actor: Actor, *, focus: bool = False, owners_unindexed: bool = False
) -> Select:
    """Contracts owned by someone in the actor's scope; `owners_unindexed`: the
    owner list kept from SQLite's choice of index (services/planner_hints.py)."""
    user_ids = actor.focus_user_ids if focus else actor.visible_user_ids
    if user_ids is None:
        return select(Contract)
    owner = unindexed_if(owners_unindexed, Contract.owner_id)
    return select(Contract).where(owner.in_(user_ids))


def get_contract(
    session: Session, actor: Actor, contract_id: int, *, for_update: bool = False
) -> Contract:
    """A contract in the actor's scope. Raises PermissionDenied, NotFound."""
    actor.require(CONTRACT_VIEW)
    query = scoped_contracts(actor).where(Contract.id == contract_id)
    if for_update:
        # The version check that follows must see the committed row.
        query = query.with_for_update().execution_options(populate_existing=True)
    contract = session.scalar(query)
    if contract is None:
        raise NotFound()
    return contract


def _approver_of(session: Session, actor: Actor, contract_id: int) -> bool:
    """Whether the actor is (or was) an approver of one of the contract's requests:
    approvers outside the owner's scope may read what they approve."""
    return bool(
        session.scalar(
            select(
                exists()
                .where(
                    ApprovalStepApprover.request_id == ApprovalRequest.id,
                    ApprovalStepApprover.user_id == actor.user_id,
                )
                .where(
                    ApprovalRequest.object_type == "contract",
                    ApprovalRequest.object_id == contract_id,
                )
            )
        )
    )


def readable_contract(
    session: Session, actor: Actor, contract_id: int
) -> tuple[Contract, bool]:
    """(contract, in scope) for the detail page: in scope, or read-only for one of
    its approvers. Raises NotFound."""
    try:
        return get_contract(session, actor, contract_id), True
    except NotFound:
        if not _approver_of(session, actor, contract_id):
            raise
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    return contract, False


def writable_contract(
    session: Session, actor: Actor, contract_id: int, expected_version: int | None
) -> Contract:
    """A contract in scope, locked and fresh, still at `expected_version` (None:
    not checked), in a status that may be edited. Raises NotFound, Conflict."""
    contract = get_contract(session, actor, contract_id, for_update=True)
    if expected_version is not None and contract.version != expected_version:
        raise stale_conflict(session, "contract", contract.id, contract.updated_by_id)
    if contract.status not in EDITABLE_STATUSES:
        raise Conflict(NOT_EDITABLE)
    return contract


# --- list ---------------------------------------------------------------------

SORT_COLUMNS = {
    "updated": Contract.updated_at,
    "sign_date": Contract.sign_date,
    "amount": Contract.amount,
    "end_date": Contract.end_date,
}


@dataclass(frozen=True)
class ContractFilter:
    search: str | None = None
    status: str | None = None
    owner_id: int | None = None
    customer_id: int | None = None
    sign_from: dt.date | None = None
    sign_to: dt.date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    # Approved contracts ending between `today` and `today + ending_within` days.
    ending_within: int | None = None
    today: dt.date | None = None
    sort: str = "updated"
    descending: bool = True
    page: int = 1
    page_size: int = 20


def ending_clause(today: dt.date, days: int):
    """Approved contracts whose end date is within `days` days from `today`: the
    to-do's "contracts ending soon" and the list filter use this one definition."""
    return (
        (Contract.status == "approved")
        & (Contract.end_date >= today)
        & (Contract.end_date <= today + dt.timedelta(days=max(days, 0)))
    )


def filtered_contracts(
    actor: Actor,
    flt: ContractFilter,
    *,
    with_status: bool = True,
    owners_unindexed: bool = False,
) -> Select:
    query = scoped_contracts(actor, focus=True, owners_unindexed=owners_unindexed).join(
        Customer, Customer.id == Contract.customer_id
    )
    if flt.search and (term := clean(flt.search)):
        name = normalize_name(term)
        clauses = [Contract.number.icontains(term, autoescape=True)]
        if name:
            clauses += [
                Contract.name_normalized.contains(name, autoescape=True),
                has_substring(Customer.name_normalized, name),
            ]
        query = query.where(or_(*clauses))
    if with_status and flt.status:
        query = query.where(Contract.status == flt.status)
    if flt.owner_id is not None:
        query = query.where(Contract.owner_id == flt.owner_id)
    if flt.customer_id is not None:
        query = query.where(Contract.customer_id == flt.customer_id)
    if flt.sign_from:
        query = query.where(Contract.sign_date >= flt.sign_from)
    if flt.sign_to:
        query = query.where(Contract.sign_date <= flt.sign_to)
    if flt.amount_min is not None:
        query = query.where(Contract.amount >= flt.amount_min)
    if flt.amount_max is not None:
        query = query.where(Contract.amount <= flt.amount_max)
    if flt.ending_within is not None:
        query = query.where(
            ending_clause(flt.today or dt.date.today(), flt.ending_within)
        )
    return query


def list_contracts(session: Session, actor: Actor, flt: ContractFilter) -> Page:
    """One page of contracts in the actor's (focused) scope, with the count and
    amount of every status tab. Raises PermissionDenied."""
    actor.require(CONTRACT_VIEW)
    page, size = clamp_page(flt.page, flt.page_size)
    totals = status_totals(session, actor, flt)
    # The tab's own count: one GROUP BY serves the tabs and the pager.
    total = totals.get(flt.status or "all", {"count": 0})["count"]
    page = min(page, last_page(total, size))  # past the end: the last page
    sort_column = SORT_COLUMNS.get(flt.sort, Contract.updated_at)
    walked = walks_in_order(
        session,
        tallied_owners(actor.focus_user_ids, flt.owner_id),
        sort_column is Contract.updated_at,  # the one sort an index gives
        page,
        size,
        total,
        lambda: sum(n for n, _ in tallied_contract_totals(session, None).values()),
    )
    query = filtered_contracts(actor, flt, owners_unindexed=walked)
    rows = session.execute(
        query.add_columns(Customer.name)
        .order_by(*sort_order(sort_column, flt.descending, Contract.id))
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    names = user_names(session, {c.owner_id for c, _name in rows} - {None})
    return Page(
        [contract_row(c, customer_name, names) for c, customer_name in rows],
        total,
        page,
        size,
        {"status_totals": totals},
    )


def status_totals(
    session: Session, actor: Actor, flt: ContractFilter
) -> dict[str, dict[str, Any]]:
    """{status or "all": {"count", "amount"}} under the same filters (the status
    tab itself ignored)."""
    # `today` only dates the ending-soon filter, which the rollup cannot answer.
    if answered_by_tally(flt, ("status", "owner_id", "today")):
        owners = tallied_owners(actor.focus_user_ids, flt.owner_id)
        found = tallied_contract_totals(session, owners)
    else:
        sub = filtered_contracts(actor, flt, with_status=False).subquery()
        rows = session.execute(
            select(
                sub.c.status, func.count(), func.coalesce(func.sum(sub.c.amount), 0)
            ).group_by(sub.c.status)
        ).all()
        found = {status: (count, Decimal(amount)) for status, count, amount in rows}
    totals = {
        status: {
            "count": found.get(status, (0, Decimal(0)))[0],
            "amount": found.get(status, (0, Decimal(0)))[1].quantize(Decimal("0.01")),
        }
        for status in CONTRACT_STATUSES
    }
    totals["all"] = {
        "count": sum(t["count"] for t in totals.values()),
        "amount": sum((t["amount"] for t in totals.values()), Decimal("0.00")),
    }
    return totals


def contract_row(
    contract: Contract, customer_name: str, names: dict[int, str]
) -> dict[str, Any]:
    return {
        "id": contract.id,
        "number": contract.number,
        "name": contract.name,
        "customer_id": contract.customer_id,
        "customer": customer_name,
        "amount": contract.amount,
        "paid_amount": contract.paid_amount or Decimal("0.00"),
        "receivable": contract.amount - (contract.paid_amount or Decimal(0)),
        "status": contract.status,
        "sign_date": contract.sign_date,
        "end_date": contract.end_date,
        "owner_id": contract.owner_id,
        "owner": names.get(contract.owner_id or 0, ""),
        "updated_at": contract.updated_at,
    }


def _related_rows(session: Session, actor: Actor, where) -> list[dict[str, Any]]:
    rows = session.execute(
        scoped_contracts(actor)
        .join(Customer, Customer.id == Contract.customer_id)
        .add_columns(Customer.name)
        .where(where)
        .order_by(Contract.sign_date.desc(), Contract.id.desc())
        .limit(RELATED_LIMIT)
    ).all()
    names = user_names(session, {c.owner_id for c, _name in rows} - {None})
    return [contract_row(c, customer_name, names) for c, customer_name in rows]


def customer_contracts(
    session: Session, actor: Actor, customer_id: int
) -> list[dict[str, Any]]:
    """Contracts of a customer in scope, newest signing first. Raises NotFound."""
    actor.require(CONTRACT_VIEW)
    customer = get_customer(session, actor, customer_id)
    return _related_rows(session, actor, Contract.customer_id == customer.id)


def opportunity_contracts(
    session: Session, actor: Actor, opportunity_id: int
) -> list[dict[str, Any]]:
    """Contracts signed for an opportunity the actor may see. Raises NotFound."""
    actor.require(CONTRACT_VIEW)
    opportunity = get_opportunity(session, actor, opportunity_id)
    return _related_rows(session, actor, Contract.opportunity_id == opportunity.id)


def contract_options(
    session: Session, actor: Actor, customer_id: int, *, status: str = "approved"
) -> list[dict[str, Any]]:
    """Contracts of a customer in scope with `status`, for pickers:
    {"value": id, "label": "number name", "amount", "paid_amount"}."""
    actor.require(CONTRACT_VIEW)
    contracts = session.scalars(
        scoped_contracts(actor)
        .where(Contract.customer_id == customer_id, Contract.status == status)
        .order_by(Contract.sign_date.desc(), Contract.id.desc())
    ).all()
    return [
        {
            "value": c.id,
            "label": f"{c.number} {c.name}",
            "amount": c.amount,
            "paid_amount": c.paid_amount,
        }
        for c in contracts
    ]


# --- detail -------------------------------------------------------------------


def _stored_lines(session: Session, contract_id: int) -> list[ContractLine]:
    return list(
        session.scalars(
            select(ContractLine)
            .where(ContractLine.contract_id == contract_id)
            .order_by(ContractLine.sort_order, ContractLine.id)
        )
    )


def snapshot(session: Session, contract: Contract) -> dict[str, Any]:
    """Audit values: the contract's columns and its lines."""
    values = column_snapshot(contract)
    values["lines"] = [
        {
            "product_id": line.product_id,
            "quantity": str(line.quantity),
            "unit_price": str(line.unit_price),
            "discount": str(line.discount),
            "subtotal": str(line.subtotal),
        }
        for line in _stored_lines(session, contract.id)
    ]
    return values


def contract_detail(session: Session, actor: Actor, contract_id: int) -> dict[str, Any]:
    """The contract's fields, lines and the names behind its ids, plus what the
    actor may do with it. Approvers outside the scope get a read-only view.
    Raises NotFound."""
    contract, in_scope = readable_contract(session, actor, contract_id)
    customer = session.get(Customer, contract.customer_id)
    opportunity = (
        session.get(Opportunity, contract.opportunity_id)
        if contract.opportunity_id
        else None
    )
    signer = (
        session.get(Contact, contract.customer_signer_id)
        if contract.customer_signer_id
        else None
    )
    user_ids = {
        contract.owner_id,
        contract.our_signer_id,
        contract.created_by_id,
        contract.updated_by_id,
        contract.voided_by_id,
        contract.approved_owner_id,
    } - {None}
    names = user_names(session, user_ids)
    team = (
        session.get(Team, contract.approved_team_id)
        if contract.approved_team_id
        else None
    )
    paid = contract.paid_amount or Decimal("0.00")
    status = contract.status
    return column_snapshot(contract) | {
        "amount": contract.amount,
        "paid_amount": paid,
        "receivable": contract.amount - paid,
        "sign_date": contract.sign_date,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "version": contract.version,
        "customer": customer.name if customer else "",
        "customer_visible": customer is not None
        and _customer_visible(session, actor, customer.id),
        "opportunity": opportunity.name if opportunity else "",
        "customer_signer": signer.name if signer else "",
        "our_signer": names.get(contract.our_signer_id or 0, ""),
        "owner": names.get(contract.owner_id or 0, ""),
        "approved_owner": names.get(contract.approved_owner_id or 0, ""),
        "approved_team": team.name if team else "",
        "created_by": names.get(contract.created_by_id or 0, ""),
        "updated_by": names.get(contract.updated_by_id or 0, ""),
        "voided_by": names.get(contract.voided_by_id or 0, ""),
        "created_at": contract.created_at,
        "updated_at": contract.updated_at,
        "approved_at": contract.approved_at,
        "voided_at": contract.voided_at,
        "lines": line_rows(
            session, actor.language, _stored_lines(session, contract.id)
        ),
        "in_scope": in_scope,
        "can_edit": in_scope
        and status in EDITABLE_STATUSES
        and actor.can(CONTRACT_EDIT),
        "can_delete": in_scope and status == "draft" and actor.can(CONTRACT_EDIT),
        "can_void": in_scope and status == "approved" and actor.can(CONTRACT_VOID),
        "can_record_payment": status == "approved"
        and contract.amount > paid
        and actor.can("payment.create"),
    }


def _customer_visible(session: Session, actor: Actor, customer_id: int) -> bool:
    return (
        session.scalar(
            scoped_customers(actor)
            .with_only_columns(Customer.id)
            .where(Customer.id == customer_id)
        )
        is not None
    )


def contract_log(
    session: Session, actor: Actor, contract_id: int
) -> list[dict[str, Any]]:
    """Audit rows of a contract the actor may read, newest first. Raises NotFound."""
    contract, _in_scope = readable_contract(session, actor, contract_id)
    return history(session, ("contract", contract.id))


def contract_prefill(
    session: Session,
    actor: Actor,
    *,
    customer_id: int | None = None,
    opportunity_id: int | None = None,
) -> dict[str, Any]:
    """Starting values of a new contract opened from a customer or an opportunity
    (its customer, name and product lines). Unknown or out-of-scope ids are
    ignored."""
    values: dict[str, Any] = {}
    if opportunity_id is not None:
        try:
            opportunity = get_opportunity(session, actor, opportunity_id)
        except (NotFound, PermissionDenied):
            opportunity = None
        if opportunity is not None:
            customer_id = opportunity.customer_id
            lines = session.scalars(
                select(OpportunityLine)
                .where(OpportunityLine.opportunity_id == opportunity.id)
                .order_by(OpportunityLine.sort_order, OpportunityLine.id)
            ).all()
            values |= {
                "opportunity_id": opportunity.id,
                "name": opportunity.name,
                "lines": line_rows(session, actor.language, lines),
            }
    if customer_id is not None:
        try:
            customer = get_customer(session, actor, customer_id)
        except NotFound:
            return {}
        values |= {"customer_id": customer.id, "customer": customer.name}
        values.setdefault("owner_id", customer.owner_id)
    return values


def customer_signer_options(
    session: Session, actor: Actor, customer_id: int
) -> list[dict[str, Any]]:
    """Contacts of a customer in scope, primary first: {"value", "label"}.
    Raises NotFound."""
    customer = get_customer(session, actor, customer_id)
    contacts = session.execute(
        select(Contact.id, Contact.name, Contact.title)
        .where(Contact.customer_id == customer.id)
        .order_by(Contact.is_primary.desc(), Contact.id)
    ).all()
    return [
        {"value": c.id, "label": f"{c.name} · {c.title}" if c.title else c.name}
        for c in contacts
    ]


def signer_choices(session: Session) -> list[tuple[int, str]]:
    """Active users who may sign for the company: (id, display name)."""
    return [
        tuple(row)
        for row in session.execute(
            select(User.id, User.display_name)
            .where(User.is_active.is_(True))
            .order_by(User.display_name)
        )
    ]


# --- create / edit ------------------------------------------------------------


def _apply(contract: Contract, data: ContractIn, amount: Decimal) -> None:
    contract.name = data.name
    contract.name_normalized = normalize_name(data.name)
    contract.amount = amount
    contract.sign_date = data.sign_date
    contract.start_date = data.start_date
    contract.end_date = data.end_date
    contract.customer_signer_id = data.customer_signer_id
    contract.our_signer_id = data.our_signer_id
    contract.owner_id = data.owner_id
    contract.remark = data.remark


def _replace_lines(session: Session, contract_id: int, lines: list[PricedLine]) -> None:
    session.execute(delete(ContractLine).where(ContractLine.contract_id == contract_id))
    session.add_all(
        ContractLine(
            contract_id=contract_id,
            product_id=line.product_id,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            subtotal=line.subtotal,
            sort_order=position,
        )
        for position, line in enumerate(lines)
    )


def _opportunity_problem(
    session: Session, actor: Actor, opportunity_id: int, customer_id: int | None
) -> str:
    try:
        opportunity = get_opportunity(session, actor, opportunity_id)
    except (NotFound, PermissionDenied):
        return N_("Choose an opportunity of this customer.")
    if customer_id is not None and opportunity.customer_id != customer_id:
        return N_("Choose an opportunity of this customer.")
    return ""


def _save_number(session: Session, contract: Contract) -> None:
    """Flush inside a savepoint: a number taken by a concurrent save meanwhile
    (the unique key decides) becomes a field error instead of a broken
    transaction."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:
        raise ValidationFailed({"number": NUMBER_TAKEN}) from error


def create_contract(
    session: Session, actor: Actor, data: ContractIn, *, today: dt.date | None = None
) -> Contract:
    """Create a draft contract for a customer in scope; the number is generated
    unless typed in, the owner defaults to the customer's owner.
    Raises PermissionDenied, ValidationFailed."""
    actor.require(CONTRACT_CREATE)
    data = data.cleaned()
    errors: dict[str, str] = {}
    customer = None
    if data.customer_id is None:
        errors["customer_id"] = N_("Choose a customer.")
    else:
        try:
            customer = get_customer(session, actor, data.customer_id)
        except NotFound:
            errors["customer_id"] = N_("Choose a customer within your scope.")
    if data.opportunity_id is not None and (
        problem := _opportunity_problem(
            session, actor, data.opportunity_id, customer.id if customer else None
        )
    ):
        errors["opportunity_id"] = problem
    # A chosen owner is checked; the default (the customer's owner, else the
    # actor) is not: it is the natural owner even if not one the actor could pick.
    field_errors, params, checked = _field_errors(
        session, actor, data, customer_id=customer.id if customer else None
    )
    errors |= field_errors
    if data.owner_id is None:
        owner = customer.owner_id if customer and customer.owner_id else actor.user_id
        data = replace(data, owner_id=owner)
    if errors:
        raise ValidationFailed(errors, **params)
    contract = Contract(
        customer_id=customer.id,
        opportunity_id=data.opportunity_id,
        number=data.number or _generated_number(session, today or dt.date.today()),
        paid_amount=Decimal("0.00"),
        status="draft",
        created_by_id=actor.user_id,
        updated_by_id=actor.user_id,
    )
    _apply(contract, data, checked.amount)
    session.add(contract)
    _save_number(session, contract)
    _replace_lines(session, contract.id, checked.lines)
    session.flush()
    record_audit(
        session,
        actor,
        "contract.create",
        "contract",
        contract.id,
        after=snapshot(session, contract),
    )
    return contract


def update_contract(
    session: Session,
    actor: Actor,
    contract_id: int,
    data: ContractIn,
    *,
    expected_version: int,
) -> Contract:
    """Save an edit of a draft or rejected contract made on `expected_version`;
    the customer and the opportunity stay as they are (a different value is a
    field error). Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(CONTRACT_EDIT)
    contract = writable_contract(session, actor, contract_id, expected_version)
    data = data.cleaned()
    errors: dict[str, str] = {}
    if data.customer_id is not None and data.customer_id != contract.customer_id:
        errors["customer_id"] = FROZEN_FIELD
    if data.opportunity_id is not None and (
        data.opportunity_id != contract.opportunity_id
    ):
        errors["opportunity_id"] = FROZEN_FIELD
    if data.owner_id is None:
        data = replace(data, owner_id=contract.owner_id)
    if data.number is None:
        data = replace(data, number=contract.number)
    field_errors, params, checked = _field_errors(
        session, actor, data, customer_id=contract.customer_id, current=contract
    )
    errors |= field_errors
    if errors:
        raise ValidationFailed(errors, **params)
    before = snapshot(session, contract)
    _apply(contract, data, checked.amount)
    contract.number = data.number
    contract.updated_by_id = actor.user_id
    _save_number(session, contract)
    _replace_lines(session, contract.id, checked.lines)
    session.flush()
    old, new = changed_fields(before, snapshot(session, contract))
    if new:
        record_audit(
            session,
            actor,
            "contract.update",
            "contract",
            contract.id,
            before=old,
            after=new,
        )
    return contract


def delete_contract(
    session: Session, actor: Actor, contract_id: int, *, expected_version: int | None
) -> None:
    """Delete a draft contract and its lines for good (the audit row keeps what it
    was). Raises PermissionDenied, NotFound, Conflict."""
    actor.require(CONTRACT_EDIT)
    contract = get_contract(session, actor, contract_id, for_update=True)
    if expected_version is not None and contract.version != expected_version:
        raise stale_conflict(session, "contract", contract.id, contract.updated_by_id)
    if contract.status != "draft":
        raise Conflict(ONLY_DRAFT_DELETED)
    record_audit(
        session,
        actor,
        "contract.delete",
        "contract",
        contract.id,
        before=snapshot(session, contract),
    )
    session.execute(delete(ContractLine).where(ContractLine.contract_id == contract.id))
    session.delete(contract)
    session.flush()


def void_contract(
    session: Session,
    actor: Actor,
    contract_id: int,
    *,
    reason: str | None,
    expected_version: int | None = None,
) -> Contract:
    """Void an approved contract with a reason; refused while it has approved or
    pending payments. Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(CONTRACT_VOID)
    reason = clean(reason)
    if not reason:
        raise ValidationFailed({"reason": N_("Give a reason for voiding.")})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": N_("At most 1000 characters.")})
    contract = get_contract(session, actor, contract_id, for_update=True)
    if expected_version is not None and contract.version != expected_version:
        raise stale_conflict(session, "contract", contract.id, contract.updated_by_id)
    if contract.status != "approved":
        raise Conflict(ONLY_APPROVED_VOIDED)
    payment_statuses = set(
        session.scalars(
            select(Payment.status)
            .where(
                Payment.contract_id == contract.id,
                Payment.status.in_(("approved", "pending")),
            )
            .distinct()
        )
    )
    if "approved" in payment_statuses or (contract.paid_amount or 0) > 0:
        raise Conflict(HAS_APPROVED_PAYMENTS)
    if "pending" in payment_statuses:
        raise Conflict(HAS_PENDING_PAYMENTS)
    contract.status = "voided"
    contract.voided_at = utcnow()
    contract.voided_by_id = actor.user_id
    contract.void_reason = reason
    contract.updated_by_id = actor.user_id
    session.flush()
    record_audit(
        session,
        actor,
        "contract.void",
        "contract",
        contract.id,
        before={"status": "approved"},
        after={"status": "voided", "void_reason": reason},
    )
    return contract


# --- customers ----------------------------------------------------------------


def customers_with_approved_contracts(
    session: Session, customer_ids: list[int]
) -> list[tuple[int, str]]:
    """(id, name) of the given customers that have an approved, not voided
    contract (such a customer cannot go to the recycle bin)."""
    if not customer_ids:
        return []
    return [
        tuple(row)
        for row in session.execute(
            select(Customer.id, Customer.name)
            .where(
                Customer.id.in_(customer_ids),
                exists().where(
                    Contract.customer_id == Customer.id,
                    Contract.status == "approved",
                ),
            )
            .order_by(Customer.id)
        )
    ]


def _mark_customer_cooperating(
    session: Session, actor: Actor, contract: Contract
) -> None:
    """The first approved contract makes its customer cooperating (签单)."""
    earlier = session.scalar(
        select(
            exists().where(
                Contract.customer_id == contract.customer_id,
                Contract.id != contract.id,
                Contract.approved_at.is_not(None),
            )
        )
    )
    if earlier:
        return
    customer = session.scalar(
        select(Customer)
        .where(Customer.id == contract.customer_id, Customer.deleted_at.is_(None))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if customer is None or customer.stage == "cooperating":
        return
    before = customer.stage
    customer.stage = "cooperating"
    customer.updated_by_id = actor.user_id
    session.flush()
    record_audit(
        session,
        actor,
        "customer.signed",
        "customer",
        customer.id,
        before={"stage": before},
        after={
            "stage": "cooperating",
            "contract_id": contract.id,
            "contract_number": contract.number,
        },
    )


# --- approvals ----------------------------------------------------------------


def check_submittable(session: Session, actor: Actor, contract: Contract) -> None:
    """A contract goes to approval only when everything required is valid now.
    Raises ValidationFailed."""
    stored = _stored_lines(session, contract.id)
    data = ContractIn(
        name=contract.name,
        number=contract.number,
        amount=contract.amount,
        sign_date=contract.sign_date,
        start_date=contract.start_date,
        end_date=contract.end_date,
        customer_signer_id=contract.customer_signer_id,
        our_signer_id=contract.our_signer_id,
        owner_id=contract.owner_id,
        remark=contract.remark,
        lines=tuple(
            LineIn(line.product_id, line.quantity, line.unit_price, line.discount)
            for line in stored
        ),
    )
    errors, params, _checked = _field_errors(
        session, actor, data, customer_id=contract.customer_id, current=contract
    )
    customer_live = session.scalar(
        select(Customer.id).where(
            Customer.id == contract.customer_id, Customer.deleted_at.is_(None)
        )
    )
    if customer_live is None:
        errors["customer_id"] = N_("The customer of this contract has been deleted.")
    if errors:
        raise ValidationFailed(errors, **params)


register_approval_subject(
    ApprovalSubject(
        object_type="contract",
        model=Contract,
        label=N_("Contract"),
        load=get_contract,
        amount=lambda contract: contract.amount,
        title=lambda contract: f"{contract.number} {contract.name}",
        url=lambda contract_id: f"/contracts/{contract_id}",
        check_submittable=check_submittable,
        on_approved=_mark_customer_cooperating,
        approve_permission="contract.approve",
    )
)


# --- transfers ----------------------------------------------------------------


def move_contracts(
    session: Session, actor: Actor, batch: TransferBatch
) -> dict[int, int]:
    """Give the non-voided contracts of transferred customers to the new owner.
    Approved contracts keep the owner and team they were approved under, which
    analytics attribute by. Returns {customer id: contracts moved}."""
    customer_ids = [customer.id for customer in batch.customers]
    if not customer_ids:
        return {}
    moving = session.execute(
        select(Contract.id, Contract.customer_id, Contract.owner_id)
        .where(
            Contract.customer_id.in_(customer_ids),
            Contract.status != "voided",
            Contract.owner_id.is_distinct_from(batch.to_user_id),
        )
        .order_by(Contract.id)
    ).all()
    counts = dict.fromkeys(customer_ids, 0)
    if not moving:
        return counts
    session.execute(
        update(Contract)
        .where(Contract.id.in_([row.id for row in moving]))
        .values(
            owner_id=batch.to_user_id,
            updated_by_id=actor.user_id,
            updated_at=utcnow(),
            version=Contract.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    for row in moving:
        key = session.identity_key(Contract, row.id)
        if key in session.identity_map:
            session.expire(session.identity_map[key])
        counts[row.customer_id] += 1
        record_audit(
            session,
            actor,
            "contract.transfer",
            "contract",
            row.id,
            before={"owner_id": row.owner_id},
            after={"owner_id": batch.to_user_id, "note": batch.note},
        )
    session.flush()
    return counts


register_transfer_participant(
    TransferParticipant("contracts", N_("Contracts"), move_contracts)
)
