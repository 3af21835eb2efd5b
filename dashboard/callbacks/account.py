"""Change own password; the new session version keeps this login alive."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from flask_login import current_user, login_user

from dashboard.auth import LoginUser
from dashboard.components.feedback import error_alert, field_feedback, toast
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.ids import Account as ids
from dashboard.ids import Shell
from dashboard.parsing import require_click
from services.auth import change_own_password
from services.errors import ServiceError, ValidationFailed

FIELDS = ("current", "new", "confirm")


def change_password(n_clicks, current, new, confirm):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            version = change_own_password(
                session, current_actor(), current, new, confirm
            )
    except ValidationFailed as error:
        return (
            *field_feedback(error.errors, FIELDS),
            error_alert(error),
            None,
            None,
            None,
            no_update,
        )
    except ServiceError as error:
        return (
            *field_feedback({}, FIELDS),
            error_alert(error),
            None,
            None,
            None,
            no_update,
        )
    # Other browsers holding the old version are logged out; this one continues.
    was_forced = current_user.must_change_password
    login_user(LoginUser(current_user.user_id, version, current_user.language))
    return (
        *field_feedback({}, FIELDS),
        toast(_("Password changed.")),
        "",
        "",
        "",
        "/" if was_forced else no_update,  # the forced change done: carry on
    )


def register(app: Dash) -> None:
    app.callback(
        *[
            Output(component, "invalid")
            for component in (ids.CURRENT, ids.NEW, ids.CONFIRM)
        ],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Output(ids.MESSAGE, "children"),
        Output(ids.CURRENT, "value"),
        Output(ids.NEW, "value"),
        Output(ids.CONFIRM, "value"),
        Output(Shell.NAV, "href", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        State(ids.CURRENT, "value"),
        State(ids.NEW, "value"),
        State(ids.CONFIRM, "value"),
        prevent_initial_call=True,
    )(change_password)
