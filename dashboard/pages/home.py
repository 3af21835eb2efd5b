"""Home: my customers at a glance, follow-ups due, recent activity, quick actions."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import current_actor
from dashboard.figures import chart_config
from dashboard.i18n import _
from dashboard.ids import Home as ids
from dashboard.ids import Todo
from dashboard.labels import GRAIN_LABELS, TARGET_METRIC_LABELS_SHORT

dash.register_page(__name__, path="/", order=0, title=lambda **_kw: "Pelago CRM")


def _toggle(component_id: str, options: dict[str, str], value: str):
    return dbc.RadioItems(
        id=component_id,
        options=[{"label": _(label), "value": key} for key, label in options.items()],
        value=value,
        inline=True,
        className="btn-group btn-group-sm",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-secondary",
        labelCheckedClassName="active",
    )


def _target_chart() -> dbc.Card:
    """Target vs actual by month, quarter or year; a bar opens the performance
    page of its year."""
    return dbc.Card(
        [
            dbc.CardHeader(
                [
                    html.Span(_("Target vs actual"), className="fw-semibold me-auto"),
                    _toggle(ids.GRAIN, GRAIN_LABELS, "month"),
                    _toggle(ids.METRIC, TARGET_METRIC_LABELS_SHORT, "contract_amount"),
                ],
                className="d-flex flex-wrap gap-2 align-items-center",
            ),
            dbc.CardBody(
                dcc.Loading(
                    dcc.Graph(
                        id=ids.CHART,
                        config=chart_config("pelago-target-vs-actual"),
                        style={"height": "320px"},
                    ),
                    type="dot",
                )
            ),
        ],
        className="mb-3",
    )


def layout(**_query):
    actor = current_actor()
    return html.Div(
        [
            dcc.Interval(id="home-once", max_intervals=0),
            html.Div(
                [
                    html.H2(
                        _("Hello, {name}", name=actor.display_name),
                        className="page-title",
                    ),
                    html.Div(
                        [
                            dbc.Button(
                                [
                                    html.I(className="bi bi-plus-lg me-1"),
                                    _("New customer"),
                                ],
                                href="/customers/new",
                                color="primary",
                                size="sm",
                                className="me-2",
                            ),
                            dbc.Button(
                                [
                                    html.I(className="bi bi-person-plus me-1"),
                                    _("New contact"),
                                ],
                                href="/contacts/new",
                                color="secondary",
                                outline=True,
                                size="sm",
                            ),
                        ]
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            dcc.Loading(html.Div(id=ids.MONTH, className="mb-3"), type="dot"),
            _target_chart(),
            dcc.Loading(html.Div(id=ids.SUMMARY), type="dot"),
            dbc.Card(id=Todo.HOME_CARD, className="mt-3"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            [
                                dbc.CardHeader(_("Follow-ups due")),
                                dbc.CardBody(html.Div(id=ids.DUE)),
                            ]
                        ),
                        md=5,
                    ),
                    dbc.Col(
                        dbc.Card(
                            [
                                dbc.CardHeader(_("Recent activity")),
                                dbc.CardBody(html.Div(id=ids.RECENT)),
                            ]
                        ),
                        md=7,
                    ),
                ],
                className="mt-3 g-3",
            ),
        ]
    )
