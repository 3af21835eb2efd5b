"""Performance (业绩): target vs actual by month with last year, by member, and
the records behind any month (click a bar)."""

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.figures import chart_config
from dashboard.i18n import _
from dashboard.ids import Performance as ids
from dashboard.labels import TARGET_METRIC_LABELS
from services.analytics.performance import AMOUNT_METRICS
from services.analytics.performance_report import viewable_teams

dash.register_page(
    __name__,
    path="/performance",
    order=61,
    title=lambda **_kw: f"{_('Performance')} · Pelago",
)


def _drill_columns() -> list[dict]:
    return [
        {"field": "number", "headerName": _("Number")},
        {"field": "name", "headerName": _("Contract")},
        {"field": "customer", "headerName": _("Customer")},
        {"field": "amount_text", "headerName": _("Amount"), "type": "rightAligned"},
        {"field": "day", "headerName": _("Date")},
        {"field": "owner", "headerName": _("Owner")},
    ]


def _member_columns() -> list[dict]:
    right = {"type": "rightAligned"}
    return [
        {"field": "name", "headerName": _("Member")},
        {"field": "team", "headerName": _("Team")},
        {"field": "actual_text", "headerName": _("Actual"), **right},
        {"field": "target_text", "headerName": _("Target"), **right},
        {"field": "attainment_text", "headerName": _("Attainment"), **right},
        {"field": "last_year_text", "headerName": _("Last year"), **right},
        {"field": "yoy_text", "headerName": _("Year over year"), **right},
    ]


def layout(year: str | None = None, metric: str | None = None, **_query):
    actor = current_actor()
    with read_session() as session:
        teams = viewable_teams(session, actor)
    this_year = dt.date.today().year
    chosen_year = int(year) if year and year.isdigit() else this_year
    return html.Div(
        [
            dcc.Store(id=ids.DRILL_MONTH),
            html.H2(_("Performance"), className="page-title mb-3"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Select(
                            id=ids.YEAR,
                            options=[
                                {"label": str(y), "value": str(y)}
                                for y in range(this_year - 4, this_year + 2)
                            ],
                            value=str(chosen_year),
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.Select(
                            id=ids.METRIC,
                            options=[
                                {"label": _(TARGET_METRIC_LABELS[m]), "value": m}
                                for m in AMOUNT_METRICS
                            ],
                            value=metric
                            if metric in AMOUNT_METRICS
                            else (AMOUNT_METRICS[0]),
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Select(
                            id=ids.TEAM,
                            options=[
                                {"label": "\u2003" * depth + name, "value": str(tid)}
                                for tid, name, depth in teams
                            ],
                            value=None,
                            placeholder=_("My results"),
                            disabled=not teams,
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.MEMBER,
                            placeholder=_("Whole team"),
                            clearable=True,
                        ),
                        md=3,
                    ),
                ],
                className="g-2 mb-3",
            ),
            html.Div(id=ids.MESSAGE),
            dcc.Loading(html.Div(id=ids.KPIS, className="mb-3"), type="dot"),
            html.Div(id=ids.FORECAST),
            dbc.Card(
                dbc.CardBody(
                    [
                        dcc.Graph(
                            id=ids.CHART,
                            config=chart_config("pelago-performance"),
                            style={"height": "380px"},
                        ),
                        html.Small(
                            _("Click a month to see the records behind it."),
                            className="text-muted",
                        ),
                    ]
                ),
                className="mb-3",
            ),
            dbc.Collapse(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.H5(id=ids.DRILL_TITLE, className="card-title"),
                            make_grid(
                                ids.DRILL_GRID,
                                _drill_columns(),
                                selectable=False,
                                height="360px",
                            ),
                            make_pager(ids.DRILL_PAGER, ids.DRILL_TOTAL),
                        ]
                    ),
                    className="mb-3",
                ),
                id=ids.DRILL,
                is_open=False,
            ),
            dbc.Card(
                [
                    dbc.CardHeader(_("By member")),
                    dbc.CardBody(
                        make_grid(
                            ids.MEMBERS,
                            _member_columns(),
                            selectable=False,
                            height="360px",
                        )
                    ),
                ]
            ),
        ]
    )
