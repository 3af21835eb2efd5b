"""Receivables (应收分析): contract amount against what was collected, overdue
installments and their aging, and how long collection takes per rep.

The definitions, used by the tables, charts, drill-downs and exports alike:

* Contract amount vs collected: the approved contracts signed in the period
  (the performance contract_amount: sign date, owner at approval); collected =
  their paid_amount (approved payments so far, whenever paid), outstanding =
  amount − collected, collection rate = collected / amount.
* Overdue installment: an installment of an approved contract due before today
  whose collected sum (approved payments linked to it, as on the payment plan:
  services.payment_plans) is below its amount. Its overdue amount is what
  remains; days overdue = today − due date. Overdue installments belong to the
  contract's current owner (who has to collect them) and are a snapshot of
  today: the period does not apply.
* Days to collect of a rep = Σ(amount × days from the contract's sign date to
  the payment date) / Σ amount, over the approved payments dated in the period,
  attributed like payment_amount (owner at approval).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from models import Contract, Customer, Payment, PaymentInstallment, User
from services.actor import Actor
from services.analytics.performance import amounts, filtered_measure, measure
from services.analytics.report import (
    DRILL_KEY,
    Column,
    DrillPage,
    Report,
    ReportFilters,
    Section,
    Table,
    fetch_page,
    member_row,
    require_drillable,
    subject_member,
    subject_owns,
    visible_member,
)
from services.errors import NotFound
from services.msgid import N_
from services.org import user_names
from services.payment_plans import collected_column
from services.permissions import CONTRACT_VIEW

TENTH = Decimal("0.1")
# (row key, label, overdue at most this many days; None = no limit), youngest first.
AGING_BUCKETS = (
    ("0-30", N_("0–30 days"), 30),
    ("31-60", N_("31–60 days"), 60),
    ("61-90", N_("61–90 days"), 90),
    ("90+", N_("Over 90 days"), None),
)
BUCKET_KEYS = tuple(key for key, _label, _days in AGING_BUCKETS)


# --- shared by the sections ---------------------------------------------------


def _with_open(rows: list[dict], kind: str, key: str) -> list[dict]:
    return [row | {"open": (kind, row[key])} for row in rows]


# --- contract amount vs collected ---------------------------------------------

COLLECTION_COLUMNS = (
    Column("member", N_("Member")),
    Column("contracts", N_("Contracts"), "int", drillable=True),
    Column("amount", N_("Contract amount"), "money", drillable=True),
    Column("collected", N_("Collected"), "money", drillable=True),
    Column("outstanding", N_("Outstanding"), "money", drillable=True),
    Column("rate", N_("Collection rate"), "percent"),
)
OUTSTANDING = Contract.amount - Contract.paid_amount


def _signed_contracts(
    query: Select, session: Session, actor: Actor, filters: ReportFilters
) -> Select:
    """`query` narrowed to the approved contracts signed in the period that count
    for the subject (the contract_amount definition)."""
    return filtered_measure(
        query,
        measure("contract_amount"),
        actor,
        filters.period,
        **filters.subject.filters(session),
    )


def collection_by_member(
    session: Session, actor: Actor, filters: ReportFilters
) -> Table:
    """Per owner at approval: contracts signed in the period, their amount, what
    has been collected on them, what is outstanding and the collection rate."""
    owner = Contract.approved_owner_id
    query = _signed_contracts(
        select(
            owner,
            func.count(),
            func.sum(Contract.amount),
            func.sum(Contract.paid_amount),
        )
        .where(owner.is_not(None))
        .group_by(owner),
        session,
        actor,
        filters,
    )
    found = session.execute(query).all()
    names = user_names(session, {row[0] for row in found})
    rows = []
    for owner_id, count, amount, collected in found:
        amount, collected = Decimal(amount or 0), Decimal(collected or 0)
        rows.append(
            member_row(actor, names, owner_id, "member")
            | {
                "contracts": count,
                "amount": amount,
                "collected": collected,
                "outstanding": amount - collected,
                "rate": collected / amount if amount else None,
            }
        )
    rows.sort(key=lambda row: (-row["amount"], row["member"]))
    return Table(COLLECTION_COLUMNS, rows)


def drill_collection(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The contracts behind a member's cell; `amount` sums the clicked money
    column. Raises NotFound."""
    require_drillable(COLLECTION_COLUMNS, column_key)
    member = visible_member(session, actor, row_key)
    owned = Contract.approved_owner_id == member.id
    money = {
        "amount": Contract.amount,
        "collected": Contract.paid_amount,
        "outstanding": OUTSTANDING,
    }.get(column_key)
    query = _signed_contracts(
        select(
            Contract.id,
            Contract.number,
            Contract.name,
            Customer.name.label("customer"),
            Contract.sign_date,
            Contract.amount,
            Contract.paid_amount.label("collected"),
            OUTSTANDING.label("outstanding"),
        )
        .join(Customer, Customer.id == Contract.customer_id)
        .where(owned),
        session,
        actor,
        filters,
    )
    found = fetch_page(
        session,
        query.order_by(Contract.sign_date.desc(), Contract.id.desc()),
        page,
        page_size,
    )
    amount = None
    if money is not None:
        amount = Decimal(
            session.scalar(
                _signed_contracts(
                    select(func.coalesce(func.sum(money), 0)).where(owned),
                    session,
                    actor,
                    filters,
                )
            )
            or 0
        )
    return DrillPage(
        member.display_name,
        CONTRACT_DRILL_COLUMNS,
        _with_open(found.rows, "contract", "id"),
        found.total,
        found.page,
        found.page_size,
        amount=amount,
    )


CONTRACT_DRILL_COLUMNS = (
    Column("number", N_("Contract number")),
    Column("name", N_("Contract")),
    Column("customer", N_("Customer")),
    Column("sign_date", N_("Sign date"), "date"),
    Column("amount", N_("Contract amount"), "money"),
    Column("collected", N_("Collected"), "money"),
    Column("outstanding", N_("Outstanding"), "money"),
)


# --- overdue installments and aging -------------------------------------------

OVERDUE_COLUMNS = (
    Column("member", N_("Member")),
    Column("installments", N_("Overdue installments"), "int", drillable=True),
    Column("overdue", N_("Overdue amount"), "money", drillable=True),
    *(Column(key, label, "money", drillable=True) for key, label, _d in AGING_BUCKETS),
    Column("oldest_due", N_("Oldest due date"), "date"),
)
AGING_COLUMNS = (
    Column("bucket", N_("Days overdue"), "label"),
    Column("installments", N_("Overdue installments"), "int", drillable=True),
    Column("overdue", N_("Overdue amount"), "money", drillable=True),
)


def _aging_bucket(today: dt.date):
    """SQL: the aging bucket key of an overdue installment."""
    whens = [
        (PaymentInstallment.due_date >= today - dt.timedelta(days=days), key)
        for key, _label, days in AGING_BUCKETS
        if days is not None
    ]
    return case(*whens, else_=BUCKET_KEYS[-1])


def _overdue(
    query: Select,
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    *,
    owner_id: int | None = None,
    bucket: str | None = None,
) -> Select:
    """`query` over installments narrowed to the overdue ones in scope, of one
    owner and/or one aging bucket: by the contract's status and owner each
    installment carries (models/installment_contract.py)."""
    collected = collected_column()
    owner = PaymentInstallment.contract_owner_id
    query = query.select_from(PaymentInstallment).where(
        PaymentInstallment.contract_status == "approved",
        PaymentInstallment.due_date < filters.today,
        collected < PaymentInstallment.amount,
    )
    query = query.where(subject_owns(session, actor, filters.subject, owner))
    if owner_id is not None:
        query = query.where(owner == owner_id)
    if bucket is not None:
        query = query.where(_aging_bucket(filters.today) == bucket)
    return query


def _overdue_facts(session: Session, actor: Actor, filters: ReportFilters):
    """Subquery: one row per overdue installment in scope with its owner, due
    date, aging bucket and remaining amount."""
    remaining = PaymentInstallment.amount - collected_column()
    return _overdue(
        select(
            PaymentInstallment.contract_owner_id.label("owner_id"),
            PaymentInstallment.due_date.label("due_date"),
            _aging_bucket(filters.today).label("bucket"),
            remaining.label("remaining"),
        ),
        session,
        actor,
        filters,
    ).subquery()


def overdue_by_member(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Per contract owner: overdue installments today, the amount still due on
    them, split by how long overdue, and the oldest due date."""
    facts = _overdue_facts(session, actor, filters)
    per_bucket = [
        func.sum(case((facts.c.bucket == key, facts.c.remaining), else_=0))
        for key in BUCKET_KEYS
    ]
    found = session.execute(
        select(
            facts.c.owner_id,
            func.count(),
            func.sum(facts.c.remaining),
            func.min(facts.c.due_date),
            *per_bucket,
        )
        .where(facts.c.owner_id.is_not(None))
        .group_by(facts.c.owner_id)
    ).all()
    names = user_names(session, {row[0] for row in found})
    rows = []
    for owner_id, count, overdue, oldest, *buckets in found:
        rows.append(
            member_row(actor, names, owner_id, "member")
            | {
                "installments": count,
                "overdue": Decimal(overdue or 0),
                "oldest_due": oldest,
                **{
                    key: Decimal(value or 0)
                    for key, value in zip(BUCKET_KEYS, buckets, strict=True)
                },
            }
        )
    rows.sort(key=lambda row: (-row["overdue"], row["member"]))
    return Table(OVERDUE_COLUMNS, rows)


def overdue_aging(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """The overdue amount in scope by days overdue (0–30, 31–60, 61–90, 90+):
    every bucket, empty ones too."""
    facts = _overdue_facts(session, actor, filters)
    found = {
        bucket: (count, Decimal(amount or 0))
        for bucket, count, amount in session.execute(
            select(facts.c.bucket, func.count(), func.sum(facts.c.remaining)).group_by(
                facts.c.bucket
            )
        )
    }
    rows = []
    for key, label, _days in AGING_BUCKETS:
        count, amount = found.get(key, (0, Decimal(0)))
        rows.append(
            {DRILL_KEY: key, "bucket": label, "installments": count, "overdue": amount}
        )
    return Table(AGING_COLUMNS, rows)


INSTALLMENT_DRILL_COLUMNS = (
    Column("number", N_("Contract number")),
    Column("customer", N_("Customer")),
    Column("owner", N_("Owner")),
    Column("sequence", N_("Installment"), "int"),
    Column("due_date", N_("Due date"), "date"),
    Column("days_overdue", N_("Days overdue"), "int"),
    Column("amount", N_("Installment amount"), "money"),
    Column("collected", N_("Collected"), "money"),
    Column("remaining", N_("Overdue amount"), "money"),
)


def _installment_page(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    title: str,
    page: int,
    page_size: int,
    **narrow,
) -> DrillPage:
    """The overdue installments of one owner and/or bucket, oldest due first;
    `amount` = what remains on all of them."""
    collected = collected_column()
    query = (
        _overdue(
            select(
                PaymentInstallment.id,
                Contract.id.label("contract_id"),
                Contract.number,
                Customer.name.label("customer"),
                User.display_name.label("owner"),
                PaymentInstallment.sequence,
                PaymentInstallment.due_date,
                PaymentInstallment.amount,
                collected.label("collected"),
            ),
            session,
            actor,
            filters,
            **narrow,
        )
        .join(Contract, Contract.id == PaymentInstallment.contract_id)
        .join(Customer, Customer.id == Contract.customer_id)
        .outerjoin(User, User.id == Contract.owner_id)
    )
    found = fetch_page(
        session,
        query.order_by(PaymentInstallment.due_date, PaymentInstallment.id),
        page,
        page_size,
    )
    overdue_total = _overdue(
        select(func.coalesce(func.sum(PaymentInstallment.amount - collected), 0)),
        session,
        actor,
        filters,
        **narrow,
    )
    for row in found.rows:
        row["collected"] = Decimal(row["collected"] or 0)
        row["remaining"] = row["amount"] - row["collected"]
        row["days_overdue"] = (filters.today - row["due_date"]).days
        row["open"] = ("contract", row["contract_id"])
    return DrillPage(
        title,
        INSTALLMENT_DRILL_COLUMNS,
        found.rows,
        found.total,
        found.page,
        found.page_size,
        amount=Decimal(session.scalar(overdue_total) or 0),
    )


def drill_overdue(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """A member's overdue installments (of one aging bucket when its column was
    clicked). Raises NotFound."""
    require_drillable(OVERDUE_COLUMNS, column_key)
    user_id, name = subject_member(session, actor, filters, row_key)
    return _installment_page(
        session,
        actor,
        filters,
        name,
        page,
        page_size,
        owner_id=user_id,
        bucket=column_key if column_key in BUCKET_KEYS else None,
    )


def drill_aging(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The overdue installments of one aging bucket. Raises NotFound."""
    require_drillable(AGING_COLUMNS, column_key)
    if row_key not in BUCKET_KEYS:
        raise NotFound()
    label = next(label for key, label, _days in AGING_BUCKETS if key == row_key)
    return _installment_page(
        session, actor, filters, label, page, page_size, bucket=row_key
    )


# --- days to collect ----------------------------------------------------------

DAYS_COLUMNS = (
    Column("member", N_("Member")),
    Column("payments", N_("Payments"), "int", drillable=True),
    Column("amount", N_("Payment amount"), "money", drillable=True),
    Column("days", N_("Days to collect (amount-weighted)"), "days"),
)


def _paid_in_period(
    query: Select, session: Session, actor: Actor, filters: ReportFilters
) -> Select:
    """`query` over payments (joined to their contract) narrowed to the approved
    ones dated in the period that count for the subject (payment_amount)."""
    return filtered_measure(
        query.join(Contract, Contract.id == Payment.contract_id),
        measure("payment_amount"),
        actor,
        filters.period,
        **filters.subject.filters(session),
    )


def days_to_collect(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Per owner at approval: payments dated in the period, their amount and the
    amount-weighted average days from the contract's sign date to payment
    (summed like the payment amount: services.analytics.performance.amounts)."""
    found = amounts(
        session,
        actor,
        "payment_amount",
        filters.period,
        ("owner",),
        weighted_days=True,
        **filters.subject.filters(session),
    )
    found = [row for row in found if row[0] is not None]
    names = user_names(session, {row[0] for row in found})
    rows = []
    for owner_id, count, amount, weighted_days in found:
        days = (weighted_days / amount).quantize(TENTH) if amount else None
        rows.append(
            member_row(actor, names, owner_id, "member")
            | {"payments": count, "amount": amount, "days": days}
        )
    rows.sort(key=lambda row: (row["days"] is None, row["days"], row["member"]))
    return Table(DAYS_COLUMNS, rows)


PAYMENT_DRILL_COLUMNS = (
    Column("number", N_("Payment number")),
    Column("contract", N_("Contract number")),
    Column("customer", N_("Customer")),
    Column("sign_date", N_("Sign date"), "date"),
    Column("paid_on", N_("Payment date"), "date"),
    Column("days", N_("Days to collect"), "int"),
    Column("amount", N_("Payment amount"), "money"),
)


def drill_days_to_collect(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """A member's approved payments in the period with the days each took;
    `amount` = their sum. Raises NotFound."""
    require_drillable(DAYS_COLUMNS, column_key)
    member = visible_member(session, actor, row_key)
    owned = Payment.approved_owner_id == member.id
    query = _paid_in_period(
        select(
            Payment.id,
            Payment.number,
            Contract.number.label("contract"),
            Customer.name.label("customer"),
            Payment.contract_sign_date.label("sign_date"),
            Payment.paid_on,
            Payment.amount,
        )
        .select_from(Payment)
        .join(Customer, Customer.id == Payment.customer_id)
        .where(owned),
        session,
        actor,
        filters,
    )
    found = fetch_page(
        session,
        query.order_by(Payment.paid_on.desc(), Payment.id.desc()),
        page,
        page_size,
    )
    for row in found.rows:
        signed = row["sign_date"]
        row["days"] = (row["paid_on"] - signed).days if signed else None
    amount = session.scalar(
        _paid_in_period(
            select(func.coalesce(func.sum(Payment.amount), 0)).where(owned),
            session,
            actor,
            filters,
        )
    )
    return DrillPage(
        member.display_name,
        PAYMENT_DRILL_COLUMNS,
        _with_open(found.rows, "payment", "id"),
        found.total,
        found.page,
        found.page_size,
        amount=Decimal(amount or 0),
    )


REPORT = Report(
    key="receivables",
    title=N_("Receivables"),
    sections=(
        Section(
            "collection",
            N_("Contract amount vs collected"),
            collection_by_member,
            drill_collection,
        ),
        Section(
            "overdue", N_("Overdue installments"), overdue_by_member, drill_overdue
        ),
        Section("aging", N_("Overdue aging"), overdue_aging, drill_aging),
        Section(
            "days_to_collect",
            N_("Days to collect"),
            days_to_collect,
            drill_days_to_collect,
        ),
    ),
    permission=CONTRACT_VIEW,
)
