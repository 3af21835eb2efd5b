"""Dictionaries admin callbacks: list a kind, add, edit labels, move, disable/enable,
delete. Every id comes from the grid and is re-checked by the service."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks import ordered_admin
from dashboard.callbacks.ordered_admin import numbered_rows, selected_id
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import AdminDictionaries as ids
from dashboard.parsing import parse_int, require_click
from services.dictionary_admin import (
    EntryIn,
    create_entry,
    delete_entry,
    get_entry,
    list_entries,
    move_entry,
    set_entry_active,
    update_entry,
)
from services.errors import ServiceError, ValidationFailed


def load_entries(kind, _refresh):
    """The entries of the chosen kind (a refresh counter reloads them)."""
    try:
        with read_session() as session:
            entries = list_entries(session, current_actor(), kind or "")
    except ServiceError as error:
        return [], error_alert(error)
    rows = numbered_rows(entries)
    return rows, no_update


def clear_selection_on_kind(_kind):
    """Another list: nothing is selected in it."""
    return []


toolbar_state = ordered_admin.toolbar_state


def add_entry(n_clicks, kind, label_zh, label_en, code, refresh):
    require_click(n_clicks)
    fields = ids.ADD_FIELDS
    try:
        with unit_of_work() as session:
            entry = create_entry(
                session,
                current_actor(),
                EntryIn(
                    kind=kind or "", label_en=label_en, label_zh=label_zh, code=code
                ),
            )
            code = entry.code
    except ValidationFailed as error:
        feedback = field_feedback(error.errors, fields)
        message = error_alert(error) if "kind" in error.errors else None
        return (*feedback, message, no_update, *(no_update,) * len(fields))
    except ServiceError as error:
        return (
            *field_feedback({}, fields),
            error_alert(error),
            no_update,
            *(no_update,) * len(fields),
        )
    return (
        *field_feedback({}, fields),
        toast(_("Entry added with code {code}.", code=code)),
        (refresh or 0) + 1,
        *("",) * len(fields),
    )


ROW_ACTIONS = ordered_admin.RowActions(
    move=move_entry,
    get=get_entry,
    set_active=set_entry_active,
    delete=delete_entry,
    enabled=lambda: _("Entry enabled."),
    disabled=lambda: _("Entry disabled."),
    deleted=lambda: _("Entry deleted."),
)


def row_action(_up, _down, _toggle, _confirm, selected, refresh):
    """Move up/down, disable/enable or delete the selected entry."""
    return ordered_admin.run_row_action(ids, ROW_ACTIONS, selected, refresh)


def open_edit(n_clicks, selected):
    """Fill the edit dialog from the database, not from the grid."""
    require_click(n_clicks)
    entry_id = selected_id(selected)
    fields = ids.EDIT_FIELDS
    try:
        with read_session() as session:
            entry = get_entry(session, current_actor(), entry_id or 0)
    except ServiceError as error:
        return (
            False,
            None,
            *(no_update,) * len(fields),
            *field_feedback({}, fields),
            error_alert(error),
        )
    return (
        True,
        entry["id"],
        *(entry[name] for name in fields),
        *field_feedback({}, fields),  # no errors left from the last opening
        no_update,
    )


def save_edit(n_clicks, entry_id, label_zh, label_en, refresh):
    require_click(n_clicks)
    fields = ids.EDIT_FIELDS
    try:
        with unit_of_work() as session:
            update_entry(
                session,
                current_actor(),
                parse_int(entry_id) or 0,
                label_en=label_en,
                label_zh=label_zh,
            )
    except ValidationFailed as error:
        return (*field_feedback(error.errors, fields), True, no_update, no_update)
    except ServiceError as error:
        return (*field_feedback({}, fields), False, error_alert(error), no_update)
    return (
        *field_feedback({}, fields),
        False,
        toast(_("Entry saved.")),
        (refresh or 0) + 1,
    )


def cancel_edit(n_clicks):
    require_click(n_clicks)
    return False


def register(app: Dash) -> None:
    app.callback(
        Output(ids.GRID, "rowData"),
        Output(ids.MESSAGE, "children"),
        Input(ids.KIND, "active_tab"),
        Input(ids.REFRESH, "data"),
    )(load_entries)
    app.callback(
        Output(ids.GRID, "selectedRows"),
        Input(ids.KIND, "active_tab"),
        prevent_initial_call=True,
    )(clear_selection_on_kind)
    app.callback(
        *(Output(ids.add_field(name), "invalid") for name in ids.ADD_FIELDS),
        *(Output(ids.add_feedback(name), "children") for name in ids.ADD_FIELDS),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        *(Output(ids.add_field(name), "value") for name in ids.ADD_FIELDS),
        Input(ids.ADD, "n_clicks"),
        State(ids.KIND, "active_tab"),
        *(State(ids.add_field(name), "value") for name in ids.ADD_FIELDS),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(add_entry)
    ordered_admin.register_toolbar(app, ids, row_action)
    app.callback(
        Output(ids.EDIT_MODAL, "is_open"),
        Output(ids.EDIT_ID, "data"),
        *(Output(ids.edit_field(name), "value") for name in ids.EDIT_FIELDS),
        *(
            Output(ids.edit_field(name), "invalid", allow_duplicate=True)
            for name in ids.EDIT_FIELDS
        ),
        *(
            Output(ids.edit_feedback(name), "children", allow_duplicate=True)
            for name in ids.EDIT_FIELDS
        ),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.EDIT, "n_clicks"),
        State(ids.GRID, "selectedRows"),
        prevent_initial_call=True,
    )(open_edit)
    app.callback(
        *(Output(ids.edit_field(name), "invalid") for name in ids.EDIT_FIELDS),
        *(Output(ids.edit_feedback(name), "children") for name in ids.EDIT_FIELDS),
        Output(ids.EDIT_MODAL, "is_open", allow_duplicate=True),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.EDIT_SAVE, "n_clicks"),
        State(ids.EDIT_ID, "data"),
        *(State(ids.edit_field(name), "value") for name in ids.EDIT_FIELDS),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(save_edit)
    app.callback(
        Output(ids.EDIT_MODAL, "is_open", allow_duplicate=True),
        Input(ids.EDIT_CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )(cancel_edit)
