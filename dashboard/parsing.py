"""Parsing helpers shared by form callbacks."""

from __future__ import annotations

import datetime as dt

from dash.exceptions import PreventUpdate

from dashboard.i18n import from_local
from services.msgid import N_

# dbc.Select reserves "" for its hidden placeholder: "no choice" needs its own value.
NO_CHOICE = "-"


def parse_local_datetime(value: str | None) -> dt.datetime | None:
    """A datetime-local input ("YYYY-MM-DDTHH:MM") in company time → naive UTC.
    Raises ValueError on malformed input."""
    if not value:
        return None
    return from_local(dt.datetime.fromisoformat(value))


def parse_local_datetimes(form: dict, names: tuple[str, ...]) -> tuple[dict, dict]:
    """Parse several datetime-local fields: ({name: UTC value}, {name: msgid})."""
    values, errors = {}, {}
    for name in names:
        try:
            values[name] = parse_local_datetime(form[name])
        except ValueError:
            values[name], errors[name] = None, N_("Enter a valid date and time.")
    return values, errors


def parse_int(value) -> int | None:
    """A non-negative int that fits a BIGINT id, else None ("²" is a digit to
    str.isdigit but not to int(); a 30-digit id overflows the database driver)."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def parse_choice(value: str | None) -> str | None:
    """A select's value: None for "no choice"."""
    return None if value in (None, "", NO_CHOICE) else value


def require_click(*n_clicks: int | None) -> None:
    """Stop a button callback that fired without a click (Dash fires callbacks when
    their buttons are first inserted into a page). Raises PreventUpdate."""
    if not any(n_clicks):
        raise PreventUpdate
