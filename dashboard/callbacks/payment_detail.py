"""Payment detail: load header, info and log (again after every approval
action), and void a draft or rejected payment."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.detail_page import url_id
from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components import payment_views as views
from dashboard.components.feedback import error_alert, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, current_language
from dashboard.ids import ApprovalPanel
from dashboard.ids import PaymentDetail as ids
from dashboard.parsing import require_click
from services import dictionaries
from services.errors import ServiceError
from services.payments import payment_detail, payment_log, void_payment

SHOWN, HIDDEN = {}, {"display": "none"}
PANEL_CHANGED = {"type": ApprovalPanel.CHANGED, "index": "payment"}


def load_detail(payment_id, _refresh, _approval_changed):
    """Header, info and log of one payment, re-checked against the scope."""
    try:
        with read_session() as session:
            actor = current_actor()
            pid = url_id(payment_id)
            detail = payment_detail(session, actor, pid)
            log = payment_log(session, actor, pid)
            labels = dictionaries.labels(session, current_language())
    except ServiceError as error:
        return error_alert(error), None, None, HIDDEN, HIDDEN, None
    style = SHOWN if detail["editable"] else HIDDEN
    return (
        views.header(detail, labels),
        views.info(detail, labels),
        views.operation_log(log),
        style,
        style,
        detail["version"],
    )


def void(n_clicks, payment_id, version, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            void_payment(
                session,
                current_actor(),
                url_id(payment_id),
                expected_version=int(version or 0),
            )
    except ServiceError as error:
        return error_alert(error), no_update, False
    return toast(_("Payment voided.")), (refresh or 0) + 1, False


def register(app: Dash) -> None:
    app.callback(
        Output(ids.HEADER, "children"),
        Output(ids.INFO, "children"),
        Output(ids.LOG, "children"),
        Output(ids.EDIT, "style"),
        Output(ids.VOID, "style"),
        Output(ids.VERSION, "data"),
        Input(ids.PAYMENT_ID, "data"),
        Input(ids.REFRESH, "data"),
        Input(PANEL_CHANGED, "data"),
    )(load_detail)
    register_modal_toggle(app, ids.VOID_MODAL, ids.VOID, ids.VOID_CANCEL)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Output(ids.REFRESH, "data"),
        Output(ids.VOID_MODAL, "is_open", allow_duplicate=True),
        Input(ids.VOID_CONFIRM, "n_clicks"),
        State(ids.PAYMENT_ID, "data"),
        State(ids.VERSION, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(void)
