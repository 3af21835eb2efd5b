"""Lead pool: leads without an owner; claim one (the first claim wins)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_bulk_bar,
    make_bulk_button,
    make_filter_bar,
    make_filter_select,
    make_search,
)
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
            make_filter_bar(
                [
                    dbc.Col(
                        make_search(ids.SEARCH, _("Name, company or mobile")), md=4
                    ),
                    dbc.Col(
                        make_filter_select(ids.SOURCE, _("All sources"), sources), md=2
                    ),
                ]
            ),
            make_bulk_bar(
                ids.SELECTION,
                make_bulk_button(
                    ids.CLAIM, "hand-index", _("Claim"), "primary", spaced=False
                ),
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns()),
            make_pager(ids.PAGER, ids.TOTAL),
        ]
    )
