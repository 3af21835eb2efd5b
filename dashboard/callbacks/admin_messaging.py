"""Administration · messaging callbacks: show the webhook fields for the webhook
provider, save the settings (secrets encrypted with the app's secret key), send
a test email and show how the server answered."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashboard.callbacks.send_message import secret_box, translated_feedback
from dashboard.components.detail_page import HIDDEN
from dashboard.components.feedback import alert, error_alert, toast
from dashboard.components.messaging_admin import stored_secret_text
from dashboard.context import current_actor, unit_of_work
from dashboard.i18n import _
from dashboard.ids import AdminMessaging as ids
from dashboard.parsing import require_click
from services.errors import ServiceError, ValidationFailed
from services.messaging_settings import (
    MessagingSettingsIn,
    send_test_email,
    update_messaging_settings,
)

FIELDS = ids.FIELDS


def toggle_webhook(provider):
    return None if provider == "webhook" else HIDDEN


def save_settings(n_clicks, version, *values):
    """(field flags…, field messages…, message, version, password text, both
    secret inputs emptied)."""
    require_click(n_clicks)
    form = dict(zip(FIELDS, values, strict=True))
    try:
        with unit_of_work() as session:
            saved = update_messaging_settings(
                session,
                current_actor(),
                MessagingSettingsIn(**form),
                box=secret_box(),
                version=version or 0,
            )
    except ValidationFailed as error:
        feedback = translated_feedback(error.errors, error.params, FIELDS)
        return (*feedback, error_alert(error), *(no_update,) * 4)
    except ServiceError as error:
        feedback = translated_feedback({}, {}, FIELDS)
        return (*feedback, error_alert(error), *(no_update,) * 4)
    return (
        *translated_feedback({}, {}, FIELDS),
        toast(_("Messaging settings saved.")),
        saved.version,
        stored_secret_text(saved.has_smtp_password),
        "",
        "",
    )


def send_test(n_clicks, to):
    """(feedback, result): the test email's outcome, the server's error included."""
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            result = send_test_email(session, current_actor(), to, box=secret_box())
    except ValidationFailed as error:
        return _(error.errors.get("test_to", "")), None
    except ServiceError as error:
        return "", error_alert(error)
    if result.sent:
        return "", toast(_("Test email sent to {to}.", to=to.strip()))
    return "", alert(_("The test email was not sent: {error}", error=result.error))


def register(app: Dash) -> None:
    app.callback(
        Output(ids.WEBHOOK_ROW, "style"),
        Input(ids.field("sms_provider"), "value"),
        prevent_initial_call=True,
    )(toggle_webhook)
    app.callback(
        *[Output(ids.field(name), "invalid") for name in FIELDS],
        *[Output(ids.feedback(name), "children") for name in FIELDS],
        Output(ids.MESSAGE, "children"),
        Output(ids.VERSION, "data"),
        Output(ids.PASSWORD_STATE, "children"),
        Output(ids.field("smtp_password"), "value"),
        Output(ids.field("sms_webhook_secret"), "value"),
        Input(ids.SAVE, "n_clicks"),
        State(ids.VERSION, "data"),
        *[State(ids.field(name), "value") for name in FIELDS],
        prevent_initial_call=True,
    )(save_settings)
    app.callback(
        Output(ids.TEST_TO_FEEDBACK, "children"),
        Output(ids.TEST_RESULT, "children"),
        Input(ids.TEST_SEND, "n_clicks"),
        State(ids.TEST_TO, "value"),
        running=[(Output(ids.TEST_SEND, "disabled"), True, False)],
        prevent_initial_call=True,
    )(send_test)
