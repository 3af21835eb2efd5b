"""Opportunity stages admin callbacks: list, add/edit in one dialog, move,
disable/enable, delete. Ids come from the grid and are re-checked by the service."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import OpportunityStages as ids
from dashboard.labels import STAGE_OUTCOME_LABELS
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.opportunity_stages import (
    StageIn,
    create_stage,
    delete_stage,
    get_stage,
    move_stage_order,
    set_stage_active,
    stage_rows,
    update_stage,
)

FIELDS = ids.FIELDS


def load_stages(_refresh):
    try:
        with read_session() as session:
            stages = stage_rows(session, current_actor())
    except ServiceError as error:
        return [], error_alert(error)
    rows = [
        stage
        | {
            "id": str(stage["id"]),
            "position": position,
            "probability_text": f"{stage['probability']}%",
            "outcome_label": _(STAGE_OUTCOME_LABELS.get(stage["outcome"], "")),
            "status": _("Active") if stage["is_active"] else _("Disabled"),
        }
        for position, stage in enumerate(stages, start=1)
    ]
    return rows, no_update


def _selected(selected, rows) -> dict | None:
    """The selected row as currently loaded (selectedRows may hold older data)."""
    selected_id = ((selected or [None])[0] or {}).get("id")
    return next((row for row in rows or [] if row.get("id") == selected_id), None)


def toolbar_state(selected, rows):
    row = _selected(selected, rows)
    none = row is None
    position = (row or {}).get("position")
    toggle = _("Enable") if row and not row.get("is_active") else _("Disable")
    return (
        none or position == 1,
        none or position == len(rows or []),
        none,
        none,
        toggle,
        none,
    )


def row_action(_up, _down, _toggle, _confirm, selected, refresh):
    """Move up/down, disable/enable or delete the selected stage."""
    trigger = ctx.triggered_id
    require_click(*(t["value"] for t in ctx.triggered if t["prop_id"] != "."))
    stage_id = parse_int(((selected or [None])[0] or {}).get("id"))
    if stage_id is None:
        return no_update, no_update, False
    message = ""
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if trigger in (ids.UP, ids.DOWN):
                move_stage_order(session, actor, stage_id, up=trigger == ids.UP)
            elif trigger == ids.TOGGLE:
                # Read the state now: the row in the browser may be stale.
                active = not get_stage(session, actor, stage_id)["is_active"]
                set_stage_active(session, actor, stage_id, active=active)
                message = toast(_("Stage enabled.") if active else _("Stage disabled."))
            else:
                delete_stage(session, actor, stage_id)
                message = toast(_("Stage deleted."))
    except ServiceError as error:
        return error_alert(error), (refresh or 0) + 1, False
    return message, (refresh or 0) + 1, False


def open_dialog(add_clicks, edit_clicks, cancel_clicks, selected):
    """Add: an empty dialog; edit: filled from the database, not the grid."""
    require_click(add_clicks, edit_clicks, cancel_clicks)
    clear = field_feedback({}, FIELDS)
    if ctx.triggered_id == ids.CANCEL:
        return (
            False,
            no_update,
            no_update,
            *(no_update,) * len(FIELDS),
            False,
            *clear,
            no_update,
        )
    if ctx.triggered_id == ids.ADD:
        empty = ("", "", "", "open", "")
        return (True, _("Add a stage"), None, *empty, False, *clear, no_update)
    stage_id = parse_int(((selected or [None])[0] or {}).get("id"))
    try:
        with read_session() as session:
            stage = get_stage(session, current_actor(), stage_id or 0)
    except ServiceError as error:
        return (
            False,
            no_update,
            no_update,
            *(no_update,) * len(FIELDS),
            False,
            *clear,
            error_alert(error),
        )
    return (
        True,
        _("Edit stage"),
        stage["id"],
        *(str(stage[name]) for name in FIELDS),
        True,
        *clear,
        no_update,
    )


def save_stage(n_clicks, stage_id, refresh, *values):
    require_click(n_clicks)
    form = dict(zip(FIELDS, values, strict=True))
    data = StageIn(**form)
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if stage_id:
                update_stage(session, actor, int(stage_id), data)
            else:
                create_stage(session, actor, data)
    except ValidationFailed as error:
        return (*field_feedback(error.errors, FIELDS), True, no_update, no_update)
    except ServiceError as error:
        return (*field_feedback({}, FIELDS), True, error_alert(error), no_update)
    return (
        *field_feedback({}, FIELDS),
        False,
        toast(_("Stage saved.")),
        (refresh or 0) + 1,
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.MESSAGE, "children"),
        Input(ids.REFRESH, "data"),
    )(load_stages)
    app.callback(
        Output(ids.UP, "disabled"),
        Output(ids.DOWN, "disabled"),
        Output(ids.EDIT, "disabled"),
        Output(ids.TOGGLE, "disabled"),
        Output(ids.TOGGLE, "children"),
        Output(ids.DELETE, "disabled"),
        Input(ids.GRID, "selectedRows"),
        Input(ids.GRID, "rowData"),
    )(toolbar_state)
    app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Input(ids.UP, "n_clicks"),
        Input(ids.DOWN, "n_clicks"),
        Input(ids.TOGGLE, "n_clicks"),
        Input(ids.DELETE_CONFIRM, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(row_action)
    register_modal_toggle(app, ids.DELETE_MODAL, ids.DELETE, ids.DELETE_CANCEL)
    app.callback(
        Output(ids.MODAL, "is_open"),
        Output(ids.MODAL_TITLE, "children"),
        Output(ids.STAGE_ID, "data"),
        *(Output(ids.field(name), "value") for name in FIELDS),
        Output(ids.field("code"), "disabled"),
        *(Output(ids.field(name), "invalid", allow_duplicate=True) for name in FIELDS),
        *(
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in FIELDS
        ),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.ADD, "n_clicks"),
        Input(ids.EDIT, "n_clicks"),
        Input(ids.CANCEL, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        prevent_initial_call=True,
    )(open_dialog)
    app.callback(
        *(Output(ids.field(name), "invalid") for name in FIELDS),
        *(Output(ids.feedback(name), "children") for name in FIELDS),
        Output(ids.MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.STAGE_ID, "data"),
        State(ids.REFRESH, "data"),
        *(State(ids.field(name), "value") for name in FIELDS),
        prevent_initial_call=True,
    )(save_stage)
