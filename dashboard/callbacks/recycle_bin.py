"""Recycle bin callbacks: list, batch restore, admin purge."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.customers import clear_selection
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components.feedback import error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_datetime
from dashboard.ids import RecycleBin as ids
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError
from services.recycle_bin import list_recycle_bin, purge_customers, restore_customers


def load_bin(search, page, _refresh):
    if ctx.triggered_id != ids.PAGER:
        page = 1
    with read_session() as session:
        result = list_recycle_bin(
            session, current_actor(), search=search or None, page=page or 1
        )
    rows = [
        grid_row(row, deleted=format_datetime(row["deleted_at"])) for row in result.rows
    ]
    return (
        rows,
        result.page_count,
        result.page,
        _("Total: {total}", total=f"{result.total:,}"),
    )


def _selected_ids(selected) -> list[int]:
    parsed = (parse_int(row.get("id")) for row in selected or [])
    return [customer_id for customer_id in parsed if customer_id is not None]


def restore(n_clicks, selected, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            count = restore_customers(session, current_actor(), _selected_ids(selected))
    except ServiceError as error:
        return error_alert(error), no_update
    return toast(_("Restored: {count}", count=count)), (refresh or 0) + 1


def purge(n_clicks, selected, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            count = purge_customers(session, current_actor(), _selected_ids(selected))
    except ServiceError as error:
        return error_alert(error), no_update, False
    return toast(_("Purged for good: {count}", count=count)), (refresh or 0) + 1, False


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Input(ids.SEARCH, "value"),
        Input(ids.PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_bin)
    app.callback(
        Output(ids.GRID, "selectedRows"),
        Input(ids.GRID, "rowData"),
        State(ids.GRID, "selectedRows"),
        prevent_initial_call=True,
    )(clear_selection)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Input(ids.RESTORE, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(restore)
    register_modal_toggle(app, ids.PURGE_MODAL, ids.PURGE, ids.PURGE_CANCEL)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.PURGE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.PURGE_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(purge)
