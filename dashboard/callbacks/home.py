"""Home page: summary cards, due follow-ups, recent activity."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, html, no_update

from dashboard.components.kpi import kpi_row, make_kpi_card
from dashboard.components.todo_views import counts_strip
from dashboard.context import chosen_focus, current_actor, read_session
from dashboard.figures import target_vs_actual
from dashboard.i18n import (
    _,
    company_zone,
    current_language,
    format_datetime,
    format_money,
    format_number,
    format_percent,
    from_local,
    to_local,
)
from dashboard.ids import Home as ids
from dashboard.ids import Shell, Todo
from dashboard.labels import (
    MONTH_KPI_LABELS,
    STAGE_LABELS,
    STAGES,
    TARGET_METRIC_LABELS,
)
from models.base import utcnow
from services import dictionaries
from services.analytics.home_kpis import activity_kpis
from services.analytics.performance_report import (
    YEARS_SHOWN,
    MonthKpi,
    SeriesPoint,
    focus_subject,
    month_kpis,
    target_vs_actual_series,
)
from services.errors import ServiceError
from services.home import due_followups, home_summary, recent_followups
from services.todo import Day, todo_summary


def company_day() -> Day:
    """Today in company time: its date and its bounds as naive UTC."""
    midnight = to_local(utcnow()).replace(hour=0, minute=0, second=0, microsecond=0)
    return Day(
        midnight.date(),
        from_local(midnight),
        from_local(midnight + dt.timedelta(days=1)),
    )


def _card(label: str, value: int, icon: str, href: str | None = None, color="primary"):
    body = dbc.CardBody(
        [
            html.Div(
                [
                    html.I(className=f"bi bi-{icon} kpi-icon text-{color}"),
                    html.Div(
                        [
                            html.Div(f"{value:,}", className="kpi-value"),
                            html.Div(label, className="kpi-label text-muted"),
                        ]
                    ),
                ],
                className="d-flex align-items-center gap-3",
            )
        ]
    )
    card = dbc.Card(body, className="kpi-card h-100")
    return dbc.Col(
        html.A(card, href=href, className="text-reset text-decoration-none")
        if href
        else card,
        md=3,
        sm=6,
    )


def load_home(_n):
    today = company_day()
    with read_session() as session:
        actor = current_actor()
        summary = home_summary(session, actor, day_start=today.start, day_end=today.end)
        due = due_followups(session, actor, before=today.end)
        recent = recent_followups(session, actor)
        labels = dictionaries.labels(session, current_language())
    cards = dbc.Row(
        [
            _card(_("Customers"), summary["total"], "people", "/customers"),
            _card(
                _("Follow-ups due today"),
                summary["due_today"],
                "alarm",
                "/customers?followup=today",
                color="warning",
            ),
            _card(
                _("Overdue follow-ups"),
                summary["overdue"],
                "exclamation-triangle",
                "/customers?followup=overdue",
                color="danger",
            ),
            _card(
                _("New customers today"),
                summary["new_today"],
                "person-plus",
                color="success",
            ),
        ],
        className="g-3",
    )
    stages = html.Div(
        [
            dbc.Badge(
                f"{_(STAGE_LABELS[s])} {summary['by_stage'].get(s, 0):,}",
                color="light",
                text_color="dark",
                className="me-2",
            )
            for s in STAGES
        ],
        className="mt-3 stage-strip",
    )
    due_list = (
        html.Ul(
            [
                html.Li(
                    [
                        html.A(row["name"], href=f"/customers/{row['id']}"),
                        html.Span(
                            format_datetime(row["next_followup_at"]),
                            className="text-muted float-end small",
                        ),
                    ]
                )
                for row in due
            ],
            className="list-unstyled due-list",
        )
        if due
        else html.P(_("Nothing due. Well done."), className="text-muted")
    )
    recent_list = (
        html.Ul(
            [
                html.Li(
                    [
                        html.Div(
                            [
                                html.A(
                                    row["customer"],
                                    href=f"/customers/{row['customer_id']}",
                                ),
                                html.Span(
                                    f" · {labels.get(('followup_type', row['type']))}"
                                    f" · {row['author']}",
                                    className="text-muted",
                                ),
                                html.Span(
                                    format_datetime(row["occurred_at"]),
                                    className="text-muted float-end small",
                                ),
                            ]
                        ),
                        html.Div(row["content"], className="small text-truncate"),
                    ],
                    className="mb-2",
                )
                for row in recent
            ],
            className="list-unstyled",
        )
        if recent
        else html.P(_("No activity yet."), className="text-muted")
    )
    return html.Div([cards, stages]), due_list, recent_list


def load_todo(_n):
    """The to-do card: every count that applies, each linking to its list."""
    with read_session() as session:
        summary = todo_summary(session, current_actor(), today=company_day())
    return [
        dbc.CardHeader(
            [
                html.A(_("To-do"), href="/todo", className="text-reset"),
                dbc.Badge(
                    f"{summary.total:,}",
                    color="danger" if summary.total else "secondary",
                    pill=True,
                    className="ms-2",
                ),
            ]
        ),
        dbc.CardBody(counts_strip(summary, "home-todo")),
    ]


def _month_card(label: str, value: str, kpi: MonthKpi, href: str, context=None):
    """A KPI card with its change against last month, linking to the page
    that explains the number."""
    change = (kpi.actual - kpi.previous) / kpi.previous if kpi.previous else None
    note = (
        _("{change} vs last month", change=format_percent(change))
        if change is not None
        else None
    )
    return html.A(
        make_kpi_card(
            label,
            value,
            " · ".join(part for part in (context, note) if part) or None,
            tone=None if change is None else "up" if change >= 0 else "down",
        ),
        href=href,
        className="text-reset text-decoration-none",
    )


def load_month(_n):
    """This month's amounts against target, new customers and follow-ups, each
    against last month, for the scope switcher's subject."""
    actor = current_actor()
    today = company_day().date
    with read_session() as session:
        subject = focus_subject(session, actor, chosen_focus())
        amounts = month_kpis(session, actor, today=today, subject=subject)
        counts = activity_kpis(
            session, actor, today=today, zone=company_zone(), subject=subject
        )
    cards = [
        _month_card(
            _(MONTH_KPI_LABELS[kpi.metric]),
            format_money(kpi.actual),
            kpi,
            f"/performance?period=this_month&metric={kpi.metric}",
            _(
                "Target {target} · {attainment}",
                target=format_money(kpi.target),
                attainment=format_percent(kpi.attainment),
            )
            if kpi.attainment is not None
            else _("No target set"),
        )
        for kpi in amounts
    ] + [
        _month_card(
            _(MONTH_KPI_LABELS[kpi.metric]),
            format_number(kpi.actual),
            kpi,
            "/analytics/work-statistics?period=this_month",
        )
        for kpi in counts
    ]
    title = html.Div(
        _("This month · {who}", who=subject.label or _("Everyone")),
        className="text-muted small mb-2",
    )
    return [title, kpi_row(cards)]


def _bar_label(point: SeriesPoint, grain: str) -> str:
    if grain == "year":
        return str(point.period.start.year)
    if grain == "quarter":
        return _("Q{n}", n=(point.period.start.month - 1) // 3 + 1)
    return _("Month {n}", n=point.period.start.month)


def load_chart(grain, metric):
    """Target vs actual of the switcher's subject by month, quarter or year."""
    actor = current_actor()
    try:
        with read_session() as session:
            subject = focus_subject(session, actor, chosen_focus())
            points = target_vs_actual_series(
                session,
                actor,
                metric=metric,
                grain=grain,
                today=company_day().date,
                subject=subject,
            )
    except ServiceError:
        return no_update
    title = " · ".join(
        [_(TARGET_METRIC_LABELS[metric]), subject.label or _("Everyone")]
    )
    return target_vs_actual(
        title,
        [float(p.actual) for p in points],
        [float(p.target) if p.target is not None else None for p in points],
        [float(p.before) for p in points],
        labels=[_bar_label(p, grain) for p in points],
    )


def open_performance(click, grain, metric):
    """A bar opens the performance page of its year and metric."""
    points = (click or {}).get("points") or [{}]
    index = points[0].get("pointIndex")
    if not isinstance(index, int) or metric not in TARGET_METRIC_LABELS:
        return no_update
    this_year = company_day().date.year
    year = this_year + index - (YEARS_SHOWN - 1) if grain == "year" else this_year
    if year == this_year:
        return f"/performance?period=this_year&metric={metric}"
    return (
        f"/performance?period=custom&start={year}-01-01&end={year}-12-31"
        f"&metric={metric}"
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.CHART, "figure"),
        Input(ids.GRAIN, "value"),
        Input(ids.METRIC, "value"),
    )(load_chart)
    app.callback(
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ids.CHART, "clickData"),
        State(ids.GRAIN, "value"),
        State(ids.METRIC, "value"),
        prevent_initial_call=True,
    )(open_performance)
    app.callback(
        Output(ids.MONTH, "children"),
        Input("home-once", "n_intervals"),
    )(load_month)
    app.callback(
        Output(ids.SUMMARY, "children"),
        Output(ids.DUE, "children"),
        Output(ids.RECENT, "children"),
        Input("home-once", "n_intervals"),
    )(load_home)
    app.callback(
        Output(Todo.HOME_CARD, "children"),
        Input("home-once", "n_intervals"),
    )(load_todo)
