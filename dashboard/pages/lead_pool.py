"""Lead pool: leads without an owner; claim one (the first claim wins)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import read_session
from dashboard.i18n import _, current_language
from dashboard.ids import LeadPool as ids
from services import dictionaries

dash.register_page(
    __name__,
    path="/lead-pool",
    order=35,
    title=lambda **_kw: f"{_('Lead pool')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("name", _("Lead")),
        {"field": "company", "headerName": _("Company"), "minWidth": 160},
        {"field": "source_label", "headerName": _("Source"), "minWidth": 100},
        {"field": "status_label", "headerName": _("Status"), "minWidth": 90},
        {"field": "last_owner", "headerName": _("Last owner"), "minWidth": 100},
        {
            "field": "pool_entered",
            "headerName": _("In the pool since"),
            "minWidth": 140,
        },
    ]


def layout(**_query):
    with read_session() as session:
        sources = dictionaries.options(session, "customer_source", current_language())
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.H2(_("Lead pool"), className="page-title mb-3"),
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
                                            placeholder=_("Name, company or mobile"),
                                        ),
                                    ],
                                    size="sm",
                                ),
                                md=4,
                            ),
                            dbc.Col(
                                dcc.Dropdown(
                                    id=ids.SOURCE,
                                    options=sources,
                                    placeholder=_("All sources"),
                                    className="filter-select",
                                ),
                                md=2,
                            ),
                        ],
                        className="g-2",
                    )
                ),
                className="mb-3 filter-bar",
            ),
            html.Div(
                [
                    html.Span(id=ids.SELECTION, className="text-muted small me-2"),
                    dbc.Button(
                        [html.I(className="bi bi-hand-index me-1"), _("Claim")],
                        id=ids.CLAIM,
                        color="primary",
                        size="sm",
                        disabled=True,
                    ),
                ],
                className="bulk-bar mb-2",
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL),
        ]
    )
