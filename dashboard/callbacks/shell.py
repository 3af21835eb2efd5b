"""Top bar: scope switcher and language switch (both reload the page)."""

from __future__ import annotations

import flask
from dash import Dash, Input, Output, no_update

from dashboard.components.feedback import error_alert
from dashboard.context import (
    FOCUS_KEY,
    chosen_focus,
    current_actor,
    read_session,
    unit_of_work,
)
from dashboard.ids import Shell
from services.auth import set_user_language
from services.errors import ServiceError
from services.org import scope_options


def switch_scope(focus):
    """Keep the chosen scope in the login session, if the actor may choose it."""
    with read_session() as session:
        allowed = {o.key for o in scope_options(session, current_actor())}
    if focus not in allowed or chosen_focus() == focus:
        return no_update
    flask.session[FOCUS_KEY] = focus
    return focus


def switch_language(language):
    try:
        with unit_of_work() as session:
            set_user_language(session, current_actor(), language)
    except ServiceError as error:
        return no_update, error_alert(error)
    return language, no_update


# Scope and language shape every page: reload it once the server has stored them.
RELOAD_JS = "function(value) { if (value) { window.location.reload(); } return null; }"


def register(app: Dash) -> None:
    app.callback(
        Output(Shell.RELOAD, "data", allow_duplicate=True),
        Input(Shell.SCOPE, "value"),
        prevent_initial_call=True,
    )(switch_scope)
    app.callback(
        Output(Shell.RELOAD, "data", allow_duplicate=True),
        Output(Shell.FLASH, "children", allow_duplicate=True),
        Input(Shell.LANGUAGE, "value"),
        prevent_initial_call=True,
    )(switch_language)
    app.clientside_callback(
        RELOAD_JS,
        Output(Shell.RELOAD, "clear_data"),
        Input(Shell.RELOAD, "data"),
        prevent_initial_call=True,
    )
