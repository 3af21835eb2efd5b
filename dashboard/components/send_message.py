"""The "Send email" / "Send SMS" buttons and their dialog on the customer,
contact, lead and opportunity detail pages: template or free text, contact,
recipient (prefilled, editable), subject, body and the preview rendered with the
record. Callbacks: dashboard/callbacks/send_message.py."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.detail_page import HIDDEN
from dashboard.components.forms import make_field
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import SendMessage
from services.message_templates import MAX_BODY, MAX_SUBJECT
from services.permissions import FOLLOWUP_CREATE

# Kinds whose dialog offers the customer's contacts.
WITH_CONTACTS = ("customer", "opportunity")


def _contact_field(ids: SendMessage) -> dbc.Col:
    """The customer's contacts; hidden where the record is a contact or a lead."""
    column = make_field(
        _("Contact"),
        dbc.Select(id=ids.field("contact_id"), options=[]),
        ids.feedback("contact_id"),
        help_text=_("Contact variables are filled from this contact."),
    )
    column.id = ids.CONTACT_ROW
    if ids.kind not in WITH_CONTACTS:
        column.style = HIDDEN
    return column


def _dialog(ids: SendMessage) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.TITLE)),
            dbc.ModalBody(
                [
                    dcc.Store(id=ids.CHANNEL),
                    dcc.Store(id=ids.ADDRESSES),
                    html.Div(id=ids.NOTICE),
                    html.Div(id=ids.MESSAGE),
                    dbc.Row(
                        [
                            make_field(
                                _("Template"),
                                dbc.Select(id=ids.field("template_id"), options=[]),
                                ids.feedback("template_id"),
                            ),
                            _contact_field(ids),
                        ]
                    ),
                    dbc.Row(
                        make_field(
                            _("To"),
                            dbc.Input(id=ids.field("recipient"), maxLength=200),
                            ids.feedback("recipient"),
                            required=True,
                            width=12,
                        )
                    ),
                    dbc.Row(
                        make_field(
                            _("Subject"),
                            dbc.Input(
                                id=ids.field("subject"),
                                maxLength=MAX_SUBJECT,
                                debounce=True,
                            ),
                            ids.feedback("subject"),
                            required=True,
                            width=12,
                        ),
                        id=ids.SUBJECT_ROW,
                    ),
                    dbc.Row(
                        make_field(
                            _("Message"),
                            dbc.Textarea(
                                id=ids.field("body"),
                                rows=6,
                                maxLength=MAX_BODY["email"],
                                debounce=True,
                            ),
                            ids.feedback("body"),
                            required=True,
                            width=12,
                        )
                    ),
                    html.Div(id=ids.VARIABLES, className="small text-muted mb-3"),
                    dbc.Card(
                        [
                            dbc.CardHeader(_("Preview")),
                            dbc.CardBody(html.Div(id=ids.PREVIEW)),
                        ],
                        className="send-message-preview",
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                    dbc.Button(
                        [html.I(className="bi bi-send me-1"), _("Send")],
                        id=ids.SEND,
                        color="primary",
                    ),
                ]
            ),
        ],
        id=ids.MODAL,
        is_open=False,
        size="lg",
    )


def make_send_message(kind: str, record_id: str) -> html.Div:
    """Buttons + dialog for a `kind` record (customer, contact, lead,
    opportunity); hidden for users who may not log follow-ups (the service
    checks that and the record's scope again)."""
    ids = SendMessage(kind)
    allowed = current_actor().can(FOLLOWUP_CREATE)
    return html.Div(
        [
            dcc.Store(id=ids.RECORD_ID, data=record_id),
            dbc.Button(
                [html.I(className="bi bi-envelope me-1"), _("Send email")],
                id=ids.OPEN_EMAIL,
                color="outline-primary",
                size="sm",
                className="me-2",
            ),
            dbc.Button(
                [html.I(className="bi bi-chat-text me-1"), _("Send SMS")],
                id=ids.OPEN_SMS,
                color="outline-primary",
                size="sm",
            ),
            _dialog(ids),
        ],
        className="d-inline-flex ms-2 send-message" if allowed else "d-none",
    )


def variables_help(names: list[str], labels: dict[str, str]) -> list:
    """The variables a message may use, as {name} followed by what it holds."""
    return [
        html.Span(_("Variables:"), className="me-1"),
        *[
            html.Span(
                [html.Code("{" + name + "}"), f" {labels[name]}"],
                className="me-2 text-nowrap d-inline-block",
            )
            for name in names
        ],
    ]


def preview_body(subject: str | None, body: str, problems: list[str]) -> list:
    """The rendered message, then what would stop it from being sent."""
    if not body and not subject:
        return [html.Span(_("The preview appears here."), className="text-muted")]
    parts = []
    if subject is not None:
        parts.append(html.Div(subject, className="fw-semibold mb-2 preview-subject"))
    parts.append(
        html.Div(body, className="preview-body", style={"whiteSpace": "pre-wrap"})
    )
    parts += [
        html.Div(
            [html.I(className="bi bi-exclamation-triangle me-1"), problem],
            className="text-danger small mt-2",
        )
        for problem in problems
    ]
    return parts
