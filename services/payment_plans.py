"""Payment plans (回款计划): the installments a contract is expected to be paid
in, what has been collected against each, and the receivable balance.

Who may change a plan: anyone who may edit contracts (the owner's side sets the
schedule when signing) or payments (finance adjusts it while collecting), within
the contract owner's scope — so CONTRACT_EDIT *or* PAYMENT_EDIT. Reading a plan
needs CONTRACT_VIEW or PAYMENT_VIEW. A voided contract's plan is read-only.

Collected = the sum of approved payments linked to the installment. The plan
total may not exceed the contract amount; an installment may not drop below
what it has collected, nor be deleted once payments point at it. Concurrent plan
edits of one contract are serialised by locking the contract row (SQLite takes
the write lock at BEGIN), so two additions can never push the total past the
contract amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, literal, select
from sqlalchemy.orm import Session

from models import (
    Contract,
    Customer,
    InstallmentDueTally,
    Payment,
    PaymentInstallment,
)
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.contracts import scoped_contracts
from services.customers import stale_conflict
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.paging import Page, clamp_page, count_rows
from services.permissions import (
    CONTRACT_EDIT,
    CONTRACT_VIEW,
    PAYMENT_EDIT,
    PAYMENT_VIEW,
)
from services.product_lines import parse_decimal

ZERO = Decimal("0.00")
MAX_INSTALLMENTS = 120
MAX_REMARK = 500
# "Upcoming" on the installments page: due within this many days.
UPCOMING_DAYS = 30
DUE_FILTERS = ("overdue", "today", "upcoming", "all")
INSTALLMENT_STATES = ("paid", "partly_paid", "due_today", "overdue", "upcoming")
# Payments that still count towards an installment or a contract.
LIVE_PAYMENT_STATUSES = ("draft", "pending", "approved", "rejected")

PLAN_READ_ONLY = N_("This contract is voided: its payment plan can no longer change.")
HAS_PAYMENTS = N_(
    "Payments are recorded against this installment: it cannot be deleted."
)
TOO_MANY = N_("A plan has at most 120 installments.")
PLAN_OVER_AMOUNT = N_("The plan total would exceed the contract amount.")
BELOW_COLLECTED = N_("The amount cannot be less than what was already collected.")
AMOUNT_REQUIRED = N_("Enter an amount greater than 0 (at most 2 decimals).")
DATE_REQUIRED = N_("Enter a valid date.")


# --- scope --------------------------------------------------------------------


def require_any(actor: Actor, *permissions: str) -> None:
    """Raises PermissionDenied unless the actor holds one of `permissions`."""
    if not any(actor.can(p) for p in permissions):
        raise PermissionDenied()


def contract_in_scope(
    session: Session, actor: Actor, contract_id: int | None, *, for_update: bool = False
) -> Contract:
    """A contract whose owner the actor sees (permissions checked by the caller).
    `for_update` locks the row until the transaction ends. Raises NotFound."""
    if contract_id is None:
        raise NotFound()
    query = scoped_contracts(actor).where(Contract.id == contract_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    contract = session.scalar(query)
    if contract is None:
        raise NotFound()
    return contract


def can_edit_plan(actor: Actor, contract: Contract) -> bool:
    return (actor.can(CONTRACT_EDIT) or actor.can(PAYMENT_EDIT)) and (
        contract.status != "voided"
    )


# --- amounts ------------------------------------------------------------------


def collected_by_installment(
    session: Session, installment_ids: set[int]
) -> dict[int, Decimal]:
    """{installment id: sum of its approved payments} (absent = nothing collected)."""
    if not installment_ids:
        return {}
    rows = session.execute(
        select(Payment.installment_id, func.sum(Payment.amount))
        .where(
            Payment.installment_id.in_(installment_ids),
            Payment.status == "approved",
        )
        .group_by(Payment.installment_id)
    )
    return {iid: Decimal(total) for iid, total in rows}


def pending_total(
    session: Session, contract_id: int, *, exclude_payment_id: int | None = None
) -> Decimal:
    """Sum of the contract's payments waiting for approval."""
    query = select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.contract_id == contract_id, Payment.status == "pending"
    )
    if exclude_payment_id is not None:
        query = query.where(Payment.id != exclude_payment_id)
    return Decimal(session.scalar(query) or 0).quantize(Decimal("0.01"))


def receivable(session: Session, contract: Contract) -> dict[str, Any]:
    """Amount, paid (approved), pending and balance (amount − paid) of a contract."""
    paid = Decimal(contract.paid_amount or 0)
    return {
        "contract_id": contract.id,
        "amount": contract.amount,
        "paid": paid,
        "pending": pending_total(session, contract.id),
        "balance": contract.amount - paid,
    }


def contract_receivable(
    session: Session, actor: Actor, contract_id: int
) -> dict[str, Any]:
    """{contract_id, amount, paid, pending, balance} of a contract in scope.
    Raises PermissionDenied, NotFound."""
    require_any(actor, CONTRACT_VIEW, PAYMENT_VIEW)
    return receivable(session, contract_in_scope(session, actor, contract_id))


def customer_receivable(
    session: Session, actor: Actor, customer_id: int
) -> dict[str, Any]:
    """Totals over the customer's approved contracts in scope: {contracts, amount,
    paid, pending, balance}. Raises PermissionDenied."""
    require_any(actor, CONTRACT_VIEW, PAYMENT_VIEW)
    contracts = (
        scoped_contracts(actor)
        .where(Contract.customer_id == customer_id, Contract.status == "approved")
        .subquery()
    )
    count, amount, paid = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(contracts.c.amount), 0),
            func.coalesce(func.sum(contracts.c.paid_amount), 0),
        ).select_from(contracts)
    ).one()
    pending = session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.status == "pending",
            Payment.contract_id.in_(select(contracts.c.id)),
        )
    )
    amount, paid = Decimal(amount), Decimal(paid)
    return {
        "contracts": count,
        "amount": amount,
        "paid": paid,
        "pending": Decimal(pending or 0),
        "balance": amount - paid,
    }


def installment_state(
    due_date: dt.date, amount: Decimal, collected: Decimal, today: dt.date
) -> str:
    """paid, overdue, due_today, partly_paid or upcoming (first that applies)."""
    if collected >= amount:
        return "paid"
    if due_date < today:
        return "overdue"
    if due_date == today:
        return "due_today"
    if collected > 0:
        return "partly_paid"
    return "upcoming"


def _row(item: PaymentInstallment, collected: Decimal, today: dt.date) -> dict:
    return {
        "id": item.id,
        "contract_id": item.contract_id,
        "sequence": item.sequence,
        "due_date": item.due_date,
        "amount": item.amount,
        "remark": item.remark,
        "collected": collected,
        "remaining": max(item.amount - collected, ZERO),
        "state": installment_state(item.due_date, item.amount, collected, today),
        "version": item.version,
    }


# --- the plan of one contract --------------------------------------------------


def _installments(session: Session, contract_id: int) -> list[PaymentInstallment]:
    return list(
        session.scalars(
            select(PaymentInstallment)
            .where(PaymentInstallment.contract_id == contract_id)
            .order_by(PaymentInstallment.sequence, PaymentInstallment.id)
        )
    )


def payment_plan(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> dict[str, Any]:
    """A contract's plan: {contract: {id, number, name, status, customer_id,
    customer}, receivable, planned, unplanned, editable, installments: [rows
    with collected, remaining, state, has_payments]}. Raises PermissionDenied,
    NotFound."""
    require_any(actor, CONTRACT_VIEW, PAYMENT_VIEW)
    contract = contract_in_scope(session, actor, contract_id)
    today = today or dt.date.today()
    items = _installments(session, contract.id)
    ids = {item.id for item in items}
    collected = collected_by_installment(session, ids)
    linked = set(
        session.scalars(
            select(Payment.installment_id)
            .where(
                Payment.installment_id.in_(ids),
                Payment.status.in_(LIVE_PAYMENT_STATUSES),
            )
            .distinct()
        )
        if ids
        else []
    )
    rows = [
        _row(item, collected.get(item.id, ZERO), today)
        | {"has_payments": item.id in linked}
        for item in items
    ]
    planned = sum((item.amount for item in items), ZERO)
    customer = session.scalar(
        select(Customer.name).where(Customer.id == contract.customer_id)
    )
    return {
        "contract": {
            "id": contract.id,
            "number": contract.number,
            "name": contract.name,
            "status": contract.status,
            "customer_id": contract.customer_id,
            "customer": customer or "",
        },
        "receivable": receivable(session, contract),
        "planned": planned,
        "unplanned": max(contract.amount - planned, ZERO),
        "editable": can_edit_plan(actor, contract),
        "installments": rows,
    }


def installment_choices(
    session: Session, actor: Actor, contract_id: int, *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The contract's installments for a payment form's dropdown: {id, sequence,
    due_date, amount, remaining, state}. Raises PermissionDenied, NotFound."""
    plan = payment_plan(session, actor, contract_id, today=today)
    return [
        {k: row[k] for k in ("id", "sequence", "due_date", "amount", "remaining")}
        | {"state": row["state"]}
        for row in plan["installments"]
    ]


# --- editing the plan ------------------------------------------------------------


@dataclass(frozen=True)
class InstallmentIn:
    """One plan row as entered; amount and date may still be raw text."""

    due_date: dt.date | str | None = None
    amount: object = None
    remark: str | None = None


def parse_date(value: object) -> dt.date | None:
    """A date, or an ISO "YYYY-MM-DD" string as one; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def parse_money(value: object) -> Decimal | None:
    """An amount > 0 with at most 2 decimals, else None."""
    amount = parse_decimal(value)
    return amount if amount is not None and amount > 0 else None


def _editable_contract(session: Session, actor: Actor, contract_id: int) -> Contract:
    require_any(actor, CONTRACT_EDIT, PAYMENT_EDIT)
    contract = contract_in_scope(session, actor, contract_id, for_update=True)
    if contract.status == "voided":
        raise Conflict(PLAN_READ_ONLY)
    return contract


def _validated(
    session: Session,
    contract: Contract,
    data: InstallmentIn,
    *,
    current: PaymentInstallment | None = None,
) -> tuple[dt.date, Decimal, str | None]:
    errors: dict[str, str] = {}
    due_date = parse_date(data.due_date)
    if due_date is None:
        errors["due_date"] = DATE_REQUIRED
    amount = parse_money(data.amount)
    remark = clean(data.remark) or None
    if amount is None:
        errors["amount"] = AMOUNT_REQUIRED
    else:
        others = session.scalar(
            select(func.coalesce(func.sum(PaymentInstallment.amount), 0)).where(
                PaymentInstallment.contract_id == contract.id,
                PaymentInstallment.id != (current.id if current else -1),
            )
        )
        if Decimal(others) + amount > contract.amount:
            errors["amount"] = PLAN_OVER_AMOUNT
        elif current is not None:
            collected = collected_by_installment(session, {current.id})
            if amount < collected.get(current.id, ZERO):
                errors["amount"] = BELOW_COLLECTED
    if remark and len(remark) > MAX_REMARK:
        errors["remark"] = N_("At most 500 characters.")
    if errors:
        raise ValidationFailed(errors)
    return due_date, amount, remark


def _renumber(session: Session, contract_id: int) -> None:
    """Sequences 1..n in due-date order. Two passes keep (contract, sequence)
    unique at every statement."""
    items = list(
        session.scalars(
            select(PaymentInstallment)
            .where(PaymentInstallment.contract_id == contract_id)
            .order_by(PaymentInstallment.due_date, PaymentInstallment.id)
        )
    )
    if [item.sequence for item in items] == list(range(1, len(items) + 1)):
        return
    for position, item in enumerate(items, start=1):
        item.sequence = -position
    session.flush()
    for position, item in enumerate(items, start=1):
        item.sequence = position
    session.flush()


def _audit(session, actor, action, contract_id, before=None, after=None) -> None:
    record_audit(
        session, actor, action, "contract", contract_id, before=before, after=after
    )


def add_installment(
    session: Session, actor: Actor, contract_id: int, data: InstallmentIn
) -> PaymentInstallment:
    """Add an installment to a contract's plan (sequence follows the due dates).
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    contract = _editable_contract(session, actor, contract_id)
    count = session.scalar(
        select(func.count()).where(PaymentInstallment.contract_id == contract.id)
    )
    if count >= MAX_INSTALLMENTS:
        raise ValidationFailed({"due_date": TOO_MANY})
    due_date, amount, remark = _validated(session, contract, data)
    highest = session.scalar(
        select(func.max(PaymentInstallment.sequence)).where(
            PaymentInstallment.contract_id == contract.id
        )
    )
    item = PaymentInstallment(
        contract_id=contract.id,
        sequence=(highest or 0) + 1,
        due_date=due_date,
        amount=amount,
        remark=remark,
        created_by_id=actor.user_id,
        updated_by_id=actor.user_id,
    )
    session.add(item)
    session.flush()
    _renumber(session, contract.id)
    _audit(session, actor, "installment.create", contract.id, after=snapshot(item))
    return item


def _installment_for_update(
    session: Session, actor: Actor, installment_id: int
) -> tuple[Contract, PaymentInstallment]:
    contract_id = session.scalar(
        select(PaymentInstallment.contract_id).where(
            PaymentInstallment.id == installment_id
        )
    )
    contract = _editable_contract(session, actor, contract_id)
    item = session.scalar(
        select(PaymentInstallment)
        .where(PaymentInstallment.id == installment_id)
        .execution_options(populate_existing=True)
    )
    if item is None:
        raise NotFound()
    return contract, item


def update_installment(
    session: Session,
    actor: Actor,
    installment_id: int,
    data: InstallmentIn,
    *,
    expected_version: int,
) -> PaymentInstallment:
    """Change an installment's date, amount or remark (edit made on version
    `expected_version`). Raises PermissionDenied, NotFound, Conflict,
    ValidationFailed."""
    contract, item = _installment_for_update(session, actor, installment_id)
    if item.version != expected_version:
        raise stale_conflict(session, "installment", item.id, item.updated_by_id)
    due_date, amount, remark = _validated(session, contract, data, current=item)
    before = snapshot(item)
    item.due_date, item.amount, item.remark = due_date, amount, remark
    item.updated_by_id = actor.user_id
    session.flush()
    _renumber(session, contract.id)
    old, new = changed_fields(before, snapshot(item))
    if new:
        _audit(
            session,
            actor,
            "installment.update",
            contract.id,
            before=old | {"sequence": before["sequence"]},
            after=new,
        )
    return item


def delete_installment(
    session: Session, actor: Actor, installment_id: int, *, expected_version: int
) -> None:
    """Remove an installment no payment points at.
    Raises PermissionDenied, NotFound, Conflict."""
    contract, item = _installment_for_update(session, actor, installment_id)
    if item.version != expected_version:
        raise stale_conflict(session, "installment", item.id, item.updated_by_id)
    linked = session.scalar(
        select(func.count()).where(
            Payment.installment_id == item.id,
            Payment.status.in_(LIVE_PAYMENT_STATUSES),
        )
    )
    if linked:
        raise Conflict(HAS_PAYMENTS)
    before = snapshot(item)
    session.delete(item)
    session.flush()
    _renumber(session, contract.id)
    _audit(session, actor, "installment.delete", contract.id, before=before)


# --- installments due (to-do) ----------------------------------------------------


def collected_column():
    """SQL: what the approved payments linked to an installment collected (kept
    on it by triggers, models/installment_collected.py)."""
    return PaymentInstallment.collected


def _approved_in_focus(query: Select, actor: Actor) -> Select:
    """Restrict an installments query to approved contracts in the actor's
    (focused) scope, by the contract's status and owner each installment
    carries (models/installment_contract.py)."""
    query = query.where(PaymentInstallment.contract_status == "approved")
    if actor.focus_user_ids is not None:
        owners = actor.focus_user_ids
        query = query.where(PaymentInstallment.contract_owner_id.in_(owners))
    return query


def _due_window(due: str, today: dt.date):
    if due == "overdue":
        return PaymentInstallment.due_date < today
    if due == "today":
        return PaymentInstallment.due_date == today
    return and_(
        PaymentInstallment.due_date > today,
        PaymentInstallment.due_date <= today + dt.timedelta(days=UPCOMING_DAYS),
    )


def _due_query(actor: Actor, due: str, today: dt.date) -> Select:
    """Installments of approved contracts in scope with their collected sum,
    filtered by `due` (all but "all" keep only what is still open)."""
    collected = collected_column()
    columns = (PaymentInstallment, collected.label("collected"), Contract)
    query = _approved_in_focus(select(*columns, Customer.name), actor)
    query = query.join(Contract, Contract.id == PaymentInstallment.contract_id)
    query = query.join(Customer, Customer.id == Contract.customer_id)
    if due == "all":
        return query
    return query.where(_due_window(due, today), collected < PaymentInstallment.amount)


def installments_due(
    session: Session,
    actor: Actor,
    *,
    due: str = "overdue",
    page: int = 1,
    page_size: int = 20,
    today: dt.date | None = None,
) -> Page:
    """One page of installments of approved contracts in scope, by `due`:
    overdue, today, upcoming (next 30 days) — unpaid ones — or all; rows carry
    contract, customer, collected, remaining and state. Oldest due first.
    Raises PermissionDenied."""
    require_any(actor, CONTRACT_VIEW, PAYMENT_VIEW)
    today = today or dt.date.today()
    due = due if due in DUE_FILTERS else "overdue"
    page, size = clamp_page(page, page_size)
    query = _due_query(actor, due, today)
    total = count_rows(session, query)
    results = session.execute(
        query.order_by(PaymentInstallment.due_date, PaymentInstallment.id)
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    rows = [
        _row(item, Decimal(collected), today)
        | {
            "contract_number": contract.number,
            "contract_name": contract.name,
            "customer_id": contract.customer_id,
            "customer": customer,
            "owner_id": contract.owner_id,
        }
        for item, collected, contract, customer in results
    ]
    return Page(rows, total, page, size, {"due": due})


def count_installments_due(
    session: Session, actor: Actor, *, today: dt.date | None = None
) -> dict[str, int]:
    """{"overdue": n, "today": m} unpaid installments in the actor's scope.
    Raises PermissionDenied."""
    require_any(actor, CONTRACT_VIEW, PAYMENT_VIEW)
    today = today or dt.date.today()
    if actor.focus_user_ids is None:  # everyone's: from their rollup
        tally = InstallmentDueTally
        due = select(tally.due_date, tally.installments.label("n"))
        return _overdue_and_today(session, due.where(tally.due_date <= today), today)
    collected = collected_column()
    due = _approved_in_focus(
        select(PaymentInstallment.due_date, literal(1).label("n")), actor
    ).where(PaymentInstallment.due_date <= today, collected < PaymentInstallment.amount)
    return _overdue_and_today(session, due, today)


def _overdue_and_today(session: Session, due: Select, today: dt.date) -> dict[str, int]:
    """{"overdue": n, "today": m}: the sums of `due`'s n (none due after
    today) before today and on it."""
    rows = due.subquery()
    overdue, due_today = session.execute(
        select(
            func.coalesce(func.sum(rows.c.n).filter(rows.c.due_date < today), 0),
            func.coalesce(func.sum(rows.c.n).filter(rows.c.due_date == today), 0),
        )
    ).one()
    return {"overdue": int(overdue), "today": int(due_today)}
