"""Shared callbacks of the ordered admin lists (dictionary entries, opportunity
stages): a grid whose selected row can be moved up/down, disabled/enabled or
deleted from one toolbar. Ids come from the grid and are re-checked by the service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.callbacks.modals import register_modal_toggle
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.parsing import parse_int, require_click
from services.errors import ServiceError, ValidationFailed


def selected_id(selected) -> int | None:
    """The id of the first selected grid row, if any."""
    return parse_int(((selected or [None])[0] or {}).get("id"))


def selected_row(selected, rows) -> dict | None:
    """The selected row as currently loaded (selectedRows may hold older data)."""
    row_id = ((selected or [None])[0] or {}).get("id")
    return next((row for row in rows or [] if row.get("id") == row_id), None)


def numbered_rows(items, **extra: Callable[[dict], object]) -> list[dict]:
    """Grid rows with a string id, a 1-based position and an Active/Disabled status;
    `extra` adds columns computed from each item."""
    return [
        item
        | {
            "id": str(item["id"]),
            "position": position,
            **{name: compute(item) for name, compute in extra.items()},
            "status": _("Active") if item["is_active"] else _("Disabled"),
        }
        for position, item in enumerate(items, start=1)
    ]


def toolbar_state(selected, rows):
    """Buttons act on the selected row; the toggle says what it will do."""
    row = selected_row(selected, rows)
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


@dataclass(frozen=True)
class RowActions:
    """The services and messages behind the toolbar of one ordered list."""

    move: Callable  # (session, actor, id, *, up: bool)
    get: Callable  # (session, actor, id) -> dict with "is_active"
    set_active: Callable  # (session, actor, id, *, active: bool)
    delete: Callable  # (session, actor, id)
    enabled: Callable[[], str]  # messages are translated when shown
    disabled: Callable[[], str]
    deleted: Callable[[], str]


def run_row_action(ids, actions: RowActions, selected, refresh):
    """Move up/down, disable/enable or delete the selected row."""
    trigger = ctx.triggered_id
    require_click(*(t["value"] for t in ctx.triggered if t["prop_id"] != "."))
    row_id = selected_id(selected)
    if row_id is None:
        return no_update, no_update, False
    message = ""
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if trigger in (ids.UP, ids.DOWN):
                actions.move(session, actor, row_id, up=trigger == ids.UP)
            elif trigger == ids.TOGGLE:
                # Read the state now: the row in the browser may be stale.
                active = not actions.get(session, actor, row_id)["is_active"]
                actions.set_active(session, actor, row_id, active=active)
                message = toast(actions.enabled() if active else actions.disabled())
            elif trigger == ids.DELETE_CONFIRM:
                actions.delete(session, actor, row_id)
                message = toast(actions.deleted())
            else:
                return no_update, no_update, False
    except ServiceError as error:
        return error_alert(error), (refresh or 0) + 1, False
    return message, (refresh or 0) + 1, False


def register_toolbar(app: Dash, ids, row_action: Callable) -> None:
    """Wire the toolbar state, the row actions and the delete confirmation."""
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


def save_dialog(
    record_id,
    refresh,
    fields: tuple[str, ...],
    *,
    create: Callable,
    update: Callable,
    saved: Callable[[], str],
):
    """Save an add/edit dialog in one unit of work: `update(session, actor, id)`
    for a record id, else `create(session, actor)`. The dialog's outputs:
    (*invalid, *feedback per field, is_open, message, refresh). Errors on a
    field the dialog does not show go to the message."""
    try:
        with unit_of_work() as session:
            actor = current_actor()
            if record_id:
                # A forged id is "not found" (the service re-checks it).
                update(session, actor, parse_int(record_id) or 0)
            else:
                create(session, actor)
    except ValidationFailed as error:
        hidden = set(error.errors) - set(fields)
        message = error_alert(error) if hidden else no_update
        return (*field_feedback(error.errors, fields), True, message, no_update)
    except ServiceError as error:
        return (*field_feedback({}, fields), True, error_alert(error), no_update)
    return (*field_feedback({}, fields), False, toast(saved()), (refresh or 0) + 1)
