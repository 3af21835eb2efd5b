"""The product line editor: product search, add a line, remove a line, and the
previewed subtotals and total after every edit. Pattern ids (MATCH) keyed by the
editor's prefix, so any page may hold several editors."""

from __future__ import annotations

from dash import MATCH, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.feedback import alert
from dashboard.components.line_items import (
    REMOVE_COLUMN,
    editor_row,
    line_items_id,
    recompute_rows,
)
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, format_money
from dashboard.ids import LineItems as ids
from services.errors import ServiceError
from services.product_lines import MAX_LINES, product_choices, product_row


def search_products(search_value, selected):
    """Picker options for what was typed; the chosen product stays listed."""
    current_actor()  # logged-in users only
    with read_session() as session:
        choices = product_choices(session, search_value, include_id=selected)
    return [{"label": c["label"], "value": c["value"]} for c in choices]


def _add_row(product_id, rows: list[dict]):
    if product_id is None:
        return rows, alert(_("Choose a product first."), color="warning")
    if len(rows) >= MAX_LINES:
        return rows, alert(_("At most {max} product lines.", max=MAX_LINES))
    actor = current_actor()
    with read_session() as session:
        row = product_row(session, actor.language, product_id)
    if row is None:
        return rows, alert(_("This product is no longer on sale."), color="warning")
    return [*rows, editor_row(row)], None


def edit_lines(add_clicks, clicked, changed, product_id, row_data):
    """Add / remove / re-price rows; the total is a preview, saving re-prices."""
    rows = list(row_data or [])
    message = None
    trigger = ctx.triggered_id
    prop = ctx.triggered[0]["prop_id"].rsplit(".", 1)[-1] if ctx.triggered else ""
    try:
        if trigger is None:
            raise PreventUpdate
        if trigger["type"] == ids.ADD:
            if not add_clicks:
                raise PreventUpdate
            rows, message = _add_row(product_id, rows)
        elif prop == "cellClicked":
            if not clicked or clicked.get("colId") != REMOVE_COLUMN:
                raise PreventUpdate
            rows = [row for row in rows if row.get("key") != clicked.get("rowId")]
    except ServiceError as error:
        return no_update, no_update, no_update, alert(_(error.message, **error.params))
    rows, total = recompute_rows(rows)
    picker_value = None if trigger["type"] == ids.ADD and message is None else no_update
    return rows, format_money(total), picker_value, message


def register(app: Dash) -> None:
    app.callback(
        Output(line_items_id(ids.PICKER, MATCH), "options"),
        Input(line_items_id(ids.PICKER, MATCH), "search_value"),
        State(line_items_id(ids.PICKER, MATCH), "value"),
    )(search_products)
    app.callback(
        Output(line_items_id(ids.GRID, MATCH), "rowData"),
        Output(line_items_id(ids.TOTAL, MATCH), "children"),
        Output(line_items_id(ids.PICKER, MATCH), "value"),
        Output(line_items_id(ids.MESSAGE, MATCH), "children"),
        Input(line_items_id(ids.ADD, MATCH), "n_clicks"),
        Input(line_items_id(ids.GRID, MATCH), "cellClicked"),
        Input(line_items_id(ids.GRID, MATCH), "cellValueChanged"),
        State(line_items_id(ids.PICKER, MATCH), "value"),
        State(line_items_id(ids.GRID, MATCH), "rowData"),
        prevent_initial_call=True,
    )(edit_lines)
