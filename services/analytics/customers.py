"""Customer analytics (客户分析): the subject's customers by source, industry,
level, region (province) and stage, and per owner the customers nobody followed
up for N days.

Which customers count: owned by one of the subject's members
(report.subject_user_ids) within the viewer's scope — so neither the public
pool (no owner) nor the recycle bin (services.customers.scoped_customers).
Option "basis": "created" (the default) keeps the customers created in the
period (new customers, by created_at in the company time zone); "all" keeps
every current customer, whatever the period.

Without follow-up for N days (option "idle_days"): the last follow-up — or,
never followed up, the customer's creation — falls on or before today − N
(local days). It covers all current customers of the subject whatever the
period and basis: neglect is a state of today, and customers new in the period
would hardly ever qualify.

The per-value counts read the tally clock's whole months from a trigger-kept
rollup (models/customer_field_tally.py; everyone's months have rows of their
own) and group the subject's rows only for the hours left over. Other queries
rely on the customers indexes (owner_id, created_at) and (owner_id,
last_followup_at).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from models import Customer, CustomerFieldTally, CustomerTouchTally, User
from models.customer_field_tally import EVERYONE, NO_VALUE
from services.actor import Actor
from services.analytics.periods import Period, utc_bounds
from services.analytics.report import (
    DRILL_KEY,
    TOTAL_KEY,
    TOTAL_LABEL,
    Column,
    DrillPage,
    Option,
    Report,
    ReportFilters,
    Section,
    Table,
    fetch_page,
    require_drillable,
    share,
    subject_creators,
    subject_member,
    subject_owns,
    total_row,
    within_scope,
)
from services.analytics.tallied_counts import (
    LONG_AGO,
    Tallied,
    clock_months,
    days_within,
    tallied_counts,
)
from services.analytics.timestamps import local_date
from services.customers import scoped_customers
from services.dictionaries import labels as dictionary_labels
from services.dictionaries import options as dictionary_options
from services.errors import NotFound
from services.exports import STAGE_LABELS
from services.msgid import N_
from services.org import user_names
from services.regions import province_options
from services.tallies import tallied_customers_by_owner
from services.tally_clock import tally_shift

NONE_KEY = "-"  # the row of customers without a value
NOT_SET = N_("Not set")

BASIS = Option(
    "basis",
    N_("Customers"),
    (("created", N_("New in the period")), ("all", N_("All current customers"))),
    "created",
)
IDLE_DAYS = Option(
    "idle_days",
    N_("No follow-up for"),
    (
        ("7", N_("7 days")),
        ("15", N_("15 days")),
        ("30", N_("30 days")),
        ("60", N_("60 days")),
        ("90", N_("90 days")),
    ),
    "30",
)

CUSTOMER_COLUMNS = (
    Column("name", N_("Customer")),
    Column("owner", N_("Owner")),
    Column("stage", N_("Stage"), "label"),
    Column("created", N_("Created"), "date"),
    Column("last_followup", N_("Last follow-up"), "date"),
    Column("idle_days", N_("Days without follow-up"), "days"),
)


def _customers(
    session: Session, actor: Actor, filters: ReportFilters, *, every: bool = False
) -> Select:
    """The subject's live owned customers: created in the period on the
    "created" basis unless `every` asks for all current ones."""
    query = scoped_customers(actor).where(
        subject_owns(session, actor, filters.subject, Customer.owner_id)
    )
    if not every and BASIS.clean(filters.options.get(BASIS.key)) == "created":
        start, end = utc_bounds(filters.period, filters.zone)
        query = query.where(Customer.created_at >= start, Customer.created_at < end)
    return query


def _owners(
    session: Session, actor: Actor, filters: ReportFilters
) -> Collection[int] | None:
    """The owners whose customers count (None: every owner), as _customers
    narrows them."""
    return within_scope(actor, subject_creators(session, actor, filters.subject))


def _value_counts(
    session: Session, actor: Actor, filters: ReportFilters, column: Any
) -> dict[str | None, int]:
    """{value of the Customer `column` (None: not set): customers} as _customers
    selects them: the tally clock's whole months from the rollup
    (models/customer_field_tally.py), the hours they leave over from the
    customers themselves."""
    tally = CustomerFieldTally
    query = (
        select(tally.value, func.sum(tally.customers))
        .where(tally.field == column.key)
        .group_by(tally.value)
    )
    owners = _owners(session, actor, filters)
    if owners is None:
        query = query.where(tally.owner_key == EVERYONE)
    else:
        query = query.where(tally.owner_key.in_(sorted(owners)))
    leftovers = []
    if BASIS.clean(filters.options.get(BASIS.key)) == "created":
        start, end = utc_bounds(filters.period, filters.zone)
        months, leftovers = clock_months(start, end, tally_shift(session))
        if months is None:
            query = None
        else:
            query = query.where(days_within(tally.month, *months))
    counts: Counter = Counter()
    if query is not None:
        for value, n in session.execute(query):
            counts[None if value == NO_VALUE else value] += n
    for lower, upper in leftovers:
        rows = session.execute(
            _customers(session, actor, filters, every=True)
            .where(Customer.created_at >= lower, Customer.created_at < upper)
            .with_only_columns(column, func.count())
            .group_by(column)
        )
        for value, n in rows:
            counts[value] += n
    return {value: n for value, n in counts.items() if n}


def _customer_page(
    session: Session,
    filters: ReportFilters,
    query: Select,
    order: tuple,
    *,
    title: str,
    page: int,
    page_size: int,
    total: int | None = None,
) -> DrillPage:
    """One page of the customers `query` selects, in `order` (`total` of them,
    if known)."""
    found = fetch_page(
        session,
        query.with_only_columns(
            Customer.id,
            Customer.name,
            Customer.stage,
            Customer.created_at,
            Customer.last_followup_at,
            User.display_name.label("owner"),
        )
        .outerjoin(User, User.id == Customer.owner_id)
        .order_by(*order),
        page,
        page_size,
        total=total,
    )
    rows = []
    for row in found.rows:
        last_followup = row["last_followup_at"]
        touched = local_date(last_followup or row["created_at"], filters.zone)
        rows.append(
            {
                "open": ("customer", row["id"]),
                "name": row["name"],
                "owner": row["owner"] or "",
                "stage": STAGE_LABELS.get(row["stage"], row["stage"]),
                "created": local_date(row["created_at"], filters.zone),
                "last_followup": local_date(last_followup, filters.zone),
                "idle_days": (filters.today - touched).days,
            }
        )
    return DrillPage(
        title, CUSTOMER_COLUMNS, rows, found.total, found.page, found.page_size
    )


# --- by source, industry, level, region, stage ----------------------------------

VALUE_COLUMNS = (
    Column("value", N_("Value"), "label"),
    Column("customers", N_("Customers"), "int", drillable=True),
    Column("share", N_("Share"), "percent"),
)
# (session, language) → {stored value: label}, in display order.
Labels = Callable[[Session, str], dict[str, str]]


def dictionary_values(kind: str) -> Labels:
    """A dictionary kind's labels: active entries in order, then disabled ones."""

    def labels(session: Session, language: str) -> dict[str, str]:
        ordered = {
            o["value"]: o["label"] for o in dictionary_options(session, kind, language)
        }
        every = dictionary_labels(session, language)
        return ordered | {code: text for (k, code), text in every.items() if k == kind}

    return labels


def province_values(session: Session, language: str) -> dict[str, str]:
    return {o["value"]: o["label"] for o in province_options(language)}


def stage_values(session: Session, language: str) -> dict[str, str]:
    return dict(STAGE_LABELS)


@dataclass(frozen=True)
class Dimension:
    """A customer field the page breaks customers down by."""

    key: str
    title: str  # msgid
    column: Any  # the Customer attribute
    labels: Labels

    def load(self, session: Session, actor: Actor, filters: ReportFilters) -> Table:
        """Customers per value (in the field's display order, values without
        customers left out; customers without a value last) and their share."""
        counts = _value_counts(session, actor, filters, self.column)
        whole = sum(counts.values())
        labels = self.labels(session, actor.language)
        values = [v for v in labels if v in counts]
        values += sorted(v for v in counts if v is not None and v not in labels)
        if None in counts:
            values.append(None)
        rows = [
            {
                DRILL_KEY: NONE_KEY if value is None else value,
                "value": NOT_SET if value is None else labels.get(value, value),
                "customers": counts[value],
                "share": share(counts[value], whole),
            }
            for value in values
        ]
        return Table(VALUE_COLUMNS, rows)

    def drill(
        self,
        session: Session,
        actor: Actor,
        filters: ReportFilters,
        row_key: str,
        column_key: str,
        page: int,
        page_size: int,
    ) -> DrillPage:
        """The customers with one value, newest first, as many as the table's
        cell counts (from the rollup: counting them took PostgreSQL through
        every customer with the value, ~150 ms for everyone's year). Raises
        NotFound."""
        require_drillable(VALUE_COLUMNS, column_key)
        labels = self.labels(session, actor.language)
        if row_key != NONE_KEY and row_key not in labels:
            raise NotFound()
        value = None if row_key == NONE_KEY else row_key
        query = _customers(session, actor, filters).where(
            self.column.is_(None) if value is None else self.column == value
        )
        counts = _value_counts(session, actor, filters, self.column)
        return _customer_page(
            session,
            filters,
            query,
            (Customer.created_at.desc(), Customer.id.desc()),
            title=labels.get(row_key, NOT_SET),
            page=page,
            page_size=page_size,
            total=counts.get(value, 0),
        )


DIMENSIONS = (
    Dimension(
        "source", N_("By source"), Customer.source, dictionary_values("customer_source")
    ),
    Dimension(
        "industry", N_("By industry"), Customer.industry, dictionary_values("industry")
    ),
    Dimension(
        "level", N_("By level"), Customer.level, dictionary_values("customer_level")
    ),
    Dimension("region", N_("By region"), Customer.province, province_values),
    Dimension("stage", N_("By stage"), Customer.stage, stage_values),
)


# --- without follow-up for N days -----------------------------------------------

IDLE_COLUMNS = (
    Column("owner", N_("Owner"), "label"),  # names and "Total"
    Column("customers", N_("Customers"), "int"),
    Column("idle", N_("Without follow-up"), "int", drillable=True),
    Column("never", N_("Never followed up"), "int", drillable=True),
    Column("share", N_("Share without follow-up"), "percent"),
)


def _idle_cutoff(filters: ReportFilters) -> dt.datetime:
    """Last touched before this (naive UTC) = without follow-up for N days:
    on or before today − N days."""
    days = int(IDLE_DAYS.clean(filters.options.get(IDLE_DAYS.key)))
    first_recent = filters.today - dt.timedelta(days=days - 1)
    cutoff, _ = utc_bounds(Period(first_recent, first_recent), filters.zone)
    return cutoff


def _idle_clauses(filters: ReportFilters):
    """(idle, never followed up) conditions: last touched before the cutoff."""
    cutoff = _idle_cutoff(filters)
    never = and_(Customer.last_followup_at.is_(None), Customer.created_at < cutoff)
    return or_(Customer.last_followup_at < cutoff, never), never


def _touched_rows(grain: str, first: dt.date, stop: dt.date) -> Select:
    tally = CustomerTouchTally
    return select(
        tally.owner_id.label("author"),
        tally.never.label("type"),
        tally.customers.label("n"),
    ).where(tally.grain == grain, days_within(tally.starts_on, first, stop))


def _touched_records(lower: dt.datetime, upper: dt.datetime) -> Select:
    """Live owned customers last touched in [lower, upper): followed up then,
    or created then and never followed up (each by its own index)."""
    live = (Customer.deleted_at.is_(None), Customer.owner_id.is_not(None))
    followed = select(
        Customer.owner_id.label("author"), literal(0).label("type")
    ).where(
        *live, Customer.last_followup_at >= lower, Customer.last_followup_at < upper
    )
    never = select(Customer.owner_id, literal(1)).where(
        *live,
        Customer.last_followup_at.is_(None),
        Customer.created_at >= lower,
        Customer.created_at < upper,
    )
    both = union_all(followed, never).subquery()
    return select(both.c.author, both.c.type, literal(1).label("n"))


# Customers per owner and `never` by when they were last touched.
TOUCHED = Tallied(_touched_rows, CustomerTouchTally.starts_on, _touched_records)


def idle_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Per owner: customers, those without follow-up for N days and those never
    followed up (most idle first), and the total: the customers from their
    rollup (models/customer_tally.py), the idle ones from the days and months
    they were last touched (models/customer_touch_tally.py)."""
    owners = _owners(session, actor, filters)
    customers = tallied_customers_by_owner(session, owners)
    idle: Counter = Counter()
    never: Counter = Counter()
    start = LONG_AGO - tally_shift(session)
    touched = tallied_counts(
        session, TOUCHED, start, _idle_cutoff(filters), owners, by_type=True
    )
    for owner_id, never_followed, count in touched:
        idle[owner_id] += count
        if never_followed:
            never[owner_id] += count
    names = user_names(session, set(customers))
    rows = sorted(
        (
            {
                DRILL_KEY: str(owner_id),
                "owner": names.get(owner_id, ""),
                "customers": count,
                "idle": idle[owner_id],
                "never": never[owner_id],
                "share": share(idle[owner_id], count),
            }
            for owner_id, count in customers.items()
        ),
        key=lambda row: (-row["idle"], row["owner"]),
    )
    if rows:
        total = total_row(rows, "owner", ("customers", "idle", "never"))
        rows.append(total | {"share": share(total["idle"], total["customers"])})
    return Table(IDLE_COLUMNS, rows)


def idle_drill(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """An owner's (or every) customer without follow-up for N days, or never
    followed up, longest forgotten first. Raises NotFound."""
    require_drillable(IDLE_COLUMNS, column_key)
    idle, never = _idle_clauses(filters)
    query = _customers(session, actor, filters, every=True).where(
        never if column_key == "never" else idle
    )
    title = filters.subject.label or TOTAL_LABEL
    if row_key != TOTAL_KEY:
        owner_id, title = subject_member(session, actor, filters, row_key)
        query = query.where(Customer.owner_id == owner_id)
    last_touch = func.coalesce(Customer.last_followup_at, Customer.created_at)
    return _customer_page(
        session,
        filters,
        query,
        (last_touch.asc(), Customer.id),
        title=title,
        page=page,
        page_size=page_size,
    )


REPORT = Report(
    key="customers",
    title=N_("Customer analytics"),
    sections=(
        *(Section(d.key, d.title, d.load, d.drill) for d in DIMENSIONS),
        Section("idle", N_("Customers without follow-up"), idle_table, idle_drill),
    ),
    options=(BASIS, IDLE_DAYS),
)
