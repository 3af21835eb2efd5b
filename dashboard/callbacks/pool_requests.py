"""Pool requests: list, approve, reject with a reason; expiring customers."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.modals import register_modal_toggle
from dashboard.callbacks.pool import clear_selection, field_message
from dashboard.components import pool_views
from dashboard.components.feedback import error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_datetime
from dashboard.ids import PoolExpiring, Shell
from dashboard.ids import PoolRequests as ids
from dashboard.labels import STAGE_LABELS
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.pool import (
    approve_request,
    expiring_customers,
    list_requests,
    reject_request,
)


def _selected(selected) -> list[int]:
    parsed = (parse_int(row.get("id")) for row in selected or [])
    return [request_id for request_id in parsed if request_id is not None]


def load_requests(box, status, page, _refresh):
    if ctx.triggered_id != ids.PAGER:
        page = 1
    with read_session() as session:
        result = list_requests(
            session,
            current_actor(),
            box=box if box in ("review", "mine") else "review",
            status=None if status in (None, "all") else status,
            page=page or 1,
        )
    rows = [
        grid_row(
            row,
            kind_label=_(pool_views.REQUEST_KIND_LABELS.get(row["kind"], row["kind"])),
            status_label=_(
                pool_views.REQUEST_STATUS_LABELS.get(row["status"], row["status"])
            ),
            requested=format_datetime(row["created_at"]),
        )
        for row in result.rows
    ]
    total = _("Total: {total}", total=f"{result.total:,}")
    return rows, result.page_count, result.page, total


def toggle_buttons(selected, box):
    disabled = not selected or box != "review"
    return disabled, disabled


def open_customer(cell, rows):
    if (cell or {}).get("colId") != "customer":
        return no_update
    row = next((r for r in rows or [] if r["id"] == cell.get("rowId")), None)
    customer_id = parse_int((row or {}).get("customer_id"))
    return f"/pool/{customer_id}" if customer_id is not None else no_update


def approve(n_clicks, selected, refresh):
    require_click(n_clicks)
    outcomes = []
    try:
        for request_id in _selected(selected):
            # One transaction per request: each decision stands on its own.
            with unit_of_work() as session:
                outcomes.append(approve_request(session, current_actor(), request_id))
    except ServiceError as error:
        return error_alert(error), (refresh or 0) + 1
    approved = outcomes.count("approved")
    closed = outcomes.count("cancelled")
    message = _("Approved: {count}", count=approved)
    if closed:
        message += " · " + _(
            "Closed, the customer had already left the pool: {count}", count=closed
        )
    return toast(message), (refresh or 0) + 1


def reject(n_clicks, selected, reason, refresh):
    require_click(n_clicks)
    done = 0
    try:
        for request_id in _selected(selected):
            with unit_of_work() as session:
                reject_request(session, current_actor(), request_id, reason)
            done += 1
    except ValidationFailed as error:
        if "reason" in error.errors:
            return (
                no_update,
                no_update,
                True,
                True,
                field_message(error, "reason"),
                no_update,
            )
        return error_alert(error), (refresh or 0) + 1, False, False, "", no_update
    except ServiceError as error:
        return error_alert(error), (refresh or 0) + 1, False, False, "", no_update
    return (
        toast(_("Rejected: {count}", count=done)),
        (refresh or 0) + 1,
        False,
        False,
        "",
        "",
    )


def load_expiring(_grid_id):
    with read_session() as session:
        rows = expiring_customers(session, current_actor())
    return [
        grid_row(
            row,
            stage_label=_(STAGE_LABELS.get(row["stage"], row["stage"])),
            returns=format_datetime(row["returns_at"]),
            reason_label=pool_views.reason_label(row["return_reason"]),
            last_followup=format_datetime(row["last_followup_at"]),
        )
        for row in rows
    ]


def open_expiring(cell):
    customer_id = parse_int((cell or {}).get("rowId"))
    if customer_id is None or cell.get("colId") != "name":
        return no_update
    return f"/customers/{customer_id}"


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.PAGER, "max_value"),
        Output(ids.PAGER, "active_page"),
        Output(ids.TOTAL, "children"),
        Input(ids.BOX, "value"),
        Input(ids.STATUS, "value"),
        Input(ids.PAGER, "active_page"),
        Input(ids.REFRESH, "data"),
    )(load_requests)
    app.callback(
        Output(ids.GRID, "selectedRows"),
        Input(ids.GRID, "rowData"),
        State(ids.GRID, "selectedRows"),
        prevent_initial_call=True,
    )(clear_selection)
    app.callback(
        Output(ids.APPROVE, "disabled"),
        Output(ids.REJECT, "disabled"),
        Input(ids.GRID, "selectedRows"),
        Input(ids.BOX, "value"),
    )(toggle_buttons)
    app.callback(
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ids.GRID, "cellClicked"),
        State(ids.GRID, "rowData"),
        prevent_initial_call=True,
    )(open_customer)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Input(ids.APPROVE, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(approve)
    register_modal_toggle(app, ids.REJECT_MODAL, ids.REJECT, ids.REJECT_CANCEL)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.REJECT_MODAL, "is_open", allow_duplicate=True),
        Output(ids.REJECT_REASON, "invalid"),
        Output(ids.REJECT_FEEDBACK, "children"),
        Output(ids.REJECT_REASON, "value"),
        Input(ids.REJECT_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REJECT_REASON, "value"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(reject)
    app.callback(
        Output(PoolExpiring.GRID, "rowData"),
        Input(PoolExpiring.GRID, "id"),
    )(load_expiring)
    app.callback(
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(PoolExpiring.GRID, "cellClicked"),
        prevent_initial_call=True,
    )(open_expiring)
