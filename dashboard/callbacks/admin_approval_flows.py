"""Approval flow admin callbacks: list per record type, open the dialog (new or
edit), edit the steps (add, move, remove, kind → picker), save, activate or
deactivate. The services re-check permission, ids and versions."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.approval_flow_form import HIDDEN, step_rows
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, format_money
from dashboard.ids import AdminApprovalFlows as ids
from dashboard.labels import APPROVER_KIND_LABELS, FLOW_MODE_LABELS, STEP_MODE_LABELS
from dashboard.parsing import parse_choice, parse_int, require_click
from services.approval_flows import (
    FlowIn,
    StepIn,
    approver_choices,
    create_flow,
    get_flow,
    list_flows,
    set_flow_active,
    step_field,
    update_flow,
)
from services.errors import ServiceError, ValidationFailed

FIELDS = ids.FIELDS  # name, mode, min_amount, steps
FLAGGED = ("name", "mode", "min_amount")
DEFAULT_STEP = {"approver_kind": "supervisor", "mode": "any"}


def _step_text(step: dict) -> str:
    kind = _(APPROVER_KIND_LABELS.get(step["approver_kind"], step["approver_kind"]))
    who = f"{kind}: {step['approver']}" if step["approver"] else kind
    return f"{who} ({_(STEP_MODE_LABELS.get(step['mode'], step['mode']))})"


def _flow_card(flow: dict) -> dbc.ListGroupItem:
    threshold = (
        _("From {amount}", amount=format_money(flow["min_amount"]))
        if flow["min_amount"]
        else _("Every amount")
    )
    if flow["mode"] == "free":
        steps = html.P(
            _("The submitter picks approvers; each may pick the next."),
            className="mb-1 small",
        )
    else:
        steps = html.Ol(
            [html.Li(_step_text(step)) for step in flow["steps"]],
            className="mb-1 small",
        )
    facts = [threshold, _(FLOW_MODE_LABELS.get(flow["mode"], flow["mode"]))]
    if flow["allow_self_approval"]:
        facts.append(_("Self-approval allowed"))
    return dbc.ListGroupItem(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.Strong(flow["name"], className="approval-flow-name"),
                            dbc.Badge(
                                _("Active") if flow["is_active"] else _("Inactive"),
                                color="success" if flow["is_active"] else "secondary",
                                className="ms-2",
                            ),
                            html.Div(" · ".join(facts), className="text-muted small"),
                        ]
                    ),
                    html.Div(
                        [
                            dbc.Button(
                                [html.I(className="bi bi-pencil me-1"), _("Edit")],
                                id={"type": ids.ROW_EDIT, "index": flow["id"]},
                                size="sm",
                                color="secondary",
                                outline=True,
                                className="me-2",
                            ),
                            dbc.Button(
                                _("Deactivate") if flow["is_active"] else _("Activate"),
                                id={"type": ids.ROW_TOGGLE, "index": flow["id"]},
                                size="sm",
                                color="warning" if flow["is_active"] else "success",
                                outline=True,
                            ),
                        ]
                    ),
                ],
                className="d-flex justify-content-between align-items-start",
            ),
            steps,
        ],
        className="approval-flow",
    )


def load_flows(object_type, _refresh):
    try:
        with read_session() as session:
            flows = list_flows(session, current_actor(), object_type or "")
    except ServiceError as error:
        return error_alert(error)
    if not flows:
        return dbc.Alert(
            _(
                "No flow yet: records of this type cannot be submitted until you "
                "add one."
            ),
            color="warning",
        )
    return dbc.ListGroup([_flow_card(flow) for flow in flows])


def _choices():
    with read_session() as session:
        return approver_choices(session, current_actor())


def open_dialog(_new, _edits):
    """New (blank, one supervisor step) or edit (loaded from the database)."""
    trigger = ctx.triggered_id
    require_click(*(t["value"] for t in ctx.triggered if t["prop_id"] != "."))
    try:
        choices = _choices()
        if trigger == ids.NEW:
            flow = {
                "id": None,
                "version": None,
                "name": "",
                "mode": "fixed",
                "min_amount": None,
                "allow_self_approval": False,
                "steps": [DEFAULT_STEP],
            }
            title = _("New approval flow")
        else:
            with read_session() as session:
                flow = get_flow(session, current_actor(), int(trigger["index"]))
            title = _("Edit approval flow")
    except ServiceError as error:
        return (
            False,
            *(no_update,) * 9,
            *field_feedback({}, FIELDS, FLAGGED),
            error_alert(error),
        )
    amount = flow["min_amount"]
    return (
        True,
        title,
        flow["id"],
        flow["version"],
        flow["name"],
        flow["mode"],
        f"{amount:f}" if amount else "",
        flow["allow_self_approval"],
        step_rows(flow["steps"] or [DEFAULT_STEP], choices),
        HIDDEN if flow["mode"] == "free" else {},
        *field_feedback({}, FIELDS, FLAGGED),
        None,
    )


def _steps_from(kinds, users, roles, modes) -> list[dict]:
    return [
        {
            "approver_kind": parse_choice(kind),
            "approver_user_id": parse_int(parse_choice(user)),
            "approver_role_id": parse_int(parse_choice(role)),
            "mode": parse_choice(mode),
        }
        for kind, user, role, mode in zip(kinds, users, roles, modes, strict=False)
    ]


def edit_steps(_add, _ups, _downs, _removes, kinds, users, roles, modes):
    """Add, move or remove a step row, keeping what was entered in the others."""
    if not any(t["value"] for t in ctx.triggered):
        raise PreventUpdate
    trigger = ctx.triggered_id
    steps = _steps_from(kinds, users, roles, modes)
    if trigger == ids.ADD_STEP:
        steps.append(dict(DEFAULT_STEP))
    else:
        row = int(trigger["index"])
        if not 0 <= row < len(steps):
            raise PreventUpdate
        if trigger["type"] == ids.STEP_REMOVE:
            steps.pop(row)
        else:
            other = row - 1 if trigger["type"] == ids.STEP_UP else row + 1
            if not 0 <= other < len(steps):
                raise PreventUpdate
            steps[row], steps[other] = steps[other], steps[row]
    try:
        return step_rows(steps, _choices())
    except ServiceError as error:
        return error_alert(error)


def step_pickers(kind):
    """Show the user picker for "a user", the role picker for "a role"."""
    return (
        {} if kind == "user" else HIDDEN,
        {} if kind == "role" else HIDDEN,
    )


def steps_for_mode(mode):
    """A free flow has no steps to edit."""
    return HIDDEN if mode == "free" else {}


def save_flow(
    n_clicks,
    flow_id,
    version,
    object_type,
    name,
    mode,
    min_amount,
    self_approval,
    kinds,
    users,
    roles,
    modes,
    refresh,
):
    require_click(n_clicks)
    steps = _steps_from(kinds, users, roles, modes)
    data = FlowIn(
        object_type=object_type,
        name=name,
        mode=parse_choice(mode),
        min_amount=min_amount,
        allow_self_approval=bool(self_approval),
        steps=tuple(StepIn(**step) for step in steps),
    )
    step_count = len(ctx.outputs_list[len(FLAGGED) + len(FIELDS)])
    try:
        with unit_of_work() as session:
            actor = current_actor()
            existing = parse_int(flow_id)
            if existing is None:
                create_flow(session, actor, data)
            else:
                update_flow(
                    session,
                    actor,
                    existing,
                    data,
                    expected_version=parse_int(version) or 0,
                )
    except ValidationFailed as error:
        errors = error.errors
        return (
            *field_feedback(errors, FIELDS, FLAGGED),
            [_(errors.get(step_field(row + 1), "")) for row in range(step_count)],
            True,
            error_alert(error) if "object_type" in errors else None,
            no_update,
        )
    except ServiceError as error:
        return (
            *field_feedback({}, FIELDS, FLAGGED),
            [""] * step_count,
            True,
            error_alert(error),
            no_update,
        )
    return (
        *field_feedback({}, FIELDS, FLAGGED),
        [""] * step_count,
        False,
        toast(_("Approval flow saved.")),
        (refresh or 0) + 1,
    )


def close_dialog(n_clicks):
    require_click(n_clicks)
    return False


def toggle_flow(_clicks, refresh):
    """Activate or deactivate the flow whose button was clicked (state read from
    the database, not from the page)."""
    if not any(t["value"] for t in ctx.triggered):
        raise PreventUpdate
    flow_id = int(ctx.triggered_id["index"])
    try:
        with unit_of_work() as session:
            actor = current_actor()
            active = not get_flow(session, actor, flow_id)["is_active"]
            set_flow_active(session, actor, flow_id, active=active)
    except ValidationFailed as error:
        message = next(iter(error.errors.values()))
        return error_alert(ServiceError(message)), (refresh or 0) + 1
    except ServiceError as error:
        return error_alert(error), (refresh or 0) + 1
    return (
        toast(_("Flow activated.") if active else _("Flow deactivated.")),
        (refresh or 0) + 1,
    )


def register(app: Dash) -> None:
    def step(kind: str, which=ALL) -> dict:
        return {"type": kind, "index": which}

    step_states = (
        State(step(ids.STEP_KIND), "value"),
        State(step(ids.STEP_USER), "value"),
        State(step(ids.STEP_ROLE), "value"),
        State(step(ids.STEP_MODE), "value"),
    )
    flagged_outputs = [
        Output(ids.NAME, "invalid"),
        Output(ids.MODE, "invalid"),
        Output(ids.MIN_AMOUNT, "invalid"),
    ]
    feedback_outputs = [Output(ids.feedback(name), "children") for name in FIELDS]

    app.callback(
        Output(ids.LIST, "children"),
        Input(ids.TYPE_TABS, "active_tab"),
        Input(ids.REFRESH, "data"),
    )(load_flows)
    app.callback(
        Output(ids.MODAL, "is_open"),
        Output(ids.MODAL_TITLE, "children"),
        Output(ids.FLOW_ID, "data"),
        Output(ids.VERSION, "data"),
        Output(ids.NAME, "value"),
        Output(ids.MODE, "value"),
        Output(ids.MIN_AMOUNT, "value"),
        Output(ids.SELF_APPROVAL, "value"),
        Output(ids.STEPS, "children"),
        Output(ids.STEPS_BOX, "style"),
        *(
            Output(o.component_id, o.component_property, allow_duplicate=True)
            for o in (*flagged_outputs, *feedback_outputs)
        ),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.NEW, "n_clicks"),
        Input(step(ids.ROW_EDIT), "n_clicks"),
        prevent_initial_call=True,
    )(open_dialog)
    app.callback(
        Output(ids.STEPS, "children", allow_duplicate=True),
        Input(ids.ADD_STEP, "n_clicks"),
        Input(step(ids.STEP_UP), "n_clicks"),
        Input(step(ids.STEP_DOWN), "n_clicks"),
        Input(step(ids.STEP_REMOVE), "n_clicks"),
        *step_states,
        prevent_initial_call=True,
    )(edit_steps)
    app.callback(
        Output(step(ids.STEP_USER, MATCH), "style"),
        Output(step(ids.STEP_ROLE, MATCH), "style"),
        Input(step(ids.STEP_KIND, MATCH), "value"),
        prevent_initial_call=True,
    )(step_pickers)
    app.callback(
        Output(ids.STEPS_BOX, "style", allow_duplicate=True),
        Input(ids.MODE, "value"),
        prevent_initial_call=True,
    )(steps_for_mode)
    app.callback(
        *flagged_outputs,
        *feedback_outputs,
        Output(step(ids.STEP_FEEDBACK), "children"),
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.FLOW_ID, "data"),
        State(ids.VERSION, "data"),
        State(ids.TYPE_TABS, "active_tab"),
        State(ids.NAME, "value"),
        State(ids.MODE, "value"),
        State(ids.MIN_AMOUNT, "value"),
        State(ids.SELF_APPROVAL, "value"),
        *step_states,
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(save_flow)
    app.callback(
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Input(ids.CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )(close_dialog)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(step(ids.ROW_TOGGLE), "n_clicks"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(toggle_flow)
