"""Opportunity stages admin callbacks: list, add/edit in one dialog, move,
disable/enable, delete. Ids come from the grid and are re-checked by the service."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks import ordered_admin
from dashboard.callbacks.ordered_admin import numbered_rows, selected_id
from dashboard.components.feedback import error_alert, field_feedback
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import OpportunityStages as ids
from dashboard.labels import STAGE_OUTCOME_LABELS
from dashboard.parsing import require_click
from services.errors import ServiceError
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
    rows = numbered_rows(
        stages,
        probability_text=lambda stage: f"{stage['probability']}%",
        outcome_label=lambda stage: _(STAGE_OUTCOME_LABELS.get(stage["outcome"], "")),
    )
    return rows, no_update


toolbar_state = ordered_admin.toolbar_state

ROW_ACTIONS = ordered_admin.RowActions(
    move=move_stage_order,
    get=get_stage,
    set_active=set_stage_active,
    delete=delete_stage,
    enabled=lambda: _("Stage enabled."),
    disabled=lambda: _("Stage disabled."),
    deleted=lambda: _("Stage deleted."),
)


def row_action(_up, _down, _toggle, _confirm, selected, refresh):
    """Move up/down, disable/enable or delete the selected stage."""
    return ordered_admin.run_row_action(ids, ROW_ACTIONS, selected, refresh)


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
    stage_id = selected_id(selected)
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
    data = StageIn(**dict(zip(FIELDS, values, strict=True)))
    return ordered_admin.save_dialog(
        stage_id,
        refresh,
        FIELDS,
        create=lambda session, actor: create_stage(session, actor, data),
        update=lambda session, actor, pk: update_stage(session, actor, pk, data),
        saved=lambda: _("Stage saved."),
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.MESSAGE, "children"),
        Input(ids.REFRESH, "data"),
    )(load_stages)
    ordered_admin.register_toolbar(app, ids, row_action)
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
