"""Shown for any path no page claims."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import _

dash.register_page(
    __name__, path="/404", title=lambda **_kw: f"{_('Not found')} · Pelago"
)


def layout(**_query):
    return html.Div(
        [
            html.H2(_("Page not found"), className="page-title", id="not-found-title"),
            html.P(_("The page you asked for does not exist or was moved.")),
            dbc.Button(_("Back to the home page"), href="/", color="primary"),
        ],
        className="not-found py-5 text-center",
    )
