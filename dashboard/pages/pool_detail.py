"""A pool customer, read-only: facts, pool history, operation log; claim."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.detail_page import (
    detail_tab,
    make_detail_header,
    make_detail_tabs,
)
from dashboard.i18n import _
from dashboard.ids import PoolDetail as ids

dash.register_page(
    __name__,
    path_template="/pool/<customer_id>",
    order=16,
    title=lambda **_kw: f"{_('Public pool')} · Pelago",
)


def layout(customer_id: str = "", **_query):
    actions = html.Div(
        [
            dbc.Button(
                [html.I(className="bi bi-hand-index me-1"), _("Claim")],
                id=ids.CLAIM,
                color="primary",
                size="sm",
                className="me-2",
            ),
            dbc.Button(_("Back to the pool"), href="/pool", color="link", size="sm"),
        ],
        className="detail-actions",
    )
    return html.Div(
        [
            dcc.Store(id=ids.CUSTOMER_ID, data=customer_id),
            html.Div(id=ids.MESSAGE),
            make_detail_header(ids.HEADER, actions),
            make_detail_tabs(
                [
                    detail_tab(_("Information"), "info", body_id=ids.INFO),
                    detail_tab(_("Pool history"), "history", body_id=ids.HISTORY),
                    detail_tab(_("Operation log"), "log", body_id=ids.LOG),
                ],
                active_tab="info",
            ),
        ]
    )
