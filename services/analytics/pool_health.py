"""Pool health (公海分析): how big the public pool is and was, what flows in and
out and why, how long customers sit in it, whose customers will return to it
soon, and how many customers taken from it were signed.

The definitions, used by the tables, charts, drill-downs and exports alike:

* Pool size at a moment = today's pool (live customers without an owner) minus
  the moves into it since that moment plus the moves out of it since (the
  PoolEvent history, services.pool / services.pool_job). Moves to and from the
  recycle bin are no pool events, so they are not reconstructed.
* Inflow / outflow: the pool events in the period by reason — in: released by
  hand (with a reason), returned by a rule (no follow-up, not signed, dormant);
  out: claimed, assigned by a leader, assigned after a cross-team review.
* Aging: today's pool by whole days since the customer entered it.
* Returning soon: owned customers whose return deadline under the pool rules
  (services.pool, as /pool-expiring computes it) falls within the next N days,
  per owner.
* Claimed → signed: customers an owner took from the pool in the period
  (claimed or assigned) and how many of them got a contract approved after
  that, per owner.

The pool itself is shared: its size, flows and aging follow the pool's own
visibility (whoever may claim or assign sees the whole pool) and ignore the
team and member filter. The per-owner sections are scoped like any record.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, exists, func, literal, select, true, union_all
from sqlalchemy.orm import Session

from models import Contract, Customer, PoolEvent, User
from models.base import utcnow
from models.pool import POOL_IN_REASONS, POOL_OUT_REASONS
from services.actor import Actor
from services.analytics.periods import Period, month_period, utc_bounds
from services.analytics.report import (
    DRILL_KEY,
    Column,
    DrillPage,
    Option,
    Report,
    ReportFilters,
    Section,
    Table,
    fetch_page,
    member_row,
    require_drillable,
    share,
    subject_creators,
    subject_member,
    subject_user_ids,
)
from services.analytics.timestamps import local_date
from services.errors import NotFound
from services.exports import STAGE_LABELS
from services.msgid import N_
from services.org import user_names
from services.paging import clamp_page, count_rows
from services.planner_hints import likely
from services.pool import (
    REASON_LABELS,
    candidate_clause,
    get_rules,
    pool_customers,
    require_pool_access,
)
from services.pool_job import row_deadline

DIRECTION_LABELS = {"in": N_("Into the pool"), "out": N_("Out of the pool")}
# (row key, label, at most this many whole days in the pool; None = no limit).
AGING_BUCKETS = (
    ("0-7", N_("0–7 days"), 7),
    ("8-30", N_("8–30 days"), 30),
    ("31-90", N_("31–90 days"), 90),
    ("90+", N_("Over 90 days"), None),
)
WITHIN = Option(
    key="within",
    label=N_("Returning within"),
    choices=(
        ("3", N_("3 days")),
        ("7", N_("7 days")),
        ("15", N_("15 days")),
        ("30", N_("30 days")),
    ),
    default="7",
)
# Periods up to this many days are drawn per day, up to the second per week,
# longer ones per month.
DAILY_UP_TO = 31
WEEKLY_UP_TO = 26 * 7


# --- shared by the sections ---------------------------------------------------


def _openable(actor: Actor, rows: list[dict], *, pool: bool) -> list[dict]:
    """Rows (with the customer's owner_id and deleted_at, dropped here) link
    their customer when the actor sees its owner, and, with `pool` (the caller
    checked pool access), the pool's own page of one in the pool now."""
    for row in rows:
        owner_id, deleted_at = row.pop("owner_id"), row.pop("deleted_at")
        if deleted_at is not None:
            continue
        if owner_id is None and pool:
            row["open"] = ("pool_customer", row["id"])
        elif owner_id is not None and actor.sees_user(owner_id):
            row["open"] = ("customer", row["id"])
    return rows


# --- pool size over time ------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    first: dt.date
    last: dt.date


def buckets(period: Period, today: dt.date) -> list[Bucket]:
    """The days, weeks (Monday to Sunday) or months of the period up to today,
    clipped to the period; the unit follows the period's length."""
    end = min(period.end, today)
    found: list[Bucket] = []
    first = period.start
    while first <= end:
        if period.days <= DAILY_UP_TO:
            last = first
        elif period.days <= WEEKLY_UP_TO:
            last = first + dt.timedelta(days=6 - first.weekday())
        else:
            last = month_period(first.year, first.month).end
        last = min(last, end)
        found.append(Bucket(first, last))
        first = last + dt.timedelta(days=1)
    return found


def _midnight_after(day: dt.date, zone: str) -> dt.datetime:
    """The naive UTC moment the local day ends."""
    return utc_bounds(Period(day, day), zone)[1]


SIZE_COLUMNS = (
    Column("day", N_("Date"), "date"),
    Column("size", N_("Pool size"), "int"),
    Column("inflow", N_("Into the pool"), "int", drillable=True),
    Column("outflow", N_("Out of the pool"), "int", drillable=True),
)


def pool_size(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """The pool's size at the end of each day, week or month of the period (up
    to today) with the moves in and out during it. Raises PermissionDenied."""
    require_pool_access(actor)
    periods = buckets(filters.period, filters.today)
    if not periods:
        return Table(SIZE_COLUMNS, [])
    ends = [_midnight_after(b.last, filters.zone) for b in periods]
    start = utc_bounds(filters.period, filters.zone)[0]
    # A range count per bucket (and one after the last): a CASE over the
    # bucket ends had SQLite test each of a year's 70,000 moves against them
    # (42 -> 6 ms; PostgreSQL 17 -> 12).
    spans = zip([start, *ends], [*ends, None], strict=True)
    moves: dict[tuple[int, str], int] = {
        (position, direction): count
        for position, direction, count in session.execute(
            union_all(
                *(
                    select(literal(position), PoolEvent.direction, func.count())
                    .where(
                        PoolEvent.created_at >= lower,
                        PoolEvent.created_at < upper if upper else true(),
                    )
                    .group_by(PoolEvent.direction)
                    for position, (lower, upper) in enumerate(spans)
                )
            )
        )
    }
    size = count_rows(session, pool_customers())
    rows = []
    # Today's pool, then bucket by bucket back in time: a bucket ends with the
    # size before the moves after it (the last position: after the period).
    for position in range(len(ends), -1, -1):
        inflow = moves.get((position, "in"), 0)
        outflow = moves.get((position, "out"), 0)
        if position < len(ends):
            bucket = periods[position]
            rows.append(
                {
                    DRILL_KEY: bucket.first.isoformat(),
                    "day": bucket.last,
                    "size": size,
                    "inflow": inflow,
                    "outflow": outflow,
                }
            )
        size += outflow - inflow
    rows.reverse()
    return Table(SIZE_COLUMNS, rows)


EVENT_DRILL_COLUMNS = (
    Column("name", N_("Customer")),
    Column("day", N_("Date"), "date"),
    Column("reason", N_("Reason"), "label"),
    Column("person", N_("Owner")),
    Column("note", N_("Note")),
)


def _event_page(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    title: str,
    conditions: list,
    page: int,
    page_size: int,
) -> DrillPage:
    """The pool events matching `conditions`, newest first: the customer, when,
    why, whose it was (in) or became (out) and the release note."""
    query = (
        select(
            Customer.id,
            Customer.name,
            Customer.owner_id,
            Customer.deleted_at,
            PoolEvent.created_at,
            PoolEvent.reason,
            User.display_name.label("person"),
            PoolEvent.note,
        )
        .select_from(PoolEvent)
        .join(Customer, Customer.id == PoolEvent.customer_id)
        .outerjoin(User, User.id == PoolEvent.owner_id)
        .where(*conditions)
        .order_by(PoolEvent.created_at.desc(), PoolEvent.id.desc())
    )
    found = fetch_page(session, query, page, page_size)
    for row in found.rows:
        row["day"] = local_date(row.pop("created_at"), filters.zone)
        row["reason"] = REASON_LABELS.get(row["reason"], row["reason"])
    rows = _openable(actor, found.rows, pool=True)
    return DrillPage(
        title, EVENT_DRILL_COLUMNS, rows, found.total, found.page, found.page_size
    )


def drill_size(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The moves into or out of the pool during one day, week or month.
    Raises PermissionDenied, NotFound."""
    require_pool_access(actor)
    require_drillable(SIZE_COLUMNS, column_key)
    bucket = next(
        (
            b
            for b in buckets(filters.period, filters.today)
            if b.first.isoformat() == row_key
        ),
        None,
    )
    if bucket is None:
        raise NotFound()
    start, end = utc_bounds(Period(bucket.first, bucket.last), filters.zone)
    direction = "in" if column_key == "inflow" else "out"
    return _event_page(
        session,
        actor,
        filters,
        f"{bucket.first.isoformat()} – {bucket.last.isoformat()}",
        [
            PoolEvent.direction == direction,
            PoolEvent.created_at >= start,
            PoolEvent.created_at < end,
        ],
        page,
        page_size,
    )


# --- inflow and outflow by reason ---------------------------------------------

FLOW_COLUMNS = (
    Column("direction", N_("Direction"), "label"),
    Column("reason", N_("Reason"), "label"),
    Column("moves", N_("Customers moved"), "int", drillable=True),
)
REASON_DIRECTIONS = {
    **dict.fromkeys(POOL_IN_REASONS, "in"),
    **dict.fromkeys(POOL_OUT_REASONS, "out"),
}


def _in_period(filters: ReportFilters) -> list:
    start, end = utc_bounds(filters.period, filters.zone)
    return [PoolEvent.created_at >= start, PoolEvent.created_at < end]


def pool_flows(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Moves into and out of the pool in the period by reason (every reason,
    none too). Raises PermissionDenied."""
    require_pool_access(actor)
    counts = dict(
        session.execute(
            select(PoolEvent.reason, func.count())
            .where(*_in_period(filters))
            .group_by(PoolEvent.reason)
        ).all()
    )
    rows = [
        {
            DRILL_KEY: reason,
            "direction": DIRECTION_LABELS[direction],
            "reason": REASON_LABELS[reason],
            "moves": counts.get(reason, 0),
        }
        for reason, direction in REASON_DIRECTIONS.items()
    ]
    return Table(FLOW_COLUMNS, rows)


def drill_flows(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The moves of one reason in the period. Raises PermissionDenied, NotFound."""
    require_pool_access(actor)
    require_drillable(FLOW_COLUMNS, column_key)
    if row_key not in REASON_DIRECTIONS:
        raise NotFound()
    return _event_page(
        session,
        actor,
        filters,
        REASON_LABELS[row_key],
        [PoolEvent.reason == row_key, *_in_period(filters)],
        page,
        page_size,
    )


# --- aging of today's pool ----------------------------------------------------

AGING_COLUMNS = (
    Column("bucket", N_("Days in pool"), "label"),
    Column("customers", N_("Customers"), "int", drillable=True),
    Column("share", N_("Share"), "percent"),
)
BUCKET_KEYS = tuple(key for key, _label, _days in AGING_BUCKETS)
ENTERED = func.coalesce(Customer.pool_entered_at, Customer.created_at)


def _aging_bucket(now: dt.datetime):
    """SQL: the aging bucket of a pool customer (whole days since it entered)."""
    return case(
        *[
            (ENTERED > now - dt.timedelta(days=days + 1), key)
            for key, _label, days in AGING_BUCKETS
            if days is not None
        ],
        else_=BUCKET_KEYS[-1],
    )


def pool_aging(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Today's pool by days since each customer entered it (every bucket).
    Raises PermissionDenied."""
    require_pool_access(actor)
    bucket = _aging_bucket(utcnow())
    # pool_customers(), its ownerless test marked likely (services/planner_hints.py).
    in_pool = (Customer.deleted_at.is_(None), likely(Customer.owner_id.is_(None)))
    counts = dict(
        session.execute(
            select(bucket, func.count()).where(*in_pool).group_by(bucket)
        ).all()
    )
    total = sum(counts.values())
    rows = [
        {
            DRILL_KEY: key,
            "bucket": label,
            "customers": counts.get(key, 0),
            "share": share(counts.get(key, 0), total),
        }
        for key, label, _days in AGING_BUCKETS
    ]
    return Table(AGING_COLUMNS, rows)


POOL_DRILL_COLUMNS = (
    Column("name", N_("Customer")),
    Column("days", N_("Days in pool"), "int"),
    Column("reason", N_("Reason"), "label"),
    Column("last_owner", N_("Last owner")),
    Column("note", N_("Note")),
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
    """The pool customers of one aging bucket, longest in the pool first.
    Raises PermissionDenied, NotFound."""
    require_pool_access(actor)
    require_drillable(AGING_COLUMNS, column_key)
    if row_key not in BUCKET_KEYS:
        raise NotFound()
    now = utcnow()
    query = (
        pool_customers()
        .with_only_columns(
            Customer.id,
            Customer.name,
            ENTERED.label("entered"),
            Customer.pool_reason.label("reason"),
            User.display_name.label("last_owner"),
            Customer.pool_note.label("note"),
        )
        .outerjoin(User, User.id == Customer.last_owner_id)
        .where(_aging_bucket(now) == row_key)
        .order_by(ENTERED, Customer.id)
    )
    found = fetch_page(session, query, page, page_size)
    for row in found.rows:
        row["days"] = (now - row.pop("entered")).days
        row["reason"] = REASON_LABELS.get(row["reason"], row["reason"])
        row["open"] = ("pool_customer", row["id"])
    return DrillPage(
        next(label for key, label, _d in AGING_BUCKETS if key == row_key),
        POOL_DRILL_COLUMNS,
        found.rows,
        found.total,
        found.page,
        found.page_size,
    )


# --- returning to the pool soon -----------------------------------------------

RULE_REASONS = ("auto_no_followup", "auto_unsigned", "auto_dormant")
EXPIRING_COLUMNS = (
    Column("owner", N_("Owner")),
    Column("returning", N_("Returning to the pool"), "int", drillable=True),
    *(
        Column(reason, REASON_LABELS[reason], "int", drillable=True)
        for reason in RULE_REASONS
    ),
)


def _returning(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    *,
    owner_id: int | None = None,
) -> Iterator[tuple[Any, dt.datetime, str]]:
    """(customer row, deadline, reason) of the owned customers in scope whose
    return deadline under the pool rules is within the chosen number of days
    (the pool rules' own candidate query and deadline, as /pool-expiring)."""
    rules = get_rules(session)
    if not rules.auto_return_enabled:
        return
    horizon = utcnow() + dt.timedelta(days=int(filters.options[WITHIN.key]))
    query = select(
        Customer.id,
        Customer.name,
        Customer.owner_id,
        Customer.stage,
        Customer.last_followup_at,
        Customer.claimed_at,
        Customer.created_at,
        Customer.pool_extension_days,
    ).where(Customer.deleted_at.is_(None), candidate_clause(rules, horizon))
    owners = subject_user_ids(session, actor, filters.subject)
    if owners is not None:
        query = query.where(Customer.owner_id.in_(owners))
    if owner_id is not None:
        query = query.where(Customer.owner_id == owner_id)
    for row in session.execute(query.execution_options(yield_per=2000)):
        deadline = row_deadline(rules, row)
        if deadline and deadline[0] <= horizon:
            yield row, deadline[0], deadline[1]


def returning_by_owner(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Per owner: customers returning to the pool within the chosen days, in
    total and by rule; most first."""
    counts: dict[int, Counter] = {}
    for row, _deadline, reason in _returning(session, actor, filters):
        counts.setdefault(row.owner_id, Counter())[reason] += 1
    names = user_names(session, set(counts))
    rows = [
        member_row(actor, names, owner_id, "owner")
        | {"returning": sum(by_reason.values())}
        | {reason: by_reason[reason] for reason in RULE_REASONS}
        for owner_id, by_reason in counts.items()
    ]
    rows.sort(key=lambda row: (-row["returning"], row["owner"]))
    return Table(EXPIRING_COLUMNS, rows)


RETURNING_DRILL_COLUMNS = (
    Column("name", N_("Customer")),
    Column("stage", N_("Stage"), "label"),
    Column("returns_on", N_("Returns on"), "date"),
    Column("reason", N_("Reason"), "label"),
    Column("last_followup", N_("Last follow-up"), "date"),
)


def drill_returning(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """An owner's customers returning soon (for one rule when its column was
    clicked), soonest first. Raises NotFound."""
    require_drillable(EXPIRING_COLUMNS, column_key)
    owner_id, name = subject_member(session, actor, filters, row_key)
    found = sorted(
        (
            (deadline, row.id, row, reason)
            for row, deadline, reason in _returning(
                session, actor, filters, owner_id=owner_id
            )
            if column_key in ("returning", reason)
        ),
        key=lambda item: item[:2],
    )
    page, page_size = clamp_page(page, page_size)
    rows = [
        {
            "id": row.id,
            "name": row.name,
            "stage": STAGE_LABELS.get(row.stage, row.stage),
            "returns_on": local_date(deadline, filters.zone),
            "reason": REASON_LABELS[reason],
            "last_followup": local_date(row.last_followup_at, filters.zone),
            "open": ("customer", row.id),
        }
        for deadline, _id, row, reason in found[
            (page - 1) * page_size : page * page_size
        ]
    ]
    return DrillPage(
        title=name,
        columns=RETURNING_DRILL_COLUMNS,
        rows=rows,
        total=len(found),
        page=page,
        page_size=page_size,
    )


# --- claimed → signed ---------------------------------------------------------

CONVERSION_COLUMNS = (
    Column("owner", N_("Owner")),
    Column("taken", N_("Claimed or assigned"), "int", drillable=True),
    Column("signed", N_("Signed since"), "int", drillable=True),
    Column("rate", N_("Conversion"), "percent"),
)


def _taken(session: Session, actor: Actor, filters: ReportFilters):
    """Subquery: one row per (owner, customer) taken from the pool in the
    period in scope: when first, and whether a contract of the customer was
    approved after one of those moves (signed 1/0)."""
    signed_after = exists().where(
        Contract.customer_id == PoolEvent.customer_id,
        Contract.status == "approved",
        Contract.approved_at >= PoolEvent.created_at,
    )
    query = (
        select(
            PoolEvent.owner_id,
            PoolEvent.customer_id,
            func.min(PoolEvent.created_at).label("taken_at"),
            func.max(case((signed_after, 1), else_=0)).label("signed"),
        )
        .where(
            PoolEvent.direction == "out",
            PoolEvent.owner_id.is_not(None),
            *_in_period(filters),
        )
        .group_by(PoolEvent.owner_id, PoolEvent.customer_id)
    )
    # No list of every user: SQLite would seek each one's moves and read them
    # from the table rather than the period's from the index (130 -> 65 ms).
    owners = subject_creators(session, actor, filters.subject)
    if owners is not None:
        query = query.where(PoolEvent.owner_id.in_(owners))
    return query.subquery()


def claimed_to_signed(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Per owner: customers taken from the pool in the period, how many were
    signed since (an approved contract after the move) and the rate."""
    taken = _taken(session, actor, filters)
    found = session.execute(
        select(taken.c.owner_id, func.count(), func.sum(taken.c.signed)).group_by(
            taken.c.owner_id
        )
    ).all()
    names = user_names(session, {row[0] for row in found})
    rows = []
    for owner_id, count, signed in found:
        signed = int(signed or 0)
        rows.append(
            member_row(actor, names, owner_id, "owner")
            | {"taken": count, "signed": signed, "rate": share(signed, count)}
        )
    rows.sort(key=lambda row: (-row["taken"], row["owner"]))
    return Table(CONVERSION_COLUMNS, rows)


CONVERSION_DRILL_COLUMNS = (
    Column("name", N_("Customer")),
    Column("day", N_("Taken on"), "date"),
    Column("stage", N_("Stage"), "label"),
    Column("signed", N_("Signed since"), "label"),
)
YES_NO = {1: N_("Yes"), 0: N_("No")}


def drill_conversion(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The customers an owner took from the pool in the period (only those
    signed since, for that column), latest first. Raises NotFound."""
    require_drillable(CONVERSION_COLUMNS, column_key)
    owner_id, name = subject_member(session, actor, filters, row_key)
    taken = _taken(session, actor, filters)
    query = (
        select(
            Customer.id,
            Customer.name,
            Customer.owner_id,
            Customer.deleted_at,
            Customer.stage,
            taken.c.taken_at,
            taken.c.signed,
        )
        .join(Customer, Customer.id == taken.c.customer_id)
        .where(taken.c.owner_id == owner_id)
        .order_by(taken.c.taken_at.desc(), Customer.id.desc())
    )
    if column_key == "signed":
        query = query.where(taken.c.signed == 1)
    found = fetch_page(session, query, page, page_size)
    for row in found.rows:
        row["day"] = local_date(row.pop("taken_at"), filters.zone)
        row["stage"] = STAGE_LABELS.get(row["stage"], row["stage"])
        row["signed"] = YES_NO[int(row["signed"])]
    rows = _openable(actor, found.rows, pool=False)
    return DrillPage(
        name, CONVERSION_DRILL_COLUMNS, rows, found.total, found.page, found.page_size
    )


REPORT = Report(
    key="pool-health",
    title=N_("Pool health"),
    sections=(
        Section("size", N_("Pool size over time"), pool_size, drill_size),
        Section("flows", N_("Inflow and outflow by reason"), pool_flows, drill_flows),
        Section("aging", N_("Pool aging"), pool_aging, drill_aging),
        Section(
            "returning",
            N_("Returning to the pool soon"),
            returning_by_owner,
            drill_returning,
        ),
        Section(
            "conversion",
            N_("Claimed → signed"),
            claimed_to_signed,
            drill_conversion,
        ),
    ),
    options=(WITHIN,),
)
