"""Create an opportunity (optionally for the customer in ?customer_id=)."""

import dash
from dash import html

from dashboard.components.opportunity_form import make_opportunity_form
from dashboard.i18n import _
from dashboard.parsing import parse_int

dash.register_page(
    __name__,
    path="/opportunities/new",
    order=41,
    title=lambda **_kw: f"{_('New opportunity')} · Pelago",
)


def layout(customer_id: str = "", **_query):
    return html.Div(
        [
            html.H2(_("New opportunity"), className="page-title mb-3"),
            make_opportunity_form(customer_id=parse_int(customer_id)),
        ]
    )
