"""Create a lead."""

import dash
from dash import html

from dashboard.components.lead_form import make_lead_form
from dashboard.i18n import _

dash.register_page(
    __name__,
    path="/leads/new",
    order=31,
    title=lambda **_kw: f"{_('New lead')} · Pelago",
)


def layout(**_query):
    return html.Div(
        [html.H2(_("New lead"), className="page-title mb-3"), make_lead_form()]
    )
