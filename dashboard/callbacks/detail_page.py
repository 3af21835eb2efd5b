"""Callbacks every record detail page shares: logging a follow-up about the
record, and filling a tab when it is opened."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, no_update

from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.components.followup_form import default_times, field_ids
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.parsing import parse_int, parse_local_datetimes, require_click
from services.errors import NotFound, ServiceError, ValidationFailed


def url_id(value) -> int:
    """The record id in the URL, as an int. Raises NotFound when it is not one."""
    record_id = parse_int(value)
    if record_id is None:
        raise NotFound()
    return record_id


# create(session, actor, form, times): write the follow-up; raises ServiceError.
CreateFollowUp = Callable[..., object]


def save_followup_for(
    n_clicks, refresh, values, *, fields: tuple[str, ...], create: CreateFollowUp
) -> tuple:
    """Parse the follow-up form and let `create` write it in one unit of work.
    Returns field feedback, message, refresh counter and the reset inputs (kept
    as typed on failure)."""
    require_click(n_clicks)
    form = dict(zip(fields, values, strict=True))
    times, errors = parse_local_datetimes(form, ("occurred_at", "next_followup_at"))
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            create(session, current_actor(), form, times)
    except ServiceError as error:
        found = error.errors if isinstance(error, ValidationFailed) else {}
        kept = (no_update,) * 3  # the user's input stays on failure
        return (*field_feedback(found, fields), error_alert(error), no_update, *kept)
    return (
        *field_feedback({}, fields),
        toast(_("Follow-up saved.")),
        (refresh or 0) + 1,
        "",
        *default_times(),
    )


def register_followup_save(
    app: Dash,
    save: Callable,
    *,
    form_ids,
    fields: tuple[str, ...],
    record_store: str,
    refresh_store: str,
    allow_duplicate: bool = False,
) -> None:
    """Wire `save(n_clicks, record_id, refresh, *values)` to a follow-up form."""
    inputs = field_ids(form_ids, fields)
    app.callback(
        *[Output(inputs[name], "invalid") for name in fields],
        *[Output(form_ids.feedback(name), "children") for name in fields],
        Output(form_ids.MESSAGE, "children"),
        Output(refresh_store, "data", allow_duplicate=allow_duplicate),
        Output(form_ids.CONTENT, "value"),
        Output(form_ids.OCCURRED, "value"),
        Output(form_ids.NEXT, "value"),
        Input(form_ids.SAVE, "n_clicks"),
        State(record_store, "data"),
        State(refresh_store, "data"),
        *[State(inputs[name], "value") for name in fields],
        prevent_initial_call=True,
    )(save)


def register_tab(
    app: Dash, render: Callable, *, body_id: str, tabs_id: str, record_store: str
) -> None:
    """Fill `body_id` with `render(active_tab, record_id)` when its tab opens."""
    app.callback(
        Output(body_id, "children"),
        Input(tabs_id, "active_tab"),
        Input(record_store, "data"),
    )(render)
