"""Saving a record's full-page form (contracts, opportunities, payments, products):
parse → create or update with the version the form was loaded with → field
feedback and an alert on failure, or open the saved record's page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dash import Dash, Input, Output, State, no_update

from dashboard.components.feedback import error_alert
from dashboard.context import current_actor, unit_of_work
from dashboard.ids import Shell
from services.errors import ServiceError, ValidationFailed


def save_record(
    record_id,
    version,
    *,
    create: Callable[[Any, Any], Any],
    update: Callable[[Any, Any, int, int], Any],
    path: str,
    feedback: Callable[[ValidationFailed | None], Sequence],
    errors: dict[str, str] | None = None,
) -> tuple:
    """Raise the parsing `errors`, else `update(session, actor, id, version)` when
    the form holds a record id, or `create(session, actor)`. Returns
    (*feedback(error or None), alert or None, f"{path}/{id}" or no_update)."""
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            actor = current_actor()
            if record_id:
                record = update(session, actor, int(record_id), int(version or 0))
            else:
                record = create(session, actor)
            target = f"{path}/{record.id}"
    except ValidationFailed as error:
        return (*feedback(error), error_alert(error), no_update)
    except ServiceError as error:
        return (*feedback(None), error_alert(error), no_update)
    return (*feedback(None), None, target)


def register_form_save(
    app: Dash,
    ids,
    save: Callable,
    *,
    record_store: str,
    flagged: Sequence[str],
    messages: Sequence[str],
    extra_outputs: Sequence[Output] = (),
    extra_states: Sequence[State] = (),
) -> None:
    """Wire Save: (n_clicks, record id, version, *extra_states, *ids.FIELDS values)
    → (invalid flags of `flagged`, feedback of `messages`, *extra_outputs,
    message, navigation)."""
    app.callback(
        *[Output(ids.field(name), "invalid") for name in flagged],
        *[Output(ids.feedback(name), "children") for name in messages],
        *extra_outputs,
        Output(ids.MESSAGE, "children"),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(record_store, "data"),
        State(ids.VERSION, "data"),
        *extra_states,
        *[State(ids.field(name), "value") for name in ids.FIELDS],
        prevent_initial_call=True,
    )(save)


def register_customer_search(app: Dash, picker_id: str, search: Callable) -> None:
    """The customer picker's options follow what is typed into it."""
    app.callback(
        Output(picker_id, "options"),
        Input(picker_id, "search_value"),
        State(picker_id, "value"),
        prevent_initial_call=True,
    )(search)
