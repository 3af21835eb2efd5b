"""Custom fields admin callbacks: list one entity's fields, add/edit in one
dialog, move, disable/enable, delete. Ids come from the grid and are re-checked
by the service."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks import ordered_admin
from dashboard.callbacks.ordered_admin import numbered_rows, selected_id
from dashboard.components.feedback import error_alert, field_feedback
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import AdminCustomFields as ids
from dashboard.labels import CUSTOM_FIELD_TYPE_LABELS
from dashboard.parsing import require_click
from services.custom_fields import (
    CustomFieldIn,
    create_custom_field,
    delete_custom_field,
    get_custom_field,
    list_custom_fields,
    move_custom_field,
    set_custom_field_active,
    update_custom_field,
)
from services.errors import ServiceError

FIELDS = ids.FIELDS
# What a closed or failed dialog leaves alone: title, field id, the FIELDS
# values, required, and whether type and code are disabled.
_UNCHANGED = (no_update,) * (len(FIELDS) + 5)


def load_fields(entity, _refresh):
    """The chosen entity's fields (a refresh counter reloads them)."""
    try:
        with read_session() as session:
            fields = list_custom_fields(session, current_actor(), entity or "")
    except ServiceError as error:
        return [], error_alert(error)
    rows = numbered_rows(
        fields,
        type_label=lambda f: _(CUSTOM_FIELD_TYPE_LABELS.get(f["field_type"], "")),
        options_text=lambda f: ", ".join(f["options"]),
        required_text=lambda f: _("Yes") if f["required"] else "",
    )
    return rows, no_update


def clear_selection_on_entity(_entity):
    """Another list: nothing is selected in it."""
    return []


toolbar_state = ordered_admin.toolbar_state

ROW_ACTIONS = ordered_admin.RowActions(
    move=move_custom_field,
    get=get_custom_field,
    set_active=set_custom_field_active,
    delete=delete_custom_field,
    enabled=lambda: _("Field enabled."),
    disabled=lambda: _("Field disabled."),
    deleted=lambda: _("Field deleted."),
)


def row_action(_up, _down, _toggle, _confirm, selected, refresh):
    """Move up/down, disable/enable or delete the selected field."""
    return ordered_admin.run_row_action(ids, ROW_ACTIONS, selected, refresh)


def open_dialog(add_clicks, edit_clicks, cancel_clicks, selected):
    """Add: an empty dialog; edit: filled from the database, not the grid. Type
    and code are fixed once a field exists."""
    require_click(add_clicks, edit_clicks, cancel_clicks)
    clear = field_feedback({}, FIELDS)
    if ctx.triggered_id == ids.CANCEL:
        return (False, *_UNCHANGED, *clear, no_update)
    if ctx.triggered_id == ids.ADD:
        empty = ("", "", "text", "", "")
        return (True, _("Add a field"), None, *empty, False, False, False, *clear, None)
    field_id = selected_id(selected)
    try:
        with read_session() as session:
            field = get_custom_field(session, current_actor(), field_id or 0)
    except ServiceError as error:
        return (False, *_UNCHANGED, *clear, error_alert(error))
    values = field | {"options": "\n".join(field["options"])}
    return (
        True,
        _("Edit field"),
        field["id"],
        *(values[name] for name in FIELDS),
        field["required"],
        True,
        True,
        *clear,
        None,
    )


def save_field(n_clicks, field_id, refresh, entity, required, *values):
    require_click(n_clicks)
    form = dict(zip(FIELDS, values, strict=True))
    data = CustomFieldIn(entity=entity, required=bool(required), **form)
    return ordered_admin.save_dialog(
        field_id,
        refresh,
        FIELDS,
        create=lambda session, actor: create_custom_field(session, actor, data),
        update=lambda session, actor, pk: update_custom_field(session, actor, pk, data),
        saved=lambda: _("Field saved."),
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.MESSAGE, "children"),
        Input(ids.ENTITY, "active_tab"),
        Input(ids.REFRESH, "data"),
    )(load_fields)
    app.callback(
        Output(ids.GRID, "selectedRows"),
        Input(ids.ENTITY, "active_tab"),
        prevent_initial_call=True,
    )(clear_selection_on_entity)
    ordered_admin.register_toolbar(app, ids, row_action)
    app.callback(
        Output(ids.MODAL, "is_open"),
        Output(ids.MODAL_TITLE, "children"),
        Output(ids.FIELD_ID, "data"),
        *(Output(ids.field(name), "value") for name in FIELDS),
        Output(ids.REQUIRED, "value"),
        Output(ids.field("field_type"), "disabled"),
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
        State(ids.FIELD_ID, "data"),
        State(ids.REFRESH, "data"),
        State(ids.ENTITY, "active_tab"),
        State(ids.REQUIRED, "value"),
        *(State(ids.field(name), "value") for name in FIELDS),
        prevent_initial_call=True,
    )(save_field)
