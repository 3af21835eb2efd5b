"""Create a customer."""

import dash
from dash import html

from dashboard.components.customer_form import make_customer_form
from dashboard.i18n import _

dash.register_page(
    __name__,
    path="/customers/new",
    order=11,
    title=lambda **_kw: f"{_('New customer')} · Pelago",
)


def layout(**_query):
    return html.Div(
        [html.H2(_("New customer"), className="page-title mb-3"), make_customer_form()]
    )
