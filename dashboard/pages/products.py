"""Product list: search by name or code, category (with sub-categories), on-sale
and price filters, server paging; managers put products on or off sale."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import Products as ids
from dashboard.labels import PRODUCT_SORT_LABELS
from services.permissions import PRODUCT_MANAGE
from services.product_categories import category_options

dash.register_page(
    __name__,
    path="/products",
    order=40,
    title=lambda **_kw: f"{_('Products')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("name", _("Product")),
        {"field": "code", "headerName": _("Code"), "minWidth": 110},
        {"field": "category", "headerName": _("Category"), "minWidth": 160},
        {"field": "unit_label", "headerName": _("Unit"), "minWidth": 80},
        {
            "field": "price_text",
            "headerName": _("Price (CNY)"),
            "minWidth": 120,
            "type": "rightAligned",
        },
        {"field": "status", "headerName": _("Status"), "minWidth": 90},
        {"field": "updated", "headerName": _("Modified"), "minWidth": 140},
    ]


def _price_input(component_id: str, placeholder: str) -> dbc.Input:
    return dbc.Input(
        id=component_id,
        type="text",
        inputMode="decimal",
        debounce=True,
        placeholder=placeholder,
        size="sm",
    )


def filter_bar() -> dbc.Card:
    with read_session() as session:
        categories = category_options(session, current_actor())
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        dbc.InputGroup(
                            [
                                dbc.InputGroupText(html.I(className="bi bi-search")),
                                dbc.Input(
                                    id=ids.SEARCH,
                                    type="search",
                                    debounce=True,
                                    placeholder=_("Name or code"),
                                ),
                            ],
                            size="sm",
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.CATEGORY,
                            options=categories,
                            placeholder=_("All categories"),
                            className="filter-select",
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Select(
                            id=ids.ON_SALE,
                            value="all",
                            size="sm",
                            options=[
                                {"label": _("On sale and off sale"), "value": "all"},
                                {"label": _("On sale"), "value": "on"},
                                {"label": _("Off sale"), "value": "off"},
                            ],
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.InputGroup(
                            [
                                _price_input(ids.PRICE_MIN, _("Price from")),
                                dbc.InputGroupText("–"),
                                _price_input(ids.PRICE_MAX, _("to")),
                            ],
                            size="sm",
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.InputGroup(
                            [
                                dbc.Select(
                                    id=ids.SORT,
                                    value="updated",
                                    size="sm",
                                    options=[
                                        {"label": _(label), "value": key}
                                        for key, label in PRODUCT_SORT_LABELS.items()
                                    ],
                                ),
                                dbc.Select(
                                    id=ids.DIRECTION,
                                    value="desc",
                                    size="sm",
                                    className="sort-direction",
                                    options=[
                                        {"label": "↓", "value": "desc"},
                                        {"label": "↑", "value": "asc"},
                                    ],
                                ),
                            ],
                            size="sm",
                        ),
                        md=2,
                    ),
                ],
                className="g-2",
            )
        ),
        className="mb-3 filter-bar",
    )


def layout(**_query):
    manager = current_actor().can(PRODUCT_MANAGE)
    hidden = {} if manager else {"display": "none"}
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.Div(
                [
                    html.H2(_("Products"), className="page-title"),
                    dbc.Button(
                        [html.I(className="bi bi-plus-lg me-1"), _("New product")],
                        href="/products/new",
                        color="primary",
                        id=ids.NEW,
                        style=hidden,
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-3",
            ),
            filter_bar(),
            html.Div(
                [
                    html.Span(id=ids.SELECTION, className="text-muted small me-2"),
                    dbc.Button(
                        [html.I(className="bi bi-bag-check me-1"), _("Put on sale")],
                        id=ids.PUT_ON_SALE,
                        color="outline-success",
                        size="sm",
                        className="me-2",
                        disabled=True,
                    ),
                    dbc.Button(
                        [html.I(className="bi bi-bag-x me-1"), _("Take off sale")],
                        id=ids.TAKE_OFF_SALE,
                        color="outline-secondary",
                        size="sm",
                        disabled=True,
                    ),
                ],
                className="bulk-bar mb-2",
                style=hidden,
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=manager),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
