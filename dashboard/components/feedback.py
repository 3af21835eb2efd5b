"""Alerts, toasts and field-level validation feedback."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import _
from services.errors import ServiceError


def alert(message: str, color: str = "danger") -> dbc.Alert:
    return dbc.Alert(message, color=color, dismissable=True, className="flash")


def error_alert(error: ServiceError) -> dbc.Alert:
    """A ServiceError in the user's language."""
    return alert(_(error.message, **error.params))


def toast(message: str) -> dbc.Alert:
    return dbc.Alert(
        [html.I(className="bi bi-check-circle me-2"), message],
        color="success",
        dismissable=True,
        duration=4000,
        className="flash",
    )


def field_feedback(
    errors: dict[str, str],
    fields: tuple[str, ...],
    flagged: tuple[str, ...] | None = None,
) -> list:
    """[invalid flags of `flagged` (default: all fields)..., messages of `fields`...]
    for the invalid/children outputs of a form."""
    flags = [name in errors for name in (fields if flagged is None else flagged)]
    return flags + [_(errors.get(name, "")) for name in fields]
