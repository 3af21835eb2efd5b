"""Create a contact (optionally for the customer in ?customer_id=)."""

import dash
from dash import html

from dashboard.components.contact_form import make_contact_form
from dashboard.i18n import _
from dashboard.parsing import parse_int

dash.register_page(
    __name__,
    path="/contacts/new",
    order=21,
    title=lambda **_kw: f"{_('New contact')} · Pelago",
)


def layout(customer_id: str = "", **_query):
    return html.Div(
        [
            html.H2(_("New contact"), className="page-title mb-3"),
            make_contact_form(customer_id=parse_int(customer_id)),
        ]
    )
