"""A pool customer, read-only: facts, pool history, operation log; claim."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _
from dashboard.ids import PoolDetail as ids

dash.register_page(
    __name__,
    path_template="/pool/<customer_id>",
    order=16,
    title=lambda **_kw: f"{_('Public pool')} · Pelago",
)


def layout(customer_id: str = "", **_query):
    return html.Div(
        [
            dcc.Store(id=ids.CUSTOMER_ID, data=customer_id),
            html.Div(id=ids.MESSAGE),
            dbc.Card(
                dbc.CardBody(
                    html.Div(
                        [
                            dcc.Loading(html.Div(id=ids.HEADER), type="dot"),
                            html.Div(
                                [
                                    dbc.Button(
                                        [
                                            html.I(className="bi bi-hand-index me-1"),
                                            _("Claim"),
                                        ],
                                        id=ids.CLAIM,
                                        color="primary",
                                        size="sm",
                                        className="me-2",
                                    ),
                                    dbc.Button(
                                        _("Back to the pool"),
                                        href="/pool",
                                        color="link",
                                        size="sm",
                                    ),
                                ],
                                className="detail-actions",
                            ),
                        ],
                        className="detail-header-row",
                    )
                ),
                className="detail-header",
            ),
            dbc.Tabs(
                active_tab="info",
                className="mt-3",
                children=[
                    dbc.Tab(
                        html.Div(id=ids.INFO, className="pt-3"),
                        label=_("Information"),
                        tab_id="info",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.HISTORY, className="pt-3"),
                        label=_("Pool history"),
                        tab_id="history",
                    ),
                    dbc.Tab(
                        html.Div(id=ids.LOG, className="pt-3"),
                        label=_("Operation log"),
                        tab_id="log",
                    ),
                ],
            ),
        ]
    )
