""" "Release to pool" on the customer list, team customers and customer detail:
one dialog (components/release_dialog.py), wired per page here."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.modals import register_modal_toggle
from dashboard.callbacks.pool import field_message
from dashboard.components.feedback import error_alert, toast
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.ids import CustomerDetail, Customers, Release, Shell, TeamCustomers
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.pool import release_customers

# prefix: (grid, message area, refresh store) of each list page with the button.
LIST_PAGES = {
    "customers": (Customers.GRID, Customers.MESSAGE, Customers.REFRESH),
    "team-customers": (
        TeamCustomers.GRID,
        TeamCustomers.MESSAGE,
        TeamCustomers.REFRESH,
    ),
}
DETAIL_PREFIX = "customer-detail"


def _release(customer_ids: list[int], reason):
    """Release in one unit of work; the success toast.
    Raises ServiceError (ValidationFailed for the reason field)."""
    with unit_of_work() as session:
        count = release_customers(session, current_actor(), customer_ids, reason)
    return toast(_("Released to the public pool: {count}", count=count))


def enable_release(selected):
    return not selected


def release_selected(n_clicks, selected, reason, refresh):
    require_click(n_clicks)
    parsed = (parse_int(row.get("id")) for row in selected or [])
    try:
        message = _release([c for c in parsed if c is not None], reason)
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
        return error_alert(error), no_update, False, False, "", no_update
    except ServiceError as error:
        return error_alert(error), no_update, False, False, "", no_update
    return message, (refresh or 0) + 1, False, False, "", ""


def release_detail(n_clicks, customer_id, reason):
    require_click(n_clicks)
    customer = parse_int(customer_id)
    try:
        message = _release([customer] if customer is not None else [], reason)
    except ValidationFailed as error:
        if "reason" in error.errors:
            return no_update, no_update, True, True, field_message(error, "reason")
        return error_alert(error), no_update, False, False, ""
    except ServiceError as error:
        return error_alert(error), no_update, False, False, ""
    return message, "/customers", False, False, ""


def register(app: Dash) -> None:
    for prefix, (grid, message, refresh) in LIST_PAGES.items():
        ids = Release(prefix)
        register_modal_toggle(app, ids.MODAL, ids.OPEN, ids.CANCEL)
        app.callback(
            Output(ids.OPEN, "disabled"),
            Input(grid, "selectedRows"),
        )(enable_release)
        app.callback(
            Output(message, "children", allow_duplicate=True),
            Output(refresh, "data", allow_duplicate=True),
            Output(ids.MODAL, "is_open", allow_duplicate=True),
            Output(ids.REASON, "invalid"),
            Output(ids.FEEDBACK, "children"),
            Output(ids.REASON, "value"),
            Input(ids.CONFIRM, "n_clicks"),
            State(grid, "selectedRows"),
            State(ids.REASON, "value"),
            State(refresh, "data"),
            prevent_initial_call=True,
        )(release_selected)
    ids = Release(DETAIL_PREFIX)
    register_modal_toggle(app, ids.MODAL, ids.OPEN, ids.CANCEL)
    app.callback(
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Output(ids.REASON, "invalid"),
        Output(ids.FEEDBACK, "children"),
        Input(ids.CONFIRM, "n_clicks"),
        State(CustomerDetail.CUSTOMER_ID, "data"),
        State(ids.REASON, "value"),
        prevent_initial_call=True,
    )(release_detail)
