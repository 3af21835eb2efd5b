"""Transfer dialog callbacks, wired once per page that shows the dialog: open it
for the selection (customer list, team customers) or the customer (detail),
transfer, refresh the page."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.components.feedback import alert, error_alert, toast
from dashboard.components.transfer_dialog import DETAIL, LIST, TEAM
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import CustomerDetail, Customers, TeamCustomers, TransferDialog
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.org import assignable_users
from services.transfer import TransferIn, transfer_customers

FIELDS = TransferDialog.FIELDS


def _ids(values) -> list[int]:
    parsed = (parse_int(value) for value in values or [])
    return [customer_id for customer_id in parsed if customer_id is not None]


def selected_ids(selected_rows) -> list[int]:
    """Ids of the grid's selected rows (the service re-checks each one)."""
    return _ids(row.get("id") for row in selected_rows or [] if isinstance(row, dict))


def enable_open(selected_rows):
    return not selected_ids(selected_rows)


def _open(customer_ids: list[int]):
    """(is_open, ids, summary, user options, user, note, feedback…, message)."""
    with read_session() as session:
        users = assignable_users(session, current_actor())
    options = [{"label": name, "value": str(uid)} for uid, name in users]
    summary = _("Customers to transfer: {count}", count=len(customer_ids))
    return (True, customer_ids, summary, options, None, "", "", "", "", False, None)


CLOSED = (False, *(no_update,) * 10)


def list_opener(ids: TransferDialog):
    """The opener of a list page's dialog: for the grid's selected rows."""

    def open_from_list(open_clicks, cancel_clicks, selected_rows):
        require_click(open_clicks, cancel_clicks)
        if ctx.triggered_id == ids.CANCEL:
            return CLOSED
        return _open(selected_ids(selected_rows))

    return open_from_list


def open_from_detail(open_clicks, cancel_clicks, customer_id):
    require_click(open_clicks, cancel_clicks)
    if ctx.triggered_id == DETAIL.CANCEL:
        return CLOSED
    return _open(_ids([customer_id]))


def _feedback(errors: dict[str, str]) -> list:
    return [_(errors.get(name, "")) for name in FIELDS] + ["note" in errors]


def confirm_transfer(n_clicks, customer_ids, to_user_id, note, with_related, refresh):
    """Transfer; on success close the dialog, say what happened, refresh the page.
    (feedback…, note invalid, dialog message, is_open, page message, refresh)."""
    require_click(n_clicks)
    data = TransferIn(
        customer_ids=tuple(_ids(customer_ids)),
        to_user_id=parse_int(to_user_id),
        note=note,
        with_related=tuple(str(code) for code in with_related or ()),
    )
    keep = (True, no_update, no_update)
    try:
        with unit_of_work() as session:
            result = transfer_customers(session, current_actor(), data)
    except ValidationFailed as error:
        selection = error.errors.get("selection")
        message = alert(_(selection)) if selection else error_alert(error)
        return (*_feedback(error.errors), message, *keep)
    except ServiceError as error:
        return (*_feedback({}), error_alert(error), *keep)
    text = _("Transferred: {count}", count=result.transferred)
    if result.unchanged:
        text += " " + _("Already with the new owner: {count}", count=result.unchanged)
    return (*_feedback({}), None, False, toast(text), (refresh or 0) + 1)


def _register_dialog(app: Dash, ids: TransferDialog, opener, source: State) -> None:
    app.callback(
        Output(ids.MODAL, "is_open"),
        Output(ids.CUSTOMER_IDS, "data"),
        Output(ids.SUMMARY, "children"),
        Output(ids.field("to_user_id"), "options"),
        Output(ids.field("to_user_id"), "value"),
        Output(ids.field("note"), "value"),
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Output(ids.field("note"), "invalid"),
        Output(ids.MESSAGE, "children"),
        Input(ids.OPEN, "n_clicks"),
        Input(ids.CANCEL, "n_clicks"),
        source,
        prevent_initial_call=True,
    )(opener)


def _register_confirm(
    app: Dash, ids: TransferDialog, page_message: str, page_refresh: str
) -> None:
    app.callback(
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in FIELDS
        ],
        Output(ids.field("note"), "invalid", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Output(page_message, "children", allow_duplicate=True),
        Output(page_refresh, "data", allow_duplicate=True),
        Input(ids.CONFIRM, "n_clicks"),
        State(ids.CUSTOMER_IDS, "data"),
        State(ids.field("to_user_id"), "value"),
        State(ids.field("note"), "value"),
        State(ids.field("with_related"), "value"),
        State(page_refresh, "data"),
        prevent_initial_call=True,
    )(confirm_transfer)


def _register_list(app: Dash, ids: TransferDialog, page) -> None:
    """`page`: the list's ids class (GRID, MESSAGE, REFRESH)."""
    _register_dialog(app, ids, list_opener(ids), State(page.GRID, "selectedRows"))
    app.callback(
        Output(ids.OPEN, "disabled"),
        Input(page.GRID, "selectedRows"),
    )(enable_open)
    _register_confirm(app, ids, page.MESSAGE, page.REFRESH)


def register(app: Dash) -> None:
    _register_list(app, LIST, Customers)
    _register_list(app, TEAM, TeamCustomers)
    _register_dialog(
        app, DETAIL, open_from_detail, State(CustomerDetail.CUSTOMER_ID, "data")
    )
    _register_confirm(app, DETAIL, CustomerDetail.MESSAGE, CustomerDetail.REFRESH)
