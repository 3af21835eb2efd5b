"""Approval panel callbacks: render the state, submit / approve / reject /
withdraw through the engine, and bump the CHANGED counter after each action.
Every id, position and approver pick from the browser is re-checked there."""

from __future__ import annotations

from dash import MATCH, Dash, Input, Output, State, ctx, no_update

from dashboard.components.approval_panel import approval_body
from dashboard.components.feedback import alert, error_alert, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import ApprovalPanel
from dashboard.ids import ApprovalPanelParts as parts
from dashboard.parsing import parse_int, require_click
from services.approvals import approval_state, approve, reject, submit, withdraw
from services.errors import NotFound, ServiceError, ValidationFailed

SHOWN, HIDDEN = {}, {"display": "none"}
PICKER_FIELDS = ("approver_ids", "next_approver_ids")


def _object_id(value) -> int:
    object_id = parse_int(value)
    if object_id is None:
        raise NotFound()
    return object_id


def _ids(values) -> list[int]:
    """Picked user ids; anything that is not an id is dropped (the engine decides
    whether the rest are allowed)."""
    return [i for i in (parse_int(v) for v in values or []) if i is not None]


def render_panel(_changed, object_id):
    """Body, visible buttons, picker and what was loaded (for approve/reject)."""
    object_type = ctx.outputs_list[0]["id"]["index"]
    hidden_all = (HIDDEN,) * 4
    try:
        with read_session() as session:
            state = approval_state(
                session, current_actor(), object_type, _object_id(object_id)
            )
    except ServiceError as error:
        return (error_alert(error), *hidden_all, HIDDEN, HIDDEN, [], "", None)
    picker_label = ""
    if state.needs_next_approver:
        picker_label = (
            _("Approvers")
            if state.can_submit
            else _("Next approver (leave empty to approve finally)")
        )
    loaded = None
    if state.request is not None:
        loaded = {
            "request_id": state.request.id,
            "position": state.request.current_position,
        }
    return (
        approval_body(state),
        SHOWN if state.can_submit else HIDDEN,
        SHOWN if state.can_approve else HIDDEN,
        SHOWN if state.can_reject else HIDDEN,
        SHOWN if state.can_withdraw else HIDDEN,
        SHOWN if state.needs_next_approver else HIDDEN,
        SHOWN if state.can_approve else HIDDEN,
        [{"label": name, "value": str(uid)} for uid, name in state.approver_candidates],
        picker_label,
        loaded,
    )


def _no_change(message, picker_error="", comment_error="", reason_error=""):
    return (
        message,
        no_update,
        "is-invalid" if picker_error else "",
        picker_error,
        comment_error,
        bool(reason_error),
        reason_error,
        bool(reason_error),
        no_update,
        no_update,
        no_update,
    )


def act(
    _submit,
    _approve,
    _withdraw,
    _confirm,
    object_id,
    loaded,
    picked,
    comment,
    reason,
    changed,
):
    """One approval action, chosen by the button that fired."""
    trigger = ctx.triggered_id or {}
    require_click(*(t["value"] for t in ctx.triggered if t["prop_id"] != "."))
    kind, object_type = trigger.get("type"), trigger.get("index")
    loaded = loaded or {}
    request_id = parse_int(loaded.get("request_id"))
    position = parse_int(loaded.get("position"))
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if kind == parts.SUBMIT:
                submit(
                    session,
                    actor,
                    object_type,
                    _object_id(object_id),
                    approver_ids=_ids(picked),
                )
                done = _("Submitted for approval.")
            elif kind == parts.WITHDRAW:
                withdraw(session, actor, request_id or 0)
                done = _("Approval withdrawn.")
            elif kind == parts.APPROVE:
                approve(
                    session,
                    actor,
                    request_id or 0,
                    step_position=position or 0,
                    comment=comment,
                    next_approver_ids=_ids(picked),
                )
                done = _("Approved.")
            elif kind == parts.REJECT_CONFIRM:
                reject(
                    session,
                    actor,
                    request_id or 0,
                    step_position=position or 0,
                    reason=reason,
                )
                done = _("Rejected: the record went back to the submitter.")
            else:
                return _no_change(no_update)
    except ValidationFailed as error:
        errors = {k: _(v, **error.params) for k, v in error.errors.items()}
        picker_error = next((errors[f] for f in PICKER_FIELDS if f in errors), "")
        known = {*PICKER_FIELDS, "comment", "reason"}
        others = [message for field, message in errors.items() if field not in known]
        return _no_change(
            alert(" ".join(others)) if others else None,
            picker_error,
            errors.get("comment", ""),
            errors.get("reason", ""),
        )
    except ServiceError as error:
        # Stale or forged: show why and reload what is true now.
        return (
            error_alert(error),
            (changed or 0) + 1,
            "",
            "",
            "",
            False,
            "",
            False,
            no_update,
            no_update,
            no_update,
        )
    return (
        toast(done),
        (changed or 0) + 1,
        "",
        "",
        "",
        False,
        "",
        False,
        "",
        "",
        [],
    )


def open_reject(open_clicks, cancel_clicks):
    require_click(open_clicks, cancel_clicks)
    return ctx.triggered_id["type"] == parts.REJECT


def register(app: Dash) -> None:
    def pid(kind: str) -> dict:
        return {"type": kind, "index": MATCH}

    app.callback(
        Output(pid(parts.BODY), "children"),
        Output(pid(parts.SUBMIT), "style"),
        Output(pid(parts.APPROVE), "style"),
        Output(pid(parts.REJECT), "style"),
        Output(pid(parts.WITHDRAW), "style"),
        Output(pid(parts.PICKER_BOX), "style"),
        Output(pid(parts.COMMENT_BOX), "style"),
        Output(pid(parts.PICKER), "options"),
        Output(pid(parts.PICKER_LABEL), "children"),
        Output(pid(parts.LOADED), "data"),
        Input(pid(ApprovalPanel.CHANGED), "data"),
        State(pid(parts.OBJECT_ID), "data"),
    )(render_panel)
    app.callback(
        Output(pid(parts.MESSAGE), "children"),
        Output(pid(ApprovalPanel.CHANGED), "data"),
        Output(pid(parts.PICKER), "className"),
        Output(pid(parts.PICKER_FEEDBACK), "children"),
        Output(pid(parts.COMMENT_FEEDBACK), "children"),
        Output(pid(parts.REASON), "invalid"),
        Output(pid(parts.REASON_FEEDBACK), "children"),
        Output(pid(parts.REJECT_MODAL), "is_open", allow_duplicate=True),
        Output(pid(parts.COMMENT), "value"),
        Output(pid(parts.REASON), "value"),
        Output(pid(parts.PICKER), "value"),
        Input(pid(parts.SUBMIT), "n_clicks"),
        Input(pid(parts.APPROVE), "n_clicks"),
        Input(pid(parts.WITHDRAW), "n_clicks"),
        Input(pid(parts.REJECT_CONFIRM), "n_clicks"),
        State(pid(parts.OBJECT_ID), "data"),
        State(pid(parts.LOADED), "data"),
        State(pid(parts.PICKER), "value"),
        State(pid(parts.COMMENT), "value"),
        State(pid(parts.REASON), "value"),
        State(pid(ApprovalPanel.CHANGED), "data"),
        prevent_initial_call=True,
    )(act)
    app.callback(
        Output(pid(parts.REJECT_MODAL), "is_open"),
        Input(pid(parts.REJECT), "n_clicks"),
        Input(pid(parts.REJECT_CANCEL), "n_clicks"),
        prevent_initial_call=True,
    )(open_reject)
