"""Send dialog callbacks, wired once per detail page kind: open it for email or
SMS (templates, contacts, prefilled recipient), start from a template, follow
the chosen contact, preview with the record, send and refresh the page's
timeline. Record, contact and template ids come from the browser and are
re-checked by the services."""

from __future__ import annotations

import flask
from dash import Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.detail_page import HIDDEN
from dashboard.components.feedback import alert, error_alert, toast
from dashboard.components.forms import select_options
from dashboard.components.send_message import preview_body, variables_help
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, local_today
from dashboard.ids import (
    ContactDetail,
    CustomerDetail,
    LeadDetail,
    OpportunityDetail,
    SendMessage,
    Shell,
)
from dashboard.parsing import parse_choice, parse_int, require_click
from services.crypto import SecretBox
from services.errors import NotFound, ServiceError, ValidationFailed
from services.message_templates import VARIABLES
from services.messaging import (
    KINDS,
    MessageIn,
    Target,
    message_form,
    preview_message,
    send_message,
    template_text,
)

FIELDS = SendMessage.FIELDS
# The store each detail page reloads its timeline from.
REFRESH_STORES = {
    "customer": CustomerDetail.REFRESH,
    "contact": ContactDetail.REFRESH,
    "lead": LeadDetail.REFRESH,
    "opportunity": OpportunityDetail.REFRESH,
}
DIALOGS = {kind: SendMessage(kind) for kind in KINDS}


def secret_box() -> SecretBox:
    """Encrypts and decrypts stored secrets with this app's secret key."""
    return SecretBox(flask.current_app.config["SECRET_KEY"])


def translated_feedback(
    errors: dict[str, str], params: dict, fields: tuple[str, ...]
) -> list:
    """[invalid flags..., messages...] of `fields`, placeholders filled."""
    return [name in errors for name in fields] + [
        _(errors[name], **params) if name in errors else "" for name in fields
    ]


def _target(kind: str, record_id) -> Target:
    """Raises NotFound when the URL's id is not a number."""
    parsed = parse_int(record_id)
    if parsed is None:
        raise NotFound()
    return Target(kind, parsed)


def _titles() -> dict[str, str]:
    return {"email": _("Send email"), "sms": _("Send SMS")}


def _notice(form: dict, channel: str):
    if not form["ready"]:
        return alert(
            _(
                "Email is not set up yet: an administrator must enter the SMTP "
                "server in the messaging settings."
            ),
            color="warning",
        )
    if channel == "sms" and form["log_only"]:
        return alert(
            _("SMS uses the log-only provider: the message is recorded, not sent."),
            color="info",
        )
    return None


def opener(kind: str):
    """Open the dialog of a `kind` page for the channel whose button was clicked."""

    def open_dialog(email_clicks, sms_clicks, record_id):
        require_click(email_clicks, sms_clicks)
        ids = DIALOGS[kind]
        channel = "email" if ctx.triggered_id == ids.OPEN_EMAIL else "sms"
        try:
            with read_session() as session:
                form = message_form(
                    session, current_actor(), _target(kind, record_id), channel
                )
        except ServiceError as error:
            return (False, *(no_update,) * 14, error_alert(error))
        templates = select_options(
            [{"label": name, "value": str(tid)} for tid, name in form["templates"]],
            _("Free text"),
        )
        contacts = select_options(
            [
                {
                    "label": c["name"] + (f" · {c['address']}" if c["address"] else ""),
                    "value": str(c["id"]),
                }
                for c in form["contacts"]
            ],
            _("No contact"),
        )
        addresses = {str(c["id"]): c["address"] for c in form["contacts"]}
        addresses[""] = form["record_address"]
        contact = (
            str(form["contact_id"]) if form["contact_id"] else contacts[0]["value"]
        )
        labels = {name: _(VARIABLES[name]) for name in form["variables"]}
        return (
            True,
            channel,
            _titles()[channel],
            _notice(form, channel),
            templates,
            templates[0]["value"],
            contacts,
            contact,
            addresses,
            form["recipient"] or "",
            "",
            "",
            None if channel == "email" else HIDDEN,
            variables_help(form["variables"], labels),
            None,
            no_update,
        )

    return open_dialog


def clear_feedback(_is_open):
    """No field errors are left from the last time the dialog was open."""
    return translated_feedback({}, {}, FIELDS)


def close_dialog(n_clicks):
    require_click(n_clicks)
    return False


def template_chooser(kind: str):
    def use_template(template_value, channel):
        """Start from the chosen template's text ("Free text" keeps what is typed)."""
        template_id = parse_int(parse_choice(template_value))
        if template_id is None or not channel:
            raise PreventUpdate
        try:
            with read_session() as session:
                subject, body = template_text(
                    session, current_actor(), template_id, channel
                )
        except ServiceError as error:
            return no_update, no_update, error_alert(error)
        return subject or "", body, None

    return use_template


def follow_contact(contact_value, addresses):
    """The chosen contact's address (or the record's own) becomes the recipient."""
    if addresses is None:
        raise PreventUpdate
    key = parse_choice(contact_value) or ""
    return addresses.get(key) or ""


def previewer(kind: str):
    def preview(subject, body, contact_value, channel, record_id, template_value):
        """The message rendered with the record, and what would stop it."""
        if not channel:
            raise PreventUpdate
        if not (body or "").strip() and not (subject or "").strip():
            return preview_body(None, "", [])
        data = MessageIn(
            channel=channel,
            target=_target(kind, record_id),
            subject=subject,
            body=body,
            contact_id=parse_int(parse_choice(contact_value)),
            template_id=parse_int(parse_choice(template_value)),
        )
        try:
            with read_session() as session:
                draft = preview_message(
                    session, current_actor(), data, today=local_today()
                )
        except ServiceError as error:
            return error_alert(error)
        problems = [
            _(draft.errors[name], **draft.params)
            for name in ("subject", "body", "contact_id")
            if name in draft.errors
        ]
        return preview_body(draft.subject, draft.body, problems)

    return preview


def _sent_message(result) -> str:
    if result.status == "logged":
        return _(
            "SMS to {recipient} recorded; the log-only provider sends nothing.",
            recipient=result.recipient,
        )
    if result.channel == "email":
        return _("Email sent to {recipient}.", recipient=result.recipient)
    return _("SMS sent to {recipient}.", recipient=result.recipient)


def sender(kind: str):
    def send(n_clicks, channel, record_id, *values_and_refresh):
        """Send; the dialog closes on success. A failed delivery stays on the
        timeline as a failed follow-up and its error is shown in the dialog.
        (feedback…, dialog message, is_open, page flash, refresh)."""
        require_click(n_clicks)
        *values, refresh = values_and_refresh
        form = dict(zip(FIELDS, values, strict=True))
        try:
            data = MessageIn(
                channel=channel,
                target=_target(kind, record_id),
                recipient=form["recipient"],
                subject=form["subject"],
                body=form["body"],
                contact_id=parse_int(parse_choice(form["contact_id"])),
                template_id=parse_int(parse_choice(form["template_id"])),
            )
            with unit_of_work() as session:
                result = send_message(
                    session,
                    current_actor(),
                    data,
                    box=secret_box(),
                    today=local_today(),
                )
        except ValidationFailed as error:
            feedback = translated_feedback(error.errors, error.params, FIELDS)
            others = [
                _(message, **error.params)
                for name, message in error.errors.items()
                if name not in FIELDS
            ]
            message = alert(" ".join(others)) if others else None
            return (*feedback, message, no_update, no_update, no_update)
        except ServiceError as error:
            feedback = translated_feedback({}, {}, FIELDS)
            return (*feedback, error_alert(error), no_update, no_update, no_update)
        refreshed = (refresh or 0) + 1
        feedback = translated_feedback({}, {}, FIELDS)
        if result.status == "failed":
            failure = alert(
                _(
                    "Not sent ({error}). It is on the timeline as a failed follow-up.",
                    error=result.error,
                )
            )
            return (*feedback, failure, no_update, no_update, refreshed)
        return (*feedback, None, False, toast(_sent_message(result)), refreshed)

    return send


# One send callback per kind, kept so that tests can call the registered function.
SENDERS = {kind: sender(kind) for kind in KINDS}


def register(app: Dash) -> None:
    for kind, ids in DIALOGS.items():
        app.callback(
            Output(ids.MODAL, "is_open"),
            Output(ids.CHANNEL, "data"),
            Output(ids.TITLE, "children"),
            Output(ids.NOTICE, "children"),
            Output(ids.field("template_id"), "options"),
            Output(ids.field("template_id"), "value"),
            Output(ids.field("contact_id"), "options"),
            Output(ids.field("contact_id"), "value"),
            Output(ids.ADDRESSES, "data"),
            Output(ids.field("recipient"), "value"),
            Output(ids.field("subject"), "value"),
            Output(ids.field("body"), "value"),
            Output(ids.SUBJECT_ROW, "style"),
            Output(ids.VARIABLES, "children"),
            Output(ids.MESSAGE, "children"),
            Output(Shell.FLASH, "children", allow_duplicate=True),
            Input(ids.OPEN_EMAIL, "n_clicks"),
            Input(ids.OPEN_SMS, "n_clicks"),
            State(ids.RECORD_ID, "data"),
            prevent_initial_call=True,
        )(opener(kind))
        app.callback(
            *[Output(ids.field(name), "invalid") for name in FIELDS],
            *[Output(ids.feedback(name), "children") for name in FIELDS],
            Input(ids.MODAL, "is_open"),
            prevent_initial_call=True,
        )(clear_feedback)
        app.callback(
            Output(ids.MODAL, "is_open", allow_duplicate=True),
            Input(ids.CANCEL, "n_clicks"),
            prevent_initial_call=True,
        )(close_dialog)
        app.callback(
            Output(ids.field("subject"), "value", allow_duplicate=True),
            Output(ids.field("body"), "value", allow_duplicate=True),
            Output(ids.MESSAGE, "children", allow_duplicate=True),
            Input(ids.field("template_id"), "value"),
            State(ids.CHANNEL, "data"),
            prevent_initial_call=True,
        )(template_chooser(kind))
        app.callback(
            Output(ids.field("recipient"), "value", allow_duplicate=True),
            Input(ids.field("contact_id"), "value"),
            State(ids.ADDRESSES, "data"),
            prevent_initial_call=True,
        )(follow_contact)
        app.callback(
            Output(ids.PREVIEW, "children"),
            Input(ids.field("subject"), "value"),
            Input(ids.field("body"), "value"),
            Input(ids.field("contact_id"), "value"),
            State(ids.CHANNEL, "data"),
            State(ids.RECORD_ID, "data"),
            State(ids.field("template_id"), "value"),
            prevent_initial_call=True,
        )(previewer(kind))
        app.callback(
            *[
                Output(ids.field(name), "invalid", allow_duplicate=True)
                for name in FIELDS
            ],
            *[
                Output(ids.feedback(name), "children", allow_duplicate=True)
                for name in FIELDS
            ],
            Output(ids.MESSAGE, "children", allow_duplicate=True),
            Output(ids.MODAL, "is_open", allow_duplicate=True),
            Output(Shell.FLASH, "children", allow_duplicate=True),
            Output(REFRESH_STORES[kind], "data", allow_duplicate=True),
            Input(ids.SEND, "n_clicks"),
            State(ids.CHANNEL, "data"),
            State(ids.RECORD_ID, "data"),
            *[State(ids.field(name), "value") for name in FIELDS],
            State(REFRESH_STORES[kind], "data"),
            # A second click while the message is on its way sends nothing.
            running=[(Output(ids.SEND, "disabled"), True, False)],
            prevent_initial_call=True,
        )(SENDERS[kind])
