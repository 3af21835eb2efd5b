"""Duplicate check (客户查重): customers with the same or a similar name or mobile,
in every scope; `?name=…&mobile=…` pre-fills the form and runs the check."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.forms import make_field
from dashboard.i18n import _
from dashboard.ids import Duplicates as ids

dash.register_page(
    __name__,
    path="/customers/duplicates",
    # Before the detail page's "/customers/<customer_id>" template (order 13).
    order=12,
    title=lambda **_kw: f"{_('Duplicate check')} · Pelago",
)


def layout(name: str = "", mobile: str = "", **_query):
    return html.Div(
        [
            html.H2(_("Duplicate check"), className="page-title mb-3"),
            dbc.Card(
                dbc.CardBody(
                    dbc.Row(
                        [
                            make_field(
                                _("Customer name"),
                                dbc.Input(
                                    id=ids.NAME,
                                    value=name[:200],
                                    maxLength=200,
                                    type="search",
                                ),
                                ids.feedback("name"),
                                width=5,
                            ),
                            make_field(
                                _("Mobile"),
                                dbc.Input(
                                    id=ids.MOBILE,
                                    value=mobile[:30],
                                    maxLength=30,
                                    type="search",
                                ),
                                ids.feedback("mobile"),
                                width=4,
                            ),
                            dbc.Col(
                                dbc.Button(
                                    [
                                        html.I(className="bi bi-search me-1"),
                                        _("Check for duplicates"),
                                    ],
                                    id=ids.CHECK,
                                    color="primary",
                                    className="duplicates-check",
                                ),
                                md=3,
                                className="d-flex align-items-center",
                            ),
                        ],
                        className="g-2",
                    )
                ),
                className="mb-3 filter-bar",
            ),
            html.P(
                _(
                    "Names and numbers are compared without case, spaces, "
                    "punctuation, full-width forms or a +86 prefix. Customers "
                    "outside your scope show only their name, owner and team."
                ),
                className="text-muted small",
            ),
            html.Div(id=ids.MESSAGE),
            html.Div(id=ids.SUMMARY, className="mb-2"),
            html.Div(id=ids.RESULTS),
        ]
    )
