"""Payments (回款): money received against an approved contract, recorded as a
draft, approved through the approval engine, then counted in the contract's
paid amount.

Scope follows the contract: a payment's owner is the contract's owner when it is
recorded, and a payment is visible when that owner is in the actor's scope
(finance sees all). Customer and contract are fixed at creation; only drafts and
rejected payments can be edited (optimistic locking on `version`).

The contract amount is never exceeded. Create, edit and submit check the amount
against amount − paid (pending payments of others only warn in the form); the
final approval enforces it with one conditional UPDATE of contracts.paid_amount,
so of two concurrent approvals that together would overshoot, exactly one
succeeds and the other raises Conflict, rolling its whole approval back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from models import (
    Contract,
    Customer,
    Payment,
    PaymentInstallment,
)
from models.contract import APPROVAL_STATUSES
from services.actor import Actor
from services.approvals import ApprovalSubject, register_approval_subject
from services.audit import changed_fields, history, record_audit, snapshot
from services.contracts import scoped_contracts
from services.customers import scoped_customers, stale_conflict
from services.dictionaries import active_codes
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean, normalize_name
from services.numbering import next_number
from services.org import user_names
from services.paging import Page, clamp_page, count_rows, last_page
from services.payment_plans import (
    ZERO,
    contract_in_scope,
    parse_date,
    parse_money,
    pending_total,
    receivable,
)
from services.permissions import (
    CUSTOMER_VIEW,
    PAYMENT_CREATE,
    PAYMENT_EDIT,
    PAYMENT_VIEW,
)
from services.substring_match import has_substring

EDITABLE_STATUSES = ("draft", "rejected")
MAX_REMARK = 1000
NUMBER_ATTEMPTS = 20

EXCEEDS_BALANCE = N_("The amount is more than the contract's receivable balance.")
EXCEEDS_CONTRACT = N_("This payment would exceed the contract amount.")
NOT_EDITABLE = N_("Only drafts and rejected payments can be edited.")
CONTRACT_NOT_APPROVED = N_("The contract is no longer approved.")
FIXED_AT_CREATION = N_("The customer and contract cannot change after creation.")
SUBMIT_OVER_BALANCE = N_(
    "This payment is more than the contract's receivable balance ({balance}): "
    "edit the amount first."
)
SUBMIT_CONTRACT_NOT_APPROVED = N_(
    "The contract of this payment is no longer approved: it cannot be submitted."
)

SORT_COLUMNS = {
    "paid_on": Payment.paid_on,
    "amount": Payment.amount,
    "number": Payment.number,
    "created": Payment.created_at,
    "updated": Payment.updated_at,
}


# --- input ----------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentIn:
    """A payment as entered; amount and date may still be raw form text."""

    customer_id: int | None = None
    contract_id: int | None = None
    installment_id: int | None = None
    amount: object = None
    paid_on: dt.date | str | None = None
    method: str | None = None
    remark: str | None = None


def _customer_visible(session: Session, actor: Actor, customer_id: int) -> bool:
    if not actor.can(CUSTOMER_VIEW):
        return False
    query = scoped_customers(actor).with_only_columns(Customer.id)
    return session.scalar(query.where(Customer.id == customer_id)) is not None


def _payable_contract(
    session: Session, actor: Actor, customer_id: int | None, contract_id: int | None
) -> Contract | None:
    """The approved contract `contract_id` of the customer, in scope, else None."""
    if customer_id is None or contract_id is None:
        return None
    return session.scalar(
        scoped_contracts(actor).where(
            Contract.id == contract_id,
            Contract.customer_id == customer_id,
            Contract.status == "approved",
        )
    )


def _field_errors(
    session: Session,
    actor: Actor,
    data: PaymentIn,
    contract: Contract | None,
    *,
    today: dt.date,
    current: Payment | None = None,
) -> tuple[dict[str, str], Decimal | None, dt.date | None]:
    """Every problem with the input, plus the parsed amount and date. The amount
    is checked against amount − paid of `contract` (None: already reported)."""
    errors: dict[str, str] = {}
    if current is None:
        if data.customer_id is None:
            errors["customer_id"] = N_("Choose a customer.")
        elif not _customer_visible(session, actor, data.customer_id):
            errors["customer_id"] = N_("Choose a customer within your scope.")
        if data.contract_id is None:
            errors["contract_id"] = N_("Choose a contract.")
        elif contract is None and "customer_id" not in errors:
            errors["contract_id"] = N_("Choose an approved contract of this customer.")
    elif contract is None:
        errors["contract_id"] = CONTRACT_NOT_APPROVED
    amount = parse_money(data.amount)
    if amount is None:
        errors["amount"] = N_("Enter an amount greater than 0 (at most 2 decimals).")
    elif contract is not None and amount > contract.amount - contract.paid_amount:
        errors["amount"] = EXCEEDS_BALANCE
    paid_on = parse_date(data.paid_on)
    if paid_on is None:
        errors["paid_on"] = N_("Enter a valid date.")
    elif paid_on > today:
        errors["paid_on"] = N_("The payment date cannot be in the future.")
    unchanged_method = current is not None and data.method == current.method
    if (
        data.method
        and not unchanged_method
        and data.method not in active_codes(session, "payment_method")
    ):
        errors["method"] = N_("Choose a value from the list.")
    if data.installment_id is not None and (
        contract is None
        or session.scalar(
            select(PaymentInstallment.id).where(
                PaymentInstallment.id == data.installment_id,
                PaymentInstallment.contract_id == contract.id,
            )
        )
        is None
    ):
        errors["installment_id"] = N_("Choose an installment of this contract.")
    if data.remark and len(data.remark) > MAX_REMARK:
        errors["remark"] = N_("At most 1000 characters.")
    return errors, amount, paid_on


def _cleaned(data: PaymentIn) -> PaymentIn:
    return PaymentIn(
        customer_id=data.customer_id,
        contract_id=data.contract_id,
        installment_id=data.installment_id,
        amount=data.amount,
        paid_on=data.paid_on,
        method=clean(data.method) or None,
        remark=clean(data.remark) or None,
    )


# --- scope and reads -------------------------------------------------------------


def scoped_payments(actor: Actor, *, focus: bool = False) -> Select:
    """Payments whose owner is in the actor's scope (focused for lists)."""
    user_ids = actor.focus_user_ids if focus else actor.visible_user_ids
    query = select(Payment)
    if user_ids is None:
        return query
    return query.where(Payment.owner_id.in_(user_ids))


def get_payment(
    session: Session, actor: Actor, payment_id: int, *, for_update: bool = False
) -> Payment:
    """A payment in the actor's scope. Raises PermissionDenied, NotFound."""
    actor.require(PAYMENT_VIEW)
    query = scoped_payments(actor).where(Payment.id == payment_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    payment = session.scalar(query)
    if payment is None:
        raise NotFound()
    return payment


def payable_contracts(
    session: Session, actor: Actor, customer_id: int | None, *, include_id=None
) -> list[dict[str, Any]]:
    """Approved contracts of a customer in scope with a receivable balance, for
    the payment form: {id, number, name, amount, paid, balance}; `include_id`
    stays listed even when fully paid. Raises PermissionDenied."""
    actor.require(PAYMENT_VIEW)
    if customer_id is None:
        return []
    contracts = session.scalars(
        scoped_contracts(actor)
        .where(Contract.customer_id == customer_id, Contract.status == "approved")
        .order_by(Contract.sign_date.desc(), Contract.id.desc())
        .limit(200)
    )
    return [
        {
            "id": c.id,
            "number": c.number,
            "name": c.name,
            "amount": c.amount,
            "paid": c.paid_amount,
            "balance": c.amount - c.paid_amount,
        }
        for c in contracts
        if c.paid_amount < c.amount or c.id == include_id
    ]


@dataclass(frozen=True)
class PaymentFilter:
    search: str | None = None
    status: str | None = None
    method: str | None = None
    paid_from: dt.date | None = None
    paid_to: dt.date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    owner_id: int | None = None
    customer_id: int | None = None
    contract_id: int | None = None
    # Lists follow the scope switcher; a detail page's tab shows the whole scope.
    focus: bool = True
    sort: str = "paid_on"
    descending: bool = True
    page: int = 1
    page_size: int = 20


def _search_clause(term: str):
    text = clean(term)
    name = normalize_name(term)
    clauses = [
        Payment.number.contains(text, autoescape=True),
        Contract.number.contains(text, autoescape=True),
    ]
    if name:
        clauses += [
            has_substring(Customer.name_normalized, name),
            Contract.name_normalized.contains(name, autoescape=True),
        ]
    return or_(*clauses)


def filtered_payments(
    actor: Actor, flt: PaymentFilter, *, with_status: bool = True
) -> Select:
    query = (
        scoped_payments(actor, focus=flt.focus)
        .join(Contract, Contract.id == Payment.contract_id)
        .join(Customer, Customer.id == Payment.customer_id)
    )
    if flt.search and clean(flt.search):
        query = query.where(_search_clause(flt.search))
    for column, value in (
        (Payment.method, flt.method),
        (Payment.owner_id, flt.owner_id),
        (Payment.customer_id, flt.customer_id),
        (Payment.contract_id, flt.contract_id),
    ):
        if value is not None and value != "":
            query = query.where(column == value)
    if with_status and flt.status:
        query = query.where(Payment.status == flt.status)
    if flt.paid_from:
        query = query.where(Payment.paid_on >= flt.paid_from)
    if flt.paid_to:
        query = query.where(Payment.paid_on <= flt.paid_to)
    if flt.amount_min is not None:
        query = query.where(Payment.amount >= flt.amount_min)
    if flt.amount_max is not None:
        query = query.where(Payment.amount <= flt.amount_max)
    return query


def list_payments(session: Session, actor: Actor, flt: PaymentFilter) -> Page:
    """One page of payments in scope, with counts and sums per status tab.
    Raises PermissionDenied."""
    actor.require(PAYMENT_VIEW)
    page, size = clamp_page(flt.page, flt.page_size)
    query = filtered_payments(actor, flt)
    total = count_rows(session, query)
    page = min(page, last_page(total, size))  # past the end: the last page
    sort_column = SORT_COLUMNS.get(flt.sort, Payment.paid_on)
    order = sort_column.desc() if flt.descending else sort_column.asc()
    results = session.execute(
        query.add_columns(
            Customer.name, Contract.number, Contract.name, PaymentInstallment.sequence
        )
        .outerjoin(PaymentInstallment, PaymentInstallment.id == Payment.installment_id)
        .order_by(order, Payment.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    names = user_names(session, {r[0].owner_id for r in results} - {None})
    rows = [
        payment_row(payment, names)
        | {
            "customer": customer,
            "contract_number": number,
            "contract_name": contract_name,
            "installment": sequence,
        }
        for payment, customer, number, contract_name, sequence in results
    ]
    counts, sums = status_totals(session, actor, flt)
    return Page(rows, total, page, size, {"status_counts": counts, "status_sums": sums})


def status_totals(
    session: Session, actor: Actor, flt: PaymentFilter
) -> tuple[dict[str, int], dict[str, Decimal]]:
    """Payments and their amount per status under the same filters (the status
    tab itself ignored); "all" leaves out voided payments from the sum."""
    sub = filtered_payments(actor, flt, with_status=False).subquery()
    rows = session.execute(
        select(sub.c.status, func.count(), func.sum(sub.c.amount)).group_by(
            sub.c.status
        )
    ).all()
    counts = dict.fromkeys(APPROVAL_STATUSES, 0)
    sums = dict.fromkeys(APPROVAL_STATUSES, ZERO)
    for status, count, amount in rows:
        counts[status] = count
        sums[status] = Decimal(amount or 0)
    counts["all"] = sum(counts.values())
    sums["all"] = sum((sums[s] for s in APPROVAL_STATUSES if s != "voided"), ZERO)
    return counts, sums


def payment_row(payment: Payment, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": payment.id,
        "number": payment.number,
        "customer_id": payment.customer_id,
        "contract_id": payment.contract_id,
        "installment_id": payment.installment_id,
        "amount": payment.amount,
        "paid_on": payment.paid_on,
        "method": payment.method,
        "status": payment.status,
        "owner_id": payment.owner_id,
        "owner": names.get(payment.owner_id or 0, ""),
        "approved_at": payment.approved_at,
        "created_at": payment.created_at,
        "updated_at": payment.updated_at,
    }


def payment_detail(session: Session, actor: Actor, payment_id: int) -> dict[str, Any]:
    """A payment with its customer, contract (and its receivable), installment and
    the names behind its user ids. Raises PermissionDenied, NotFound."""
    payment = get_payment(session, actor, payment_id)
    contract = session.get(Contract, payment.contract_id)
    customer = session.get(Customer, payment.customer_id)
    installment = (
        session.get(PaymentInstallment, payment.installment_id)
        if payment.installment_id
        else None
    )
    names = user_names(
        session,
        {payment.owner_id, payment.created_by_id, payment.updated_by_id} - {None},
    )
    contract_visible = (
        session.scalar(
            scoped_contracts(actor)
            .with_only_columns(Contract.id)
            .where(Contract.id == contract.id)
        )
        is not None
    )
    return payment_row(payment, names) | {
        "version": payment.version,
        "remark": payment.remark,
        "customer": customer.name if customer else "",
        "customer_visible": _customer_visible(session, actor, payment.customer_id),
        "contract_number": contract.number,
        "contract_name": contract.name,
        "contract_status": contract.status,
        "contract_visible": contract_visible,
        "receivable": receivable(session, contract),
        "installment": installment.sequence if installment else None,
        "installment_due": installment.due_date if installment else None,
        "installment_amount": installment.amount if installment else None,
        "created_by": names.get(payment.created_by_id or 0, ""),
        "updated_by": names.get(payment.updated_by_id or 0, ""),
        "editable": payment.status in EDITABLE_STATUSES and actor.can(PAYMENT_EDIT),
    }


def payment_log(session: Session, actor: Actor, payment_id: int) -> list[dict]:
    """Operation log of a payment in scope, newest first: {id, action, actor, at,
    before, after}. Raises PermissionDenied, NotFound."""
    return history(session, ("payment", get_payment(session, actor, payment_id).id))


def receivable_warning(
    session: Session,
    actor: Actor,
    contract_id: int,
    amount: object,
    *,
    payment_id: int | None = None,
) -> dict[str, Any] | None:
    """For the form: when `amount` fits the balance but not together with the
    other pending payments, {pending, balance, available}; else None.
    Raises PermissionDenied, NotFound."""
    actor.require(PAYMENT_VIEW)
    contract = contract_in_scope(session, actor, contract_id)
    value = parse_money(amount)
    if value is None:
        return None
    balance = contract.amount - contract.paid_amount
    pending = pending_total(session, contract.id, exclude_payment_id=payment_id)
    if value > balance or pending == 0 or value <= balance - pending:
        return None
    return {"pending": pending, "balance": balance, "available": balance - pending}


# --- writes ----------------------------------------------------------------------


def _new_number(session: Session, on: dt.date) -> str:
    """The next payment number not taken yet (an admin may have changed the
    pattern back to one that produced existing numbers)."""
    for _attempt in range(NUMBER_ATTEMPTS):
        number = next_number(session, "payment", on=on)
        taken = session.scalar(select(Payment.id).where(Payment.number == number))
        if taken is None:
            return number
    raise Conflict(
        N_(
            "No free payment number: ask an administrator to check the "
            "numbering pattern."
        )
    )


def create_payment(
    session: Session, actor: Actor, data: PaymentIn, *, today: dt.date | None = None
) -> Payment:
    """Record a draft payment against an approved contract of a customer in
    scope; its owner is the contract's owner. `today` is the company's date (the
    payment date may not be later). Raises PermissionDenied, ValidationFailed."""
    actor.require(PAYMENT_CREATE)
    today = today or dt.date.today()
    data = _cleaned(data)
    contract = _payable_contract(session, actor, data.customer_id, data.contract_id)
    errors, amount, paid_on = _field_errors(session, actor, data, contract, today=today)
    if errors:
        raise ValidationFailed(errors)
    payment = Payment(
        number=_new_number(session, today),
        customer_id=contract.customer_id,
        contract_id=contract.id,
        installment_id=data.installment_id,
        amount=amount,
        paid_on=paid_on,
        method=data.method,
        remark=data.remark,
        owner_id=contract.owner_id,
        status="draft",
        created_by_id=actor.user_id,
        updated_by_id=actor.user_id,
    )
    session.add(payment)
    session.flush()
    record_audit(
        session, actor, "payment.create", "payment", payment.id, after=snapshot(payment)
    )
    return payment


def update_payment(
    session: Session,
    actor: Actor,
    payment_id: int,
    data: PaymentIn,
    *,
    expected_version: int,
    today: dt.date | None = None,
) -> Payment:
    """Save an edit of a draft or rejected payment made on `expected_version`;
    customer and contract stay as they are.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(PAYMENT_EDIT)
    today = today or dt.date.today()
    payment = get_payment(session, actor, payment_id, for_update=True)
    if payment.version != expected_version:
        raise stale_conflict(session, "payment", payment.id, payment.updated_by_id)
    if payment.status not in EDITABLE_STATUSES:
        raise Conflict(NOT_EDITABLE)
    data = _cleaned(data)
    moved = {
        name: FIXED_AT_CREATION
        for name in ("customer_id", "contract_id")
        if getattr(data, name) not in (None, getattr(payment, name))
    }
    contract = _payable_contract(
        session, actor, payment.customer_id, payment.contract_id
    )
    errors, amount, paid_on = _field_errors(
        session, actor, data, contract, today=today, current=payment
    )
    if errors or moved:
        raise ValidationFailed(moved | errors)
    before = snapshot(payment)
    payment.installment_id = data.installment_id
    payment.amount = amount
    payment.paid_on = paid_on
    payment.method = data.method
    payment.remark = data.remark
    payment.updated_by_id = actor.user_id
    session.flush()
    old, new = changed_fields(before, snapshot(payment))
    if new:
        record_audit(
            session,
            actor,
            "payment.update",
            "payment",
            payment.id,
            before=old,
            after=new,
        )
    return payment


def void_payment(
    session: Session, actor: Actor, payment_id: int, *, expected_version: int
) -> Payment:
    """Cancel a draft or rejected payment (kept, marked voided; nothing was
    counted). Raises PermissionDenied, NotFound, Conflict."""
    actor.require(PAYMENT_EDIT)
    payment = get_payment(session, actor, payment_id, for_update=True)
    if payment.version != expected_version:
        raise stale_conflict(session, "payment", payment.id, payment.updated_by_id)
    if payment.status not in EDITABLE_STATUSES:
        raise Conflict(NOT_EDITABLE)
    before = payment.status
    payment.status = "voided"
    payment.updated_by_id = actor.user_id
    session.flush()
    record_audit(
        session,
        actor,
        "payment.void",
        "payment",
        payment.id,
        before={"status": before},
        after={"status": "voided"},
    )
    return payment


# --- approval hooks --------------------------------------------------------------


def _check_submittable(session: Session, actor: Actor, payment: Payment) -> None:
    """Submitting needs an approved contract with room for the amount.
    Raises Conflict."""
    contract = session.get(Contract, payment.contract_id, populate_existing=True)
    if contract.status != "approved":
        raise Conflict(SUBMIT_CONTRACT_NOT_APPROVED)
    balance = contract.amount - contract.paid_amount
    if payment.amount > balance:
        raise Conflict(SUBMIT_OVER_BALANCE, balance=f"{balance:,.2f}")


def _count_approved(session: Session, actor: Actor, payment: Payment) -> None:
    """Add the approved amount to the contract in one conditional UPDATE; when it
    would pass the contract amount (or the contract is no longer approved)
    nothing changes and Conflict rolls the approval back. Raises Conflict."""
    paid = session.execute(
        update(Contract)
        .where(
            Contract.id == payment.contract_id,
            Contract.status == "approved",
            Contract.paid_amount + payment.amount <= Contract.amount,
        )
        .values(paid_amount=Contract.paid_amount + payment.amount)
        .returning(Contract.paid_amount)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if paid is None:
        raise Conflict(EXCEEDS_CONTRACT)
    key = session.identity_key(Contract, payment.contract_id)
    if key in session.identity_map:
        session.expire(session.identity_map[key])
    record_audit(
        session,
        actor,
        "contract.payment_approved",
        "contract",
        payment.contract_id,
        before={"paid_amount": str(paid - payment.amount)},
        after={"paid_amount": str(paid), "payment": payment.number},
    )


def _title(payment: Payment) -> str:
    return f"{payment.number} · ¥{payment.amount:,.2f}"


register_approval_subject(
    ApprovalSubject(
        object_type="payment",
        model=Payment,
        label=N_("Payment"),
        load=get_payment,
        amount=lambda payment: payment.amount,
        title=_title,
        url=lambda payment_id: f"/payments/{payment_id}",
        check_submittable=_check_submittable,
        on_approved=_count_approved,
        approve_permission="payment.approve",
        submit_permission=PAYMENT_EDIT,
    )
)
