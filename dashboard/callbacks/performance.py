"""Performance page: filters → months chart, KPIs and members; a click on a
month opens the records behind it. Every number comes from the metric layer."""

from __future__ import annotations

from decimal import Decimal

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard.components.feedback import error_alert
from dashboard.components.kpi import kpi_row, make_kpi_card
from dashboard.context import current_actor, read_session
from dashboard.figures import chart_config, forecast_band, target_vs_actual
from dashboard.i18n import (
    _,
    format_date,
    format_money,
    format_percent,
    local_today,
)
from dashboard.ids import Performance as ids
from dashboard.labels import TARGET_METRIC_LABELS
from dashboard.parsing import parse_int
from services.analytics.forecast import month_end_forecast
from services.analytics.performance import AMOUNT_METRICS, attainment
from services.analytics.performance_report import (
    drill_down,
    member_performance,
    monthly_performance,
    resolve_subject,
    subject_members,
)
from services.analytics.periods import month_period, year_period
from services.errors import NotFound, ServiceError

DRILL_PAGE_SIZE = 20


def _filters(year, metric, team, member) -> dict:
    """Raises NotFound for values no filter bar offers."""
    year_value = parse_int(year)
    if year_value is None or metric not in AMOUNT_METRICS:
        raise NotFound()
    return {
        "year": year_value,
        "metric": metric,
        "team_id": parse_int(team),
        "user_id": parse_int(member),
    }


def member_options(team):
    with read_session() as session:
        members = subject_members(session, current_actor(), parse_int(team))
    return [{"label": name, "value": str(uid)} for uid, name in members], None


def _change(current: Decimal, before: Decimal) -> tuple[str, str | None]:
    if not before:
        return "", None
    ratio = (current - before) / before
    return (
        _("{change} vs last year", change=format_percent(ratio)),
        "up" if ratio >= 0 else "down",
    )


def load_performance(year, metric, team, member):
    actor = current_actor()
    try:
        f = _filters(year, metric, team, member)
        with read_session() as session:
            subject = resolve_subject(
                session, actor, team_id=f["team_id"], user_id=f["user_id"]
            )
            months = monthly_performance(
                session, actor, metric=metric, year=f["year"], subject=subject
            )
            members = member_performance(
                session,
                actor,
                metric=metric,
                period=year_period(f["year"]),
                last_year_period=year_period(f["year"] - 1),
                subject=subject,
            )
    except ServiceError as error:
        return None, {}, [], error_alert(error), False
    actual = sum((row.actual for row in months), Decimal(0))
    targets = [row.target for row in months if row.target is not None]
    target = sum(targets, Decimal(0)) if targets else None
    last_year = sum((row.last_year for row in months), Decimal(0))
    note, tone = _change(actual, last_year)
    kpis = kpi_row(
        [
            make_kpi_card(_("Actual"), format_money(actual), note, tone=tone),
            make_kpi_card(
                _("Target"), format_money(target) if target is not None else "—"
            ),
            make_kpi_card(
                _("Attainment"), format_percent(attainment(actual, target)) or "—"
            ),
            make_kpi_card(_("Last year"), format_money(last_year)),
        ]
    )
    title = " · ".join(
        [
            _(TARGET_METRIC_LABELS[metric]),
            str(f["year"]),
            subject.label or _("Everyone"),
        ]
    )
    figure = target_vs_actual(
        title,
        [float(row.actual) for row in months],
        [float(row.target) if row.target is not None else None for row in months],
        [float(row.last_year) for row in months],
    )
    member_rows = [
        {
            "id": str(row.user_id),
            "name": row.name,
            "team": row.team or "",
            "actual_text": format_money(row.actual),
            "target_text": format_money(row.target),
            "attainment_text": format_percent(row.attainment),
            "last_year_text": format_money(row.last_year),
            "yoy_text": format_percent((row.actual - row.last_year) / row.last_year)
            if row.last_year
            else "",
        }
        for row in members
    ]
    return kpis, figure, member_rows, None, False


def load_forecast(year, metric, team, member):
    """This month's likely end (only while looking at this year)."""
    actor = current_actor()
    today = local_today()
    try:
        f = _filters(year, metric, team, member)
        if f["year"] != today.year:
            return None
        with read_session() as session:
            subject = resolve_subject(
                session, actor, team_id=f["team_id"], user_id=f["user_id"]
            )
            forecast = month_end_forecast(
                session, actor, metric=metric, subject=subject, today=today
            )
    except ServiceError:
        return None
    note = (
        _(
            "Expected attainment {ratio}",
            ratio=format_percent(forecast.expected_attainment),
        )
        if forecast.expected_attainment is not None
        else _("No target set")
    )
    explain = (
        _(
            "Actual so far plus open opportunities expected to close this month, "
            "weighted by stage probability (upper end: in full)."
        )
        if metric == "contract_amount"
        else _("Actual so far plus what is still due on this month's installments.")
    )
    figure = forecast_band(
        _("Month-end forecast: {amount}", amount=format_money(forecast.expected)),
        actual=float(forecast.actual),
        expected=float(forecast.expected),
        high=float(forecast.high),
        target=float(forecast.target) if forecast.target is not None else None,
    )
    return dbc.Card(
        dbc.CardBody(
            [
                dcc.Graph(
                    figure=figure,
                    config=chart_config("pelago-forecast"),
                    style={"height": "170px"},
                ),
                html.Small(f"{note} · {explain}", className="text-muted"),
            ]
        ),
        className="mb-3",
    )


def load_drill(click, page, year, metric, team, member, month):
    """The records behind the clicked month (page 1 on a new click)."""
    if ctx.triggered_id == ids.CHART:
        # Unified hover reports every trace at the clicked month; each trace has
        # one point per month, so the point's index is the month.
        points = (click or {}).get("points") or [{}]
        month = parse_int(points[0].get("pointNumber"))
        month = month + 1 if month is not None else None
        page = 1
        if month is None or not 1 <= month <= 12:
            return (no_update,) * 6
    if month is None:
        return (no_update,) * 6
    actor = current_actor()
    try:
        f = _filters(year, metric, team, member)
        with read_session() as session:
            subject = resolve_subject(
                session, actor, team_id=f["team_id"], user_id=f["user_id"]
            )
            result = drill_down(
                session,
                actor,
                metric=metric,
                period=month_period(f["year"], month),
                subject=subject,
                page=page or 1,
                page_size=DRILL_PAGE_SIZE,
            )
    except ServiceError as error:
        return True, str(_(error.message)), [], 1, "", month
    rows = [
        {
            "id": str(row["id"]),
            "number": row["number"],
            "name": row["name"],
            "customer": row["customer"],
            "amount_text": format_money(row["amount"]),
            "day": format_date(row["day"]),
            "owner": row["owner"] or "",
        }
        for row in result.rows
    ]
    title = _(
        "{metric}, {year}-{month:02d}: {amount}",
        metric=_(TARGET_METRIC_LABELS[metric]),
        year=f["year"],
        month=month,
        amount=format_money(result.extra["sum"]),
    )
    total = _("Total: {n}", n=result.total)
    return True, title, rows, result.page_count, total, month


def register(app: Dash) -> None:
    app.callback(
        Output(ids.MEMBER, "options"),
        Output(ids.MEMBER, "value"),
        Input(ids.TEAM, "value"),
    )(member_options)
    app.callback(
        Output(ids.KPIS, "children"),
        Output(ids.CHART, "figure"),
        Output(ids.MEMBERS, "rowData"),
        Output(ids.MESSAGE, "children"),
        Output(ids.DRILL, "is_open"),
        Input(ids.YEAR, "value"),
        Input(ids.METRIC, "value"),
        Input(ids.TEAM, "value"),
        Input(ids.MEMBER, "value"),
    )(load_performance)
    app.callback(
        Output(ids.FORECAST, "children"),
        Input(ids.YEAR, "value"),
        Input(ids.METRIC, "value"),
        Input(ids.TEAM, "value"),
        Input(ids.MEMBER, "value"),
    )(load_forecast)
    app.callback(
        Output(ids.DRILL, "is_open", allow_duplicate=True),
        Output(ids.DRILL_TITLE, "children"),
        Output(ids.DRILL_GRID, "rowData"),
        Output(ids.DRILL_PAGER, "max_value"),
        Output(ids.DRILL_TOTAL, "children"),
        Output(ids.DRILL_MONTH, "data"),
        Input(ids.CHART, "clickData"),
        Input(ids.DRILL_PAGER, "active_page"),
        State(ids.YEAR, "value"),
        State(ids.METRIC, "value"),
        State(ids.TEAM, "value"),
        State(ids.MEMBER, "value"),
        State(ids.DRILL_MONTH, "data"),
        prevent_initial_call=True,
    )(load_drill)
