"""Product list (page query, selection, bulk on/off sale, open a product) and the
product detail page (load, on/off sale, delete)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.list_page import (
    page_outputs,
    register_bulk_action,
    register_row_link,
    register_selection,
    requested_page,
    row_link,
    selection_state,
)
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components.feedback import alert, error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.components.product_views import header, info, sale_label
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_datetime, format_money
from dashboard.ids import ProductDetail, Shell
from dashboard.ids import Products as ids
from dashboard.parsing import parse_int, require_click
from services.errors import NotFound, ServiceError
from services.permissions import PRODUCT_MANAGE
from services.product_lines import parse_decimal
from services.products import (
    ProductFilter,
    delete_product,
    list_products,
    product_detail,
    set_on_sale,
)


def _price_bound(value) -> tuple[object, bool]:
    """(Decimal or None, invalid?) of a price filter input."""
    if value in (None, ""):
        return None, False
    price = parse_decimal(value)
    return price, price is None


def load_page(
    search, category, on_sale, price_min, price_max, sort, direction, size, page, _r
):
    """Query one page; any filter change goes back to page 1. A price bound that
    is not a number is flagged and ignored."""
    page = requested_page(ids.PAGER, page)
    low, low_invalid = _price_bound(price_min)
    high, high_invalid = _price_bound(price_max)
    flt = ProductFilter(
        search=search or None,
        category_id=parse_int(category),
        on_sale={"on": True, "off": False}.get(on_sale),
        price_min=low,
        price_max=high,
        sort=sort or "updated",
        descending=direction != "asc",
        page=page or 1,
        page_size=parse_int(size) or 20,
    )
    with read_session() as session:
        result = list_products(session, current_actor(), flt)
    rows = [
        grid_row(
            row,
            price_text=format_money(row["price"]) if row["price"] is not None else "",
            price=None,
            status=sale_label(row["on_sale"]),
            updated=format_datetime(row["updated_at"]),
        )
        for row in result.rows
    ]
    return (
        *page_outputs(rows, result),
        low_invalid,
        high_invalid,
    )


def show_selection(selected):
    return selection_state(selected, 2)


def open_product(cell):
    return row_link(cell, "/products", "name")


def bulk_sale(on_clicks, off_clicks, selected, refresh):
    """Put the selected products on or off sale; the service re-checks."""
    require_click(on_clicks, off_clicks)
    product_ids = [
        pid for row in selected or [] if (pid := parse_int(row.get("id"))) is not None
    ]
    on_sale = ctx.triggered_id == ids.PUT_ON_SALE
    try:
        with unit_of_work() as session:
            count = set_on_sale(session, current_actor(), product_ids, on_sale)
    except ServiceError as error:
        return error_alert(error), no_update
    message = (
        _("Put on sale: {count}", count=count)
        if on_sale
        else _("Taken off sale: {count}", count=count)
    )
    return toast(message), (refresh or 0) + 1


# --- detail -------------------------------------------------------------------------

HIDDEN = {"display": "none"}


def load_detail(product_id, _refresh):
    """Header, information and which manager actions apply."""
    actor = current_actor()
    try:
        if (pid := parse_int(product_id)) is None:
            raise NotFound()
        with read_session() as session:
            detail = product_detail(session, actor, pid)
    except ServiceError as error:
        return None, error_alert(error), *(HIDDEN,) * 4
    manager = actor.can(PRODUCT_MANAGE)

    def shown(condition: bool) -> dict:
        return {} if manager and condition else HIDDEN

    return (
        header(detail),
        info(detail),
        shown(True),
        shown(not detail["on_sale"]),
        shown(detail["on_sale"]),
        shown(True),
    )


def detail_sale(on_clicks, off_clicks, product_id, refresh):
    require_click(on_clicks, off_clicks)
    on_sale = ctx.triggered_id == ProductDetail.PUT_ON_SALE
    try:
        with unit_of_work() as session:
            set_on_sale(session, current_actor(), [parse_int(product_id) or 0], on_sale)
    except ServiceError as error:
        return error_alert(error), no_update
    message = _("The product is on sale.") if on_sale else _("The product is off sale.")
    return toast(message), (refresh or 0) + 1


def detail_delete(n_clicks, product_id):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_product(session, current_actor(), parse_int(product_id) or 0)
    except ServiceError as error:
        return (
            alert(_(error.message, **error.params), color="warning"),
            False,
            no_update,
        )
    return None, False, "/products"


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Output(ids.PRICE_MIN, "invalid"),
        Output(ids.PRICE_MAX, "invalid"),
        Input(ids.SEARCH, "value"),
        Input(ids.CATEGORY, "value"),
        Input(ids.ON_SALE, "value"),
        Input(ids.PRICE_MIN, "value"),
        Input(ids.PRICE_MAX, "value"),
        Input(ids.SORT, "value"),
        Input(ids.DIRECTION, "value"),
        Input(ids.PAGE_SIZE, "value"),
        Input(ids.PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_page)
    register_selection(
        app,
        ids.GRID,
        show_selection,
        ids.SELECTION,
        ids.PUT_ON_SALE,
        ids.TAKE_OFF_SALE,
    )
    register_row_link(app, ids.GRID, open_product)
    register_bulk_action(
        app, ids, bulk_sale, ids.PUT_ON_SALE, ids.TAKE_OFF_SALE, first=True
    )
    app.callback(
        Output(ProductDetail.HEADER, "children"),
        Output(ProductDetail.INFO, "children"),
        Output(ProductDetail.EDIT, "style"),
        Output(ProductDetail.PUT_ON_SALE, "style"),
        Output(ProductDetail.TAKE_OFF_SALE, "style"),
        Output(ProductDetail.DELETE, "style"),
        Input(ProductDetail.PRODUCT_ID, "data"),
        Input(ProductDetail.REFRESH, "data"),
    )(load_detail)
    app.callback(
        Output(ProductDetail.MESSAGE, "children"),
        Output(ProductDetail.REFRESH, "data"),
        Input(ProductDetail.PUT_ON_SALE, "n_clicks"),
        Input(ProductDetail.TAKE_OFF_SALE, "n_clicks"),
        State(ProductDetail.PRODUCT_ID, "data"),
        State(ProductDetail.REFRESH, "data"),
        prevent_initial_call=True,
    )(detail_sale)
    register_modal_toggle(
        app,
        ProductDetail.DELETE_MODAL,
        ProductDetail.DELETE,
        ProductDetail.DELETE_CANCEL,
    )
    app.callback(
        Output(ProductDetail.MESSAGE, "children", allow_duplicate=True),
        Output(ProductDetail.DELETE_MODAL, "is_open", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ProductDetail.DELETE_CONFIRM, "n_clicks"),
        State(ProductDetail.PRODUCT_ID, "data"),
        prevent_initial_call=True,
    )(detail_delete)
