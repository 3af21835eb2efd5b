"""Work statistics (工作统计): what each member did in the period — follow-ups
by type, the customers, contacts, leads and opportunities they created, the
leads they converted, and the contracts and payments credited to them (SPEC §9,
through services.analytics.performance) — with the records behind every number.

Activity counts (`COUNT_METRICS`, also ranked by services.analytics.rankings;
the funnel's lead conversion starts from "new_leads") belong to whoever did
the work, when it happened: a follow-up's author at its time, a record's
creator at its creation, the user who converted a lead, the owner of a won
opportunity at its closing. The timestamps are naive UTC, compared with the
period's bounds in the company time zone. Records that left the user's lists
no longer count: customers in the recycle bin (with their contacts and
opportunities) and deleted leads. Follow-ups always count: they are the log of
work done, kept when their customer or lead goes away.

The numbers are read from trigger-kept rows per user and day, week or month
of the company's clock (models/activity_tally.py, models/followup_tally.py),
and only what a period's edges leave over from the records themselves
(services/analytics/tallied_counts.py); the drill-downs list the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from models import (
    ActivityTally,
    Contact,
    Customer,
    DictionaryEntry,
    FollowUp,
    Lead,
    Opportunity,
    Team,
    User,
)
from services.actor import Actor
from services.analytics.performance import AMOUNT_METRICS, amounts
from services.analytics.performance_report import Subject
from services.analytics.performance_sections import deal_records
from services.analytics.periods import Period, utc_bounds
from services.analytics.report import (
    DRILL_KEY,
    Column,
    DrillPage,
    Report,
    ReportFilters,
    Section,
    Table,
    fetch_page,
    subject_creators,
    visible_member,
    within_scope,
)
from services.analytics.tallied_counts import (
    FOLLOWUPS,
    Tallied,
    days_within,
    tallied_by_bucket,
    tallied_counts,
    tallied_type_counts,
)
from services.analytics.timestamps import local_date
from services.dictionaries import labels as dictionary_labels
from services.errors import NotFound
from services.live_customer import of_live_customer
from services.msgid import N_
from services.org import team_subtree_ids

# Follow-ups of one type are the column "followups_<type code>".
TYPE_PREFIX = "followups_"
CONTENT_PREVIEW = 120


@dataclass(frozen=True, eq=False)
class CountMetric:
    """Records counted for the user who did the work, in the period of `at`."""

    key: str
    label: str  # msgid
    model: type
    user: Any  # the column naming whom a record counts for
    at: Any  # naive UTC timestamp placing the record in a period
    conditions: tuple = ()
    # Only records of customers outside the recycle bin (joins Customer).
    of_live_customer: bool = False


COUNT_METRICS = {
    metric.key: metric
    for metric in (
        CountMetric(
            "followups",
            N_("Follow-ups"),
            FollowUp,
            FollowUp.author_id,
            FollowUp.occurred_at,
        ),
        CountMetric(
            "new_customers",
            N_("New customers"),
            Customer,
            Customer.created_by_id,
            Customer.created_at,
            (Customer.deleted_at.is_(None),),
        ),
        CountMetric(
            "new_contacts",
            N_("New contacts"),
            Contact,
            Contact.created_by_id,
            Contact.created_at,
            of_live_customer=True,
        ),
        CountMetric(
            "new_leads",
            N_("New leads"),
            Lead,
            Lead.created_by_id,
            Lead.created_at,
            (Lead.deleted_at.is_(None),),
        ),
        CountMetric(
            "leads_converted",
            N_("Leads converted"),
            Lead,
            Lead.converted_by_id,
            Lead.converted_at,
            (Lead.status == "converted", Lead.deleted_at.is_(None)),
        ),
        # Not shown: the funnel's lead → customer counts these of the new leads.
        CountMetric(
            "new_leads_converted",
            N_("New leads converted"),
            Lead,
            Lead.created_by_id,
            Lead.created_at,
            (Lead.status == "converted", Lead.deleted_at.is_(None)),
        ),
        CountMetric(
            "new_opportunities",
            N_("New opportunities"),
            Opportunity,
            Opportunity.created_by_id,
            Opportunity.created_at,
            of_live_customer=True,
        ),
        CountMetric(
            "won_opportunities",
            N_("Won opportunities"),
            Opportunity,
            Opportunity.owner_id,
            Opportunity.closed_at,
            (Opportunity.status == "won",),
            of_live_customer=True,
        ),
    )
}
# The activity counts of the member table and the activity trend, in order.
MEMBER_COUNTS = (
    "new_customers",
    "new_contacts",
    "new_leads",
    "leads_converted",
    "new_opportunities",
)
TREND_COUNTS = (
    "followups",
    "new_customers",
    "new_contacts",
    "new_leads",
    "new_opportunities",
)
# The member table shows each amount metric (SPEC §9) as two columns: the number
# of records (keyed here) and their amount (keyed by the metric).
DEAL_COUNTS = {"contracts": "contract_amount", "payments": "payment_amount"}
DEAL_LABELS = {
    "contracts": N_("Contracts"),
    "contract_amount": N_("Contract amount"),
    "payments": N_("Payments"),
    "payment_amount": N_("Payment amount"),
}
MEMBER_NUMBERS = ("followups", *MEMBER_COUNTS, *DEAL_LABELS)


# --- the metrics ----------------------------------------------------------------


def _in_span(
    query: Select, metric: CountMetric, start: dt.datetime, end: dt.datetime
) -> Select:
    """`query` (selecting from the metric's table) narrowed to the metric's
    records in [start, end) of naive UTC time."""
    query = query.where(metric.at >= start, metric.at < end, *metric.conditions)
    if metric.of_live_customer:
        query = query.where(of_live_customer(metric.model.customer_id))
    return query


def counted(
    query: Select,
    metric: CountMetric,
    actor: Actor,
    period: Period,
    zone: str,
    *,
    user_ids: Collection[int] | None = None,
) -> Select:
    """`query` (selecting from the metric's table) narrowed to the metric's
    records in the period, the actor's scope and the given users."""
    query = _in_span(query, metric, *utc_bounds(period, zone))
    if actor.visible_user_ids is not None:
        query = query.where(metric.user.in_(actor.visible_user_ids))
    if user_ids is not None:
        query = query.where(metric.user.in_(list(user_ids)))
    return query


def _activity_tally(*metrics: CountMetric) -> Tallied:
    """The metrics' records and their rollup (models/activity_tally.py), each
    record typed by its metric's key."""
    keys = [metric.key for metric in metrics]

    def rows(grain: str, first: dt.date, stop: dt.date) -> Select:
        return select(
            ActivityTally.user_id.label("author"),
            ActivityTally.metric.label("type"),
            ActivityTally.records.label("n"),
        ).where(
            ActivityTally.metric.in_(keys),
            ActivityTally.grain == grain,
            days_within(ActivityTally.starts_on, first, stop),
        )

    def records(lower: dt.datetime, upper: dt.datetime) -> Select:
        parts = [
            _in_span(
                select(
                    metric.user.label("author"),
                    literal_column(f"'{metric.key}'").label("type"),
                    literal_column("1").label("n"),
                )
                .select_from(metric.model)
                .where(metric.user.is_not(None)),
                metric,
                lower,
                upper,
            )
            for metric in metrics
        ]
        if len(parts) == 1:
            return parts[0]
        each = union_all(*parts).subquery()
        return select(each.c.author, each.c.type, each.c.n)

    return Tallied(rows, ActivityTally.starts_on, records, weeks=True)


TALLIED = {key: _activity_tally(metric) for key, metric in COUNT_METRICS.items()}
# The member table's counts in one query (one each cost a round trip: ~1 ms).
MEMBER_TALLIED = _activity_tally(*(COUNT_METRICS[key] for key in MEMBER_COUNTS))


def count_by_user(
    session: Session,
    actor: Actor,
    key: str,
    period: Period,
    zone: str,
    *,
    user_ids: Collection[int] | None = None,
) -> dict[int, int]:
    """{user: number of the metric's records in the period}; users without any
    are absent."""
    start, end = utc_bounds(period, zone)
    authors = within_scope(actor, user_ids)
    return dict(tallied_counts(session, TALLIED[key], start, end, authors))


def member_counts(
    session: Session,
    actor: Actor,
    period: Period,
    zone: str,
    *,
    user_ids: Collection[int] | None = None,
) -> dict[int, tuple[int, ...]]:
    """{user: (their count of each of MEMBER_COUNTS)}; users without any are
    absent."""
    start, end = utc_bounds(period, zone)
    authors = within_scope(actor, user_ids)
    found = tallied_type_counts(
        session, MEMBER_TALLIED, start, end, authors, MEMBER_COUNTS
    )
    return {user_id: counts[1:] for user_id, counts in found.items()}


def followups_by_type(
    session: Session,
    actor: Actor,
    period: Period,
    zone: str,
    types: Sequence[str],
    *,
    user_ids: Collection[int] | None = None,
) -> dict[int, tuple[int, ...]]:
    """{author: (follow-ups, follow-ups of each of `types`)} over the period;
    authors without any are absent."""
    start, end = utc_bounds(period, zone)
    authors = within_scope(actor, user_ids)
    return tallied_type_counts(session, FOLLOWUPS, start, end, authors, types)


def _followup_cells(found: tuple[int, ...] | None, codes: Sequence[str]) -> dict:
    """A member row's follow-up columns from followups_by_type's (follow-ups,
    follow-ups of each type) for them: zeros for none."""
    followups, *by_type = found or (0,) * (len(codes) + 1)
    cells = {TYPE_PREFIX + code: n for code, n in zip(codes, by_type, strict=True)}
    return cells | {"followups": followups}


def deals_by_owner(
    session: Session, actor: Actor, metric: str, period: Period, subject: Subject
) -> dict[int, tuple[int, Decimal]]:
    """{owner at approval: (number of records, amount)} of an amount metric
    (contract_amount / payment_amount, SPEC §9) credited within the subject."""
    found = amounts(
        session, actor, metric, period, ("owner",), **subject.filters(session)
    )
    return {
        owner: (records, amount)
        for owner, records, amount in found
        if owner is not None
    }


def followup_types(session: Session, language: str) -> list[tuple[str, str]]:
    """(code, label) of every follow-up type, disabled ones too (old records
    keep them), in the dictionary's order."""
    codes = session.scalars(
        select(DictionaryEntry.code)
        .where(DictionaryEntry.kind == "followup_type")
        .order_by(DictionaryEntry.sort_order, DictionaryEntry.id)
    ).all()
    names = dictionary_labels(session, language)
    return [(code, names[("followup_type", code)]) for code in codes]


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    team: str | None


def report_members(
    session: Session, actor: Actor, subject: Subject, credited: Collection[int]
) -> list[Member]:
    """The subject's active members plus anyone credited with a number (a
    disabled user, a rep since moved to another team), within the actor's
    scope, by name. Every user is read and picked here: a company's users are
    a few hundred, and an admin's IN list of them cost more to render and
    parse than reading them (~3 ms)."""
    teams = None
    if subject.user_id is None and subject.team_id is not None:
        teams = team_subtree_ids(session, subject.team_id)

    def in_subject(user_id: int, active: bool, team_id: int | None) -> bool:
        if subject.user_id is not None:
            return user_id == subject.user_id
        return active and (teams is None or team_id in teams)

    users = session.execute(
        select(User.id, User.display_name, Team.name, User.is_active, User.team_id)
        .outerjoin(Team, Team.id == User.team_id)
        .order_by(User.display_name, User.id)
    )
    return [
        Member(uid, name, team)
        for uid, name, team, active, team_id in users
        if (in_subject(uid, active, team_id) or uid in credited)
        and actor.sees_user(uid)
    ]


# --- the sections ---------------------------------------------------------------


def _type_columns(types: list[tuple[str, str]]) -> tuple[Column, ...]:
    # Type labels come from the dictionary in the viewer's language; the page's
    # _() passes them through unchanged.
    return tuple(
        Column(TYPE_PREFIX + code, label, "int", True) for code, label in types
    )


def _member_columns(types: list[tuple[str, str]]) -> tuple[Column, ...]:
    return (
        Column("name", N_("Member")),
        Column("team", N_("Team")),
        *_type_columns(types),
        Column("followups", N_("Follow-ups"), "int", True),
        *(Column(key, COUNT_METRICS[key].label, "int", True) for key in MEMBER_COUNTS),
        *(
            Column(key, label, "money" if key in AMOUNT_METRICS else "int", True)
            for key, label in DEAL_LABELS.items()
        ),
    )


def member_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """One row per member of the subject (zeros for the idle): follow-ups by
    type, activity counts, contracts and payments (count, amount)."""
    period, zone, subject = filters.period, filters.zone, filters.subject
    creators = subject_creators(session, actor, subject)
    types = followup_types(session, actor.language)
    codes = [code for code, _label in types]
    typed = followups_by_type(session, actor, period, zone, codes, user_ids=creators)
    counts = member_counts(session, actor, period, zone, user_ids=creators)
    deals = {
        metric: deals_by_owner(session, actor, metric, period, subject)
        for metric in AMOUNT_METRICS
    }
    credited = set(typed).union(counts, *deals.values())
    idle_counts = (0,) * len(MEMBER_COUNTS)
    rows = []
    for member in report_members(session, actor, subject, credited):
        row: dict[str, Any] = {
            DRILL_KEY: str(member.user_id),
            "name": member.name,
            "team": member.team,
            **_followup_cells(typed.get(member.user_id), codes),
            **dict(
                zip(
                    MEMBER_COUNTS,
                    counts.get(member.user_id, idle_counts),
                    strict=True,
                )
            ),
        }
        for count_key, metric in DEAL_COUNTS.items():
            count, amount = deals[metric].get(member.user_id, (0, Decimal(0)))
            row |= {count_key: count, metric: amount}
        rows.append(row)
    return Table(_member_columns(types), rows)


def followup_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Follow-ups per member and type (the stacked bars), busiest first."""
    types = followup_types(session, actor.language)
    codes = [code for code, _label in types]
    typed = followups_by_type(
        session,
        actor,
        filters.period,
        filters.zone,
        codes,
        user_ids=subject_creators(session, actor, filters.subject),
    )
    rows = [
        {DRILL_KEY: str(member.user_id), "name": member.name}
        | _followup_cells(typed.get(member.user_id), codes)
        for member in report_members(session, actor, filters.subject, typed)
    ]
    rows.sort(key=lambda row: -row["followups"])
    columns = (
        Column("name", N_("Member")),
        *_type_columns(types),
        Column("followups", N_("Total"), "int", True),
    )
    return Table(columns, rows)


def activity_buckets(period: Period) -> list[Period]:
    """The trend's buckets: days for up to two months, weeks (Monday to Sunday)
    up to a year, else months; the first and the last are cut to the period."""
    if period.days <= 62:
        kind = "day"

        def following(day: dt.date) -> dt.date:
            return day + dt.timedelta(days=1)

    elif period.days <= 371:
        kind = "week"

        def following(day: dt.date) -> dt.date:
            return day + dt.timedelta(days=7 - day.weekday())

    else:
        kind = "month"

        def following(day: dt.date) -> dt.date:
            return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)

    starts = [period.start]
    while (start := following(starts[-1])) <= period.end:
        starts.append(start)
    ends = [start - dt.timedelta(days=1) for start in starts[1:]] + [period.end]
    return [Period(start, end, kind) for start, end in zip(starts, ends, strict=True)]


BUCKET_LABELS = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}


def activity_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Follow-ups and new records of the subject per day, week or month."""
    buckets = activity_buckets(filters.period)
    bounds = [utc_bounds(bucket, filters.zone)[0] for bucket in buckets[1:]]
    creators = subject_creators(session, actor, filters.subject)
    rows: list[dict[str, Any]] = [
        {DRILL_KEY: bucket.start.isoformat(), "day": bucket.start}
        | dict.fromkeys(TREND_COUNTS, 0)
        for bucket in buckets
    ]
    start, end = utc_bounds(filters.period, filters.zone)
    edges = [start, *bounds, end]
    authors = within_scope(actor, creators)
    for key in TREND_COUNTS:
        tallied = tallied_by_bucket(session, TALLIED[key], edges, authors)
        for index, count in tallied.items():
            rows[index][key] = count
    columns = (
        Column("day", BUCKET_LABELS[buckets[0].kind], "date"),
        *(Column(key, COUNT_METRICS[key].label, "int", True) for key in TREND_COUNTS),
    )
    return Table(columns, rows)


# --- drill-down -----------------------------------------------------------------


@dataclass(frozen=True)
class MemberShare(Subject):
    """One member's part of a subject: what is credited to them within it."""

    member_id: int = 0

    def filters(self, session: Session) -> dict:
        found = super().filters(session)
        if self.user_id is not None and self.user_id != self.member_id:
            return {"user_ids": []}
        return found | {"user_ids": [self.member_id]}


def _record_query(metric: CountMetric) -> tuple[tuple[Column, ...], Select, str]:
    """The drill-down columns, query (before `counted`) and record kind of a
    count metric; every query selects the record's `id`, `day` (its UTC time)
    and `member` (the user it counts for)."""
    member = User.display_name.label("member")
    day = metric.at.label("day")
    model = metric.model
    if model is FollowUp:
        query = (
            select(
                FollowUp.id,
                day,
                FollowUp.followup_type.label("type"),
                func.coalesce(Customer.name, Lead.name).label("about"),
                func.substr(FollowUp.content, 1, CONTENT_PREVIEW).label("content"),
                member,
                FollowUp.customer_id,
                FollowUp.lead_id,
            )
            .select_from(FollowUp)
            .outerjoin(Customer, Customer.id == FollowUp.customer_id)
            .outerjoin(Lead, Lead.id == FollowUp.lead_id)
        )
        columns = (
            Column("day", N_("Date"), "date"),
            Column("type", N_("Type")),
            Column("about", N_("Customer or lead")),
            Column("content", N_("Content")),
        )
        kind = "customer"
    elif model is Customer:
        query = select(Customer.id, Customer.name, day, member)
        columns = (Column("name", N_("Customer")), Column("day", N_("Created"), "date"))
        kind = "customer"
    elif model is Lead:
        query = select(Lead.id, Lead.name, Lead.company, day, member)
        label = N_("Converted on") if metric.key == "leads_converted" else N_("Created")
        columns = (
            Column("name", N_("Lead")),
            Column("company", N_("Company")),
            Column("day", label, "date"),
        )
        kind = "lead"
    else:
        query = select(
            model.id,
            model.name,
            Customer.name.label("customer"),
            *((Opportunity.amount,) if model is Opportunity else ()),
            day,
            member,
        ).join_from(model, Customer, Customer.id == model.customer_id)
        label = N_("Won on") if metric.key == "won_opportunities" else N_("Created")
        columns = (
            Column(
                "name", N_("Opportunity") if model is Opportunity else N_("Contact")
            ),
            Column("customer", N_("Customer")),
            *(
                (Column("amount", N_("Amount"), "money"),)
                if model is Opportunity
                else ()
            ),
            Column("day", label, "date"),
        )
        kind = "opportunity" if model is Opportunity else "contact"
    query = query.outerjoin(User, User.id == metric.user)
    return (*columns, Column("member", N_("Member"))), query, kind


def count_records(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    *,
    key: str,
    period: Period,
    user_ids: Collection[int] | None,
    title: str,
    followup_type: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> DrillPage:
    """The records a count metric counted (optionally follow-ups of one type),
    newest first; `total` equals the count, read from the rollup the number
    came from (counting a leader's member's year of calls on SQLite: 51 ms)."""
    metric = COUNT_METRICS[key]
    columns, query, kind = _record_query(metric)
    query = counted(query, metric, actor, period, filters.zone, user_ids=user_ids)
    start, end = utc_bounds(period, filters.zone)
    authors = within_scope(actor, user_ids)
    if followup_type is None:
        counts = tallied_counts(session, TALLIED[key], start, end, authors)
        total = sum(n for _author, n in counts)
    else:
        query = query.where(FollowUp.followup_type == followup_type)
        typed = tallied_counts(session, FOLLOWUPS, start, end, authors, by_type=True)
        total = sum(n for _author, code, n in typed if code == followup_type)
    found = fetch_page(
        session,
        query.order_by(metric.at.desc(), metric.model.id.desc()),
        page,
        page_size,
        total=total,
    )
    names = dictionary_labels(session, actor.language) if kind == "customer" else {}
    for row in found.rows:
        row["day"] = local_date(row["day"], filters.zone)
        if metric.model is FollowUp:
            row["type"] = names.get(("followup_type", row["type"]), row["type"])
            customer_id, lead_id = row.pop("customer_id"), row.pop("lead_id")
            row["open"] = (
                ("customer", customer_id) if customer_id else ("lead", lead_id)
            )
        else:
            row["open"] = (kind, row["id"])
    return DrillPage(
        title, columns, found.rows, found.total, found.page, found.page_size
    )


def member_records(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    member: User,
    metric: str,
    *,
    followup_type: str | None = None,
    money: bool = False,
    page: int = 1,
    page_size: int = 20,
) -> DrillPage:
    """The records behind one member's number of any metric (count metrics and
    the amount metrics), within the subject."""
    title = member.display_name
    if metric in AMOUNT_METRICS:
        subject = filters.subject
        return deal_records(
            session,
            actor,
            metric=metric,
            period=filters.period,
            subject=MemberShare(
                subject.user_id, subject.team_id, subject.label, member.id
            ),
            title=title,
            money=money,
            page=page,
            page_size=page_size,
        )
    creators = subject_creators(session, actor, filters.subject)
    return count_records(
        session,
        actor,
        filters,
        key=metric,
        period=filters.period,
        user_ids=[member.id] if creators is None or member.id in creators else [],
        title=title,
        followup_type=followup_type,
        page=page,
        page_size=page_size,
    )


def _member_drill(allowed: tuple[str, ...]):
    """A section's drill over member rows, for its columns `allowed` (plus one
    per follow-up type)."""

    def drill(
        session: Session,
        actor: Actor,
        filters: ReportFilters,
        row_key: str,
        column_key: str,
        page: int,
        page_size: int,
    ) -> DrillPage:
        """Raises NotFound for an unknown member or column."""
        member = visible_member(session, actor, row_key)
        codes = {code for code, _label in followup_types(session, actor.language)}
        followup_type = None
        if column_key.startswith(TYPE_PREFIX):
            followup_type = column_key.removeprefix(TYPE_PREFIX)
            if followup_type not in codes:
                raise NotFound()
            metric = "followups"
        elif column_key in allowed:
            metric = DEAL_COUNTS.get(column_key, column_key)
        else:
            raise NotFound()
        return member_records(
            session,
            actor,
            filters,
            member,
            metric,
            followup_type=followup_type,
            money=column_key in AMOUNT_METRICS,
            page=page,
            page_size=page_size,
        )

    return drill


def activity_drill(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    row_key: str,
    column_key: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The records behind one bucket of the trend. Raises NotFound for an unknown
    bucket or column."""
    bucket = next(
        (b for b in activity_buckets(filters.period) if b.start.isoformat() == row_key),
        None,
    )
    if bucket is None or column_key not in TREND_COUNTS:
        raise NotFound()
    title = (
        bucket.start.isoformat()
        if bucket.days == 1
        else f"{bucket.start.isoformat()} – {bucket.end.isoformat()}"
    )
    return count_records(
        session,
        actor,
        filters,
        key=column_key,
        period=bucket,
        user_ids=subject_creators(session, actor, filters.subject),
        title=title,
        page=page,
        page_size=page_size,
    )


REPORT = Report(
    key="work-statistics",
    title=N_("Work statistics"),
    sections=(
        Section("members", N_("Members"), member_table, _member_drill(MEMBER_NUMBERS)),
        Section(
            "followups",
            N_("Follow-ups by type"),
            followup_table,
            _member_drill(("followups",)),
        ),
        Section("activity", N_("Activity over time"), activity_table, activity_drill),
    ),
)
