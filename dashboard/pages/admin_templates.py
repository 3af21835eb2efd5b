"""Administration · message templates: the list of email and SMS templates, the
editor (name, channel, subject, body with {variables}) with enable/disable, and
a preview rendered with a customer (and contact) the admin picks."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden, page_header
from dashboard.components.forms import make_field
from dashboard.components.messaging_admin import channel_options
from dashboard.components.send_message import variables_help
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import AdminTemplates as ids
from services.message_templates import MAX_BODY, MAX_NAME, MAX_SUBJECT, VARIABLES
from services.permissions import MESSAGING_MANAGE

dash.register_page(
    __name__,
    path="/admin/templates",
    order=98,
    title=lambda **_kw: f"{_('Message templates')} · Pelago",
)


def _field(name: str, label: str, control, **kwargs) -> dbc.Col:
    return make_field(label, control, ids.feedback(name), width=12, **kwargs)


def _editor() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        html.H5(
                            _("New template"), id=ids.TITLE, className="card-title"
                        ),
                        html.Div(id=ids.STATUS, className="ms-2"),
                    ],
                    className="d-flex align-items-center mb-3",
                ),
                dbc.Row(
                    [
                        _field(
                            "name",
                            _("Name"),
                            dbc.Input(id=ids.field("name"), maxLength=MAX_NAME),
                            required=True,
                        ),
                        _field(
                            "channel",
                            _("Channel"),
                            dbc.RadioItems(
                                id=ids.field("channel"),
                                options=channel_options(),
                                value="email",
                                inline=True,
                            ),
                            help_text=_("The channel cannot change once saved."),
                        ),
                    ]
                ),
                dbc.Row(
                    _field(
                        "subject",
                        _("Subject"),
                        dbc.Input(
                            id=ids.field("subject"),
                            maxLength=MAX_SUBJECT,
                            debounce=True,
                        ),
                        required=True,
                    ),
                    id=ids.SUBJECT_ROW,
                ),
                dbc.Row(
                    _field(
                        "body",
                        _("Text"),
                        dbc.Textarea(
                            id=ids.field("body"),
                            rows=8,
                            maxLength=MAX_BODY["email"],
                            debounce=True,
                        ),
                        required=True,
                        help_text=_(
                            "To show a brace itself rather than a variable, type "
                            "it twice. SMS texts: at most {limit} characters.",
                            limit=MAX_BODY["sms"],
                        ),
                    )
                ),
                html.Div(
                    variables_help(
                        list(VARIABLES), {k: _(v) for k, v in VARIABLES.items()}
                    ),
                    className="small text-muted mb-3",
                ),
                html.Div(id=ids.MESSAGE),
                html.Div(
                    [
                        dbc.Button(
                            _("Disable"),
                            id=ids.TOGGLE,
                            color="outline-secondary",
                            disabled=True,
                            className="me-auto",
                        ),
                        dbc.Button(
                            [html.I(className="bi bi-check-lg me-1"), _("Save")],
                            id=ids.SAVE,
                            color="primary",
                        ),
                    ],
                    className="d-flex",
                ),
            ]
        ),
        className="mb-3",
    )


def _preview() -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader(_("Preview with a record")),
            dbc.CardBody(
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                dcc.Dropdown(
                                    id=ids.PREVIEW_CUSTOMER,
                                    options=[],
                                    placeholder=_("Type to find a customer"),
                                ),
                                md=6,
                            ),
                            dbc.Col(
                                dbc.Select(id=ids.PREVIEW_CONTACT, options=[]),
                                md=6,
                            ),
                        ],
                        className="g-2 mb-3",
                    ),
                    html.Div(id=ids.PREVIEW),
                ]
            ),
        ]
    )


def layout(**_query):
    if not current_actor().can(MESSAGING_MANAGE):
        return forbidden()
    return html.Div(
        [
            dcc.Store(id=ids.TEMPLATE_ID),
            dcc.Store(id=ids.VERSION),
            dcc.Store(id=ids.REFRESH, data=0),
            page_header(_("Message templates"), ids.NEW, _("New template")),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(dbc.CardBody(dbc.ListGroup(id=ids.LIST, flush=True))),
                        md=4,
                        className="mb-3",
                    ),
                    dbc.Col([_editor(), _preview()], md=8),
                ]
            ),
        ]
    )
