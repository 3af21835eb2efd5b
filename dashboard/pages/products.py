"""Product list: search by name or code, category (with sub-categories), on-sale
and price filters, server paging; managers put products on or off sale."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.components.list_page import (
    make_bulk_bar,
    make_bulk_button,
    make_filter_bar,
    make_filter_select,
    make_new_button,
    make_page_header,
    make_search,
    make_sort_controls,
)
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
    on_sale = dbc.Select(
        id=ids.ON_SALE,
        value="all",
        size="sm",
        options=[
            {"label": _("On sale and off sale"), "value": "all"},
            {"label": _("On sale"), "value": "on"},
            {"label": _("Off sale"), "value": "off"},
        ],
    )
    price = dbc.InputGroup(
        [
            _price_input(ids.PRICE_MIN, _("Price from")),
            dbc.InputGroupText("–"),
            _price_input(ids.PRICE_MAX, _("to")),
        ],
        size="sm",
    )
    sort_options = [
        {"label": _(label), "value": key} for key, label in PRODUCT_SORT_LABELS.items()
    ]
    return make_filter_bar(
        [
            dbc.Col(make_search(ids.SEARCH, _("Name or code")), md=3),
            dbc.Col(
                make_filter_select(ids.CATEGORY, _("All categories"), categories),
                md=3,
            ),
            dbc.Col(on_sale, md=2),
            dbc.Col(price, md=2),
            dbc.Col(make_sort_controls(ids.SORT, ids.DIRECTION, sort_options), md=2),
        ]
    )


def layout(**_query):
    manager = current_actor().can(PRODUCT_MANAGE)
    hidden = {} if manager else {"display": "none"}
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            make_page_header(
                _("Products"),
                make_new_button(
                    _("New product"), "/products/new", ids.NEW, style=hidden
                ),
            ),
            filter_bar(),
            make_bulk_bar(
                ids.SELECTION,
                make_bulk_button(
                    ids.PUT_ON_SALE, "bag-check", _("Put on sale"), "outline-success"
                ),
                make_bulk_button(
                    ids.TAKE_OFF_SALE,
                    "bag-x",
                    _("Take off sale"),
                    "outline-secondary",
                    spaced=False,
                ),
                style=hidden,
            ),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=manager),
            make_pager(ids.PAGER, ids.TOTAL, ids.PAGE_SIZE),
        ]
    )
