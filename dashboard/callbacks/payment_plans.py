"""The payment plan editor on the contract's "plan" tab: add, edit and delete
installments; every change re-renders the plan from the database."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.components.payment_plan_views import plan_body
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, local_today
from dashboard.ids import ContractDetail
from dashboard.ids import PaymentPlan as ids
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.payment_plans import (
    InstallmentIn,
    add_installment,
    delete_installment,
    payment_plan,
    update_installment,
)

FIELDS = ids.FIELDS


def _clicked_index() -> int | None:
    """The installment id of the pattern button that was really clicked (new
    buttons inserted by a re-render fire with n_clicks None)."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        return None
    trigger = ctx.triggered_id
    return trigger["index"] if isinstance(trigger, dict) else None


def _plan(session, contract_id):
    return payment_plan(
        session, current_actor(), parse_int(contract_id) or 0, today=local_today()
    )


def open_editor(add_clicks, edit_clicks, contract_id):
    """Open the dialog empty (add) or filled from an installment (edit)."""
    no_errors = field_feedback({}, FIELDS)
    if ctx.triggered_id == ids.ADD:
        require_click(add_clicks)
        today = local_today().isoformat()
        return (True, _("Add installment"), None, None, today, "", "", *no_errors)
    installment_id = _clicked_index()
    if installment_id is None:
        raise PreventUpdate
    with read_session() as session:
        plan = _plan(session, contract_id)
    row = next(r for r in plan["installments"] if r["id"] == installment_id)
    return (
        True,
        _("Edit installment {n}", n=row["sequence"]),
        row["id"],
        row["version"],
        row["due_date"].isoformat(),
        str(row["amount"]),
        row["remark"] or "",
        *no_errors,
    )


def close_editor(n_clicks):
    require_click(n_clicks)
    return False


def save_installment(n_clicks, contract_id, installment_id, version, *values):
    """Add or update; field errors stay in the dialog, the plan re-renders."""
    require_click(n_clicks)
    form = dict(zip(FIELDS, values, strict=True))
    data = InstallmentIn(**form)
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if installment_id:
                update_installment(
                    session,
                    actor,
                    int(installment_id),
                    data,
                    expected_version=int(version or 0),
                )
            else:
                add_installment(session, actor, parse_int(contract_id) or 0, data)
            body = plan_body(_plan(session, contract_id))
    except ValidationFailed as error:
        return (*field_feedback(error.errors, FIELDS), True, no_update, no_update)
    except ServiceError as error:
        return (*field_feedback({}, FIELDS), False, no_update, error_alert(error))
    return (*field_feedback({}, FIELDS), False, body, toast(_("Payment plan saved.")))


def ask_delete(_clicks, contract_id):
    installment_id = _clicked_index()
    if installment_id is None:
        raise PreventUpdate
    with read_session() as session:
        plan = _plan(session, contract_id)
    row = next(r for r in plan["installments"] if r["id"] == installment_id)
    return True, {"id": row["id"], "version": row["version"]}


def confirm_delete(n_clicks, target, contract_id):
    require_click(n_clicks)
    target = target or {}
    try:
        with unit_of_work() as session:
            delete_installment(
                session,
                current_actor(),
                parse_int(target.get("id")) or 0,
                expected_version=parse_int(target.get("version")) or 0,
            )
            body = plan_body(_plan(session, contract_id))
    except ServiceError as error:
        return False, no_update, error_alert(error)
    return False, body, toast(_("Installment deleted."))


def close_delete(n_clicks):
    require_click(n_clicks)
    return False


def register(app: Dash) -> None:
    app.callback(
        Output(ids.MODAL, "is_open"),
        Output(ids.MODAL_TITLE, "children"),
        Output(ids.INSTALLMENT_ID, "data"),
        Output(ids.VERSION, "data"),
        *[Output(ids.field(name), "value") for name in FIELDS],
        *[Output(ids.field(name), "invalid") for name in FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Input(ids.ADD, "n_clicks"),
        Input({"type": ids.EDIT, "index": ALL}, "n_clicks"),
        State(ContractDetail.CONTRACT_ID, "data"),
        prevent_initial_call=True,
    )(open_editor)
    app.callback(
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Input(ids.CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )(close_editor)
    app.callback(
        *[Output(ids.field(name), "invalid", allow_duplicate=True) for name in FIELDS],
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in FIELDS
        ],
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Output(ids.BODY, "children", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ContractDetail.CONTRACT_ID, "data"),
        State(ids.INSTALLMENT_ID, "data"),
        State(ids.VERSION, "data"),
        *[State(ids.field(name), "value") for name in FIELDS],
        prevent_initial_call=True,
    )(save_installment)
    app.callback(
        Output(ids.DELETE_MODAL, "is_open"),
        Output(ids.DELETE_TARGET, "data"),
        Input({"type": ids.DELETE, "index": ALL}, "n_clicks"),
        State(ContractDetail.CONTRACT_ID, "data"),
        prevent_initial_call=True,
    )(ask_delete)
    app.callback(
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.BODY, "children", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.DELETE_TARGET, "data"),
        State(ContractDetail.CONTRACT_ID, "data"),
        prevent_initial_call=True,
    )(confirm_delete)
    app.callback(
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.DELETE_CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )(close_delete)
