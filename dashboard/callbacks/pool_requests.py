"""Pool requests: list, approve, reject with a reason; expiring customers."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.list_page import (
    clear_selection,
    page_outputs,
    register_bulk_action,
    register_row_link,
    requested_page,
    row_field_link,
    row_link,
)
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.callbacks.pool import field_message
from dashboard.components import pool_views
from dashboard.components.feedback import error_alert, toast
from dashboard.components.grid import grid_row
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_datetime
from dashboard.ids import PoolExpiring
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
    page = requested_page(ids.PAGER, page)
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
    return page_outputs(rows, result)


def toggle_buttons(selected, box):
    disabled = not selected or box != "review"
    return disabled, disabled


def open_customer(cell, rows):
    return row_field_link(cell, rows, "customer", "customer_id", "/pool")


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
    return row_link(cell, "/customers", "name")


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
    register_row_link(app, ids.GRID, open_customer, State(ids.GRID, "rowData"))
    register_bulk_action(app, ids, approve, ids.APPROVE, first=True)
    register_modal_toggle(app, ids.REJECT_MODAL, ids.REJECT, ids.REJECT_CANCEL)
    register_bulk_action(
        app,
        ids,
        reject,
        ids.REJECT_CONFIRM,
        modal=ids.REJECT_MODAL,
        outputs=[
            Output(ids.REJECT_REASON, "invalid"),
            Output(ids.REJECT_FEEDBACK, "children"),
            Output(ids.REJECT_REASON, "value"),
        ],
        states=[State(ids.REJECT_REASON, "value")],
    )
    app.callback(
        Output(PoolExpiring.GRID, "rowData"),
        Input(PoolExpiring.GRID, "id"),
    )(load_expiring)
    register_row_link(app, PoolExpiring.GRID, open_expiring)
