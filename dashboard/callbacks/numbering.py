"""Administration · numbering: live preview and save of the number patterns."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State

from dashboard.components.feedback import error_alert, toast
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _, local_today
from dashboard.ids import AdminNumbering as ids
from dashboard.parsing import require_click
from services.errors import ServiceError
from services.numbering import (
    NUMBERED_TYPES,
    preview,
    save_number_patterns,
    validate_pattern,
)


def _day(value) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else local_today()
    except ValueError:
        return local_today()


def show_previews(day, *patterns):
    """The next number of each pattern, or what is wrong with it (no database:
    the counters move only when a record is saved)."""
    on = _day(day)
    previews, flags, messages = [], [], []
    for pattern in patterns:
        problem = validate_pattern(pattern)
        previews.append(preview(pattern, on) or "—")
        flags.append(problem is not None)
        messages.append(_(problem) if problem else "")
    return (*previews, *flags, *messages)


def save_patterns(n_clicks, *patterns):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            save_number_patterns(
                session,
                current_actor(),
                dict(zip(NUMBERED_TYPES, patterns, strict=True)),
            )
    except ServiceError as error:  # field problems are shown live already
        return error_alert(error)
    return toast(_("Number patterns saved."))


def register(app: Dash) -> None:
    app.callback(
        *[Output(ids.preview(t), "children") for t in NUMBERED_TYPES],
        *[Output(ids.pattern(t), "invalid") for t in NUMBERED_TYPES],
        *[Output(ids.feedback(t), "children") for t in NUMBERED_TYPES],
        Input(ids.DATE, "value"),
        *[Input(ids.pattern(t), "value") for t in NUMBERED_TYPES],
    )(show_previews)
    app.callback(
        Output(ids.MESSAGE, "children"),
        Input(ids.SAVE, "n_clicks"),
        *[State(ids.pattern(t), "value") for t in NUMBERED_TYPES],
        prevent_initial_call=True,
    )(save_patterns)
