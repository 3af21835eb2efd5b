"""Contacts of all customers in scope: search, primary filter, server paging."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.custom_fields import make_custom_list_controls
from dashboard.components.export_menu import make_export_menu
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.i18n import _
from dashboard.ids import Contacts as ids

dash.register_page(
    __name__,
    path="/contacts",
    order=20,
    title=lambda **_kw: f"{_('Contacts')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("name", _("Name"), minWidth=120),
        {"field": "customer", "headerName": _("Customer"), "minWidth": 200},
        {"field": "title", "headerName": _("Title"), "minWidth": 100},
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "email", "headerName": _("Email"), "minWidth": 160},
        {"field": "primary", "headerName": _("Primary contact"), "minWidth": 90},
        {"field": "created", "headerName": _("Created"), "minWidth": 140},
    ]


def layout(**_query):
    return html.Div(
        [
            html.Div(
                [
                    html.H2(_("Contacts"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-plus-lg me-1"), _("New contact")],
                        href="/contacts/new",
                        color="primary",
                        id="contacts-new",
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    dbc.Row(
                        [
                            dbc.Col(
                                dbc.InputGroup(
                                    [
                                        dbc.InputGroupText(
                                            html.I(className="bi bi-search")
                                        ),
                                        dbc.Input(
                                            id=ids.SEARCH,
                                            type="search",
                                            debounce=True,
                                            placeholder=_("Name, customer or mobile"),
                                        ),
                                    ],
                                    size="sm",
                                ),
                                md=5,
                            ),
                            dbc.Col(
                                dbc.Checkbox(
                                    id=ids.PRIMARY,
                                    label=_("Primary contacts only"),
                                    value=False,
                                ),
                                md=3,
                                className="pt-1",
                            ),
                        ],
                        className="g-2",
                    )
                ),
                className="mb-3 filter-bar",
            ),
            make_custom_list_controls("contact"),
            html.Div(make_export_menu("contacts"), className="bulk-bar mb-2"),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
