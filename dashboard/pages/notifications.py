"""My notifications: pool requests, decisions, returns and warnings."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import _
from dashboard.ids import Notifications as ids

dash.register_page(
    __name__,
    path="/notifications",
    order=95,
    title=lambda **_kw: f"{_('Notifications')} · Pelago",
)


def layout(**_query):
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(
                [
                    html.H2(_("Notifications"), className="page-title"),
                    dbc.Button(
                        [
                            html.I(className="bi bi-check2-all me-1"),
                            _("Mark all as read"),
                        ],
                        id=ids.MARK_READ,
                        color="outline-secondary",
                        size="sm",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            html.Div(id=ids.LIST),
        ]
    )
