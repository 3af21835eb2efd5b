"""The performance page (业绩) as a report: the period's total against target
and the year before, target vs actual by month, by member, and this month's
forecast. Numbers come from performance_report / performance (SPEC §9), so
page, drill-down and exports agree."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from services.actor import Actor
from services.analytics.forecast import month_end_forecast
from services.analytics.performance import (
    AMOUNT_METRICS,
    actual_by_month,
    actual_total,
    attainment,
    target_by_month,
    target_total,
)
from services.analytics.performance_report import (
    Subject,
    drill_down,
    member_performance,
    resolve_subject,
)
from services.analytics.periods import Period, month_period, year_earlier
from services.analytics.report import (
    DRILL_KEY,
    Column,
    DrillPage,
    Option,
    Report,
    ReportFilters,
    Section,
    Table,
)
from services.errors import NotFound
from services.msgid import N_

METRIC = Option(
    "metric",
    N_("Metric"),
    (
        ("contract_amount", N_("Contract amount")),
        ("payment_amount", N_("Payment amount")),
    ),
    AMOUNT_METRICS[0],
)
DRILLABLE = ("actual", "last_year")
COMPARED = (
    Column("actual", N_("Actual"), "money", drillable=True),
    Column("target", N_("Target"), "money"),
    Column("attainment", N_("Attainment"), "percent"),
    Column("last_year", N_("Last year"), "money", drillable=True),
    Column("yoy", N_("Year over year"), "percent"),
)


def _compared(actual: Decimal, target: Decimal | None, before: Decimal) -> dict:
    return {
        "actual": actual,
        "target": target,
        "attainment": attainment(actual, target),
        "last_year": before,
        "yoy": (actual - before) / before if before else None,
    }


def _target(session: Session, filters: ReportFilters, metric: str, period: Period):
    key = filters.subject.target_key
    return target_total(session, metric, key[0], key[1], period) if key else None


def summary_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """One row: the whole period."""
    metric = filters.options[METRIC.key]
    subject = filters.subject.filters(session)
    period = filters.period
    row = _compared(
        actual_total(session, actor, metric, period, **subject),
        _target(session, filters, metric, period),
        actual_total(session, actor, metric, year_earlier(period), **subject),
    )
    return Table(COMPARED, [{DRILL_KEY: "period", **row}])


def _month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _months_in(period: Period) -> dict[str, Period]:
    """Each month the period touches, clipped to the period."""
    clipped = {}
    for year, month in period.months():
        whole = month_period(year, month)
        start, end = max(whole.start, period.start), min(whole.end, period.end)
        clipped[_month_key(year, month)] = Period(start, end, "month")
    return clipped


def months_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Each month of the period: actual, target, attainment and the year before."""
    metric = filters.options[METRIC.key]
    subject = filters.subject.filters(session)
    period = filters.period
    actual = actual_by_month(session, actor, metric, period, **subject)
    before = actual_by_month(session, actor, metric, year_earlier(period), **subject)
    key = filters.subject.target_key
    targets = target_by_month(session, metric, key[0], key[1], period) if key else {}
    rows = []
    for year, month in period.months():
        label = _month_key(year, month)
        compared = _compared(
            actual[(year, month)],
            targets.get((year, month)),
            before.get((year - 1, month), Decimal(0)),
        )
        rows.append({DRILL_KEY: label, "month": label, **compared})
    return Table((Column("month", N_("Month")), *COMPARED), rows)


def members_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """Each member of the subject, best first."""
    rows = member_performance(
        session,
        actor,
        metric=filters.options[METRIC.key],
        period=filters.period,
        last_year_period=year_earlier(filters.period),
        subject=filters.subject,
    )
    columns = (Column("name", N_("Member")), Column("team", N_("Team")), *COMPARED)
    return Table(
        columns,
        [
            {
                DRILL_KEY: str(row.user_id),
                "name": row.name,
                "team": row.team,
                **_compared(row.actual, row.target, row.last_year),
            }
            for row in rows
        ],
    )


def forecast_table(session: Session, actor: Actor, filters: ReportFilters) -> Table:
    """This month's likely end for the subject, whatever the period."""
    forecast = month_end_forecast(
        session,
        actor,
        metric=filters.options[METRIC.key],
        subject=filters.subject,
        today=filters.today,
    )
    columns = (
        Column("actual", N_("Actual so far"), "money"),
        Column("expected", N_("Expected"), "money"),
        Column("high", N_("Upper end"), "money"),
        Column("target", N_("Target"), "money"),
        Column("expected_attainment", N_("Expected attainment"), "percent"),
    )
    row = {
        "actual": forecast.actual,
        "expected": forecast.expected,
        "high": forecast.high,
        "target": forecast.target,
        "expected_attainment": forecast.expected_attainment,
    }
    return Table(columns, [row])


def _records(
    session: Session,
    actor: Actor,
    filters: ReportFilters,
    *,
    period: Period,
    column_key: str,
    subject,
    title: str,
    page: int,
    page_size: int,
) -> DrillPage:
    """The contracts or payments behind an actual or last-year cell."""
    if column_key not in DRILLABLE:
        raise NotFound()
    if column_key == "last_year":
        period = year_earlier(period)
    return deal_records(
        session,
        actor,
        metric=filters.options[METRIC.key],
        period=period,
        subject=subject,
        title=f"{title} · {period.start.isoformat()} – {period.end.isoformat()}",
        page=page,
        page_size=page_size,
    )


def deal_records(
    session: Session,
    actor: Actor,
    *,
    metric: str,
    period: Period,
    subject: Subject,
    title: str,
    page: int,
    page_size: int,
    money: bool = True,
) -> DrillPage:
    """The approved contracts or payments behind an amount (SPEC §9) as a drill
    page linking each record; `amount` is their sum when `money`."""
    found = drill_down(
        session,
        actor,
        metric=metric,
        period=period,
        subject=subject,
        page=page,
        page_size=page_size,
    )
    kind = "contract" if metric == "contract_amount" else "payment"
    columns = (
        Column("number", N_("Number")),
        Column("name", N_("Contract")),
        Column("customer", N_("Customer")),
        Column("amount", N_("Amount"), "money"),
        Column(
            "day", N_("Sign date") if kind == "contract" else N_("Payment date"), "date"
        ),
        Column("owner", N_("Owner")),
    )
    rows = [row | {"open": (kind, row["id"])} for row in found.rows]
    return DrillPage(
        title,
        columns,
        rows,
        found.total,
        found.page,
        found.page_size,
        amount=found.extra["sum"] if money else None,
    )


def summary_drill(session, actor, filters, row_key, column_key, page, page_size):
    if row_key != "period":
        raise NotFound()
    return _records(
        session,
        actor,
        filters,
        period=filters.period,
        column_key=column_key,
        subject=filters.subject,
        title=filters.subject.label or "",
        page=page,
        page_size=page_size,
    )


def months_drill(session, actor, filters, row_key, column_key, page, page_size):
    months = _months_in(filters.period)
    if row_key not in months:
        raise NotFound()
    return _records(
        session,
        actor,
        filters,
        period=months[row_key],
        column_key=column_key,
        subject=filters.subject,
        title=filters.subject.label or "",
        page=page,
        page_size=page_size,
    )


def members_drill(session, actor, filters, row_key, column_key, page, page_size):
    """Raises NotFound for a member outside the viewer's scope."""
    if not row_key.isdigit() or len(row_key) > 18:
        raise NotFound()
    member = resolve_subject(session, actor, team_id=None, user_id=int(row_key))
    return _records(
        session,
        actor,
        filters,
        period=filters.period,
        column_key=column_key,
        subject=member,
        title=member.label or "",
        page=page,
        page_size=page_size,
    )


REPORT = Report(
    key="performance",
    title=N_("Performance"),
    sections=(
        Section("summary", N_("Period total"), summary_table, summary_drill),
        Section("months", N_("Target vs actual by month"), months_table, months_drill),
        Section("members", N_("By member"), members_table, members_drill),
        Section("forecast", N_("Month-end forecast"), forecast_table),
    ),
    options=(METRIC,),
    default_period="this_year",
)
