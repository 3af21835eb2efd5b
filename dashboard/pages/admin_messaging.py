"""Administration · messaging: the SMTP server and sender of emails, the SMS
provider (log-only or HTTP webhook), and a test email."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden
from dashboard.components.detail_page import HIDDEN
from dashboard.components.forms import make_field
from dashboard.components.messaging_admin import stored_secret_text
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import AdminMessaging as ids
from services.messaging_settings import (
    MAX_TIMEOUT,
    MIN_TIMEOUT,
    get_messaging_settings,
)
from services.permissions import MESSAGING_MANAGE

dash.register_page(
    __name__,
    path="/admin/messaging",
    order=97,
    title=lambda **_kw: f"{_('Messaging settings')} · Pelago",
)


def security_options() -> list[dict]:
    return [
        {"label": _("STARTTLS (usually port 587)"), "value": "starttls"},
        {"label": _("SSL/TLS (usually port 465)"), "value": "ssl"},
        {"label": _("None (usually port 25)"), "value": "none"},
    ]


def provider_options() -> list[dict]:
    return [
        {"label": _("Log only: record messages, send nothing"), "value": "log"},
        {"label": _("HTTP webhook"), "value": "webhook"},
    ]


def _field(name: str, label: str, control, *, width: int = 6, **kwargs) -> dbc.Col:
    return make_field(label, control, ids.feedback(name), width=width, **kwargs)


def _input(name: str, value, **props) -> dbc.Input:
    return dbc.Input(id=ids.field(name), value=value, **props)


def _email_card(settings) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(_("Email (SMTP)"), className="card-title mb-3"),
                dbc.Row(
                    [
                        _field(
                            "smtp_host",
                            _("SMTP server"),
                            _input(
                                "smtp_host",
                                settings.smtp_host or "",
                                maxLength=200,
                                placeholder="smtp.example.com",
                            ),
                        ),
                        _field(
                            "smtp_port",
                            _("Port"),
                            _input(
                                "smtp_port",
                                settings.smtp_port,
                                type="number",
                                min=1,
                                max=65535,
                                step=1,
                            ),
                            width=2,
                        ),
                        _field(
                            "smtp_security",
                            _("Security"),
                            dbc.Select(
                                id=ids.field("smtp_security"),
                                options=security_options(),
                                value=settings.smtp_security,
                            ),
                            width=4,
                        ),
                        _field(
                            "smtp_username",
                            _("User name"),
                            _input(
                                "smtp_username",
                                settings.smtp_username or "",
                                maxLength=200,
                                autoComplete="off",
                            ),
                            help_text=_("Leave empty if the server needs no login."),
                        ),
                        _field(
                            "smtp_password",
                            _("Password"),
                            _input(
                                "smtp_password",
                                "",
                                type="password",
                                maxLength=200,
                                autoComplete="new-password",
                            ),
                        ),
                        _field(
                            "from_address",
                            _("From address"),
                            _input(
                                "from_address",
                                settings.from_address or "",
                                type="email",
                                maxLength=200,
                                placeholder="crm@example.com",
                            ),
                        ),
                        _field(
                            "from_name",
                            _("From name"),
                            _input(
                                "from_name", settings.from_name or "", maxLength=100
                            ),
                        ),
                    ]
                ),
                html.Div(
                    stored_secret_text(settings.has_smtp_password),
                    id=ids.PASSWORD_STATE,
                    className="small text-muted",
                ),
            ]
        ),
        className="mb-4",
    )


def _sms_card(settings) -> dbc.Card:
    webhook_style = None if settings.sms_provider == "webhook" else HIDDEN
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(_("SMS"), className="card-title mb-3"),
                dbc.Row(
                    _field(
                        "sms_provider",
                        _("Provider"),
                        dbc.RadioItems(
                            id=ids.field("sms_provider"),
                            options=provider_options(),
                            value=settings.sms_provider,
                        ),
                        width=12,
                    )
                ),
                dbc.Row(
                    [
                        _field(
                            "sms_webhook_url",
                            _("Webhook URL"),
                            _input(
                                "sms_webhook_url",
                                settings.sms_webhook_url or "",
                                maxLength=500,
                                placeholder="https://sms.example.com/send",
                            ),
                            width=12,
                            help_text=_(
                                "Pelago POSTs JSON (to, text, sent_at) with the "
                                "header X-Pelago-Signature: sha256= and the "
                                "HMAC-SHA256 of the body keyed with the secret. "
                                "Any answer other than 2xx is a failure."
                            ),
                        ),
                        _field(
                            "sms_webhook_secret",
                            _("Signing secret"),
                            _input(
                                "sms_webhook_secret",
                                "",
                                type="password",
                                maxLength=200,
                                autoComplete="new-password",
                            ),
                            width=8,
                            help_text=stored_secret_text(
                                settings.has_webhook_secret, secret="webhook"
                            ),
                        ),
                        _field(
                            "sms_timeout_seconds",
                            _("Timeout (seconds)"),
                            _input(
                                "sms_timeout_seconds",
                                settings.sms_timeout_seconds,
                                type="number",
                                min=MIN_TIMEOUT,
                                max=MAX_TIMEOUT,
                                step=1,
                            ),
                            width=4,
                        ),
                    ],
                    id=ids.WEBHOOK_ROW,
                    style=webhook_style,
                ),
            ]
        ),
        className="mb-4",
    )


def _test_card() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(_("Test email"), className="card-title mb-2"),
                html.P(
                    _("Sends a short email with the saved settings."),
                    className="text-muted small",
                ),
                dbc.Row(
                    make_field(
                        _("Send to"),
                        dbc.Input(id=ids.TEST_TO, type="email", maxLength=200),
                        ids.TEST_TO_FEEDBACK,
                        width=12,
                    )
                ),
                dbc.Button(
                    [html.I(className="bi bi-send me-1"), _("Send test email")],
                    id=ids.TEST_SEND,
                    color="secondary",
                ),
                dcc.Loading(html.Div(id=ids.TEST_RESULT, className="mt-3"), type="dot"),
            ]
        )
    )


def layout(**_query):
    actor = current_actor()
    if not actor.can(MESSAGING_MANAGE):
        return forbidden()
    with read_session() as session:
        settings = get_messaging_settings(session, actor)
    return html.Div(
        [
            dcc.Store(id=ids.VERSION, data=settings.version),
            html.H2(_("Messaging settings"), className="page-title mb-3"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            _email_card(settings),
                            _sms_card(settings),
                            html.Div(id=ids.MESSAGE, className="mb-3"),
                            dbc.Button(
                                [html.I(className="bi bi-check-lg me-1"), _("Save")],
                                id=ids.SAVE,
                                color="primary",
                            ),
                        ],
                        lg=8,
                    ),
                    dbc.Col(_test_card(), lg=4),
                ]
            ),
        ]
    )
