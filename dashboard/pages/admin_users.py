"""Administration · users: search, create, edit, disable/enable, password reset."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import (
    forbidden,
    language_options,
    page_header,
    role_options,
    team_options,
)
from dashboard.components.forms import make_field
from dashboard.components.grid import link_column, make_grid, make_pager
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import AdminUsers as ids
from services.permissions import ADMIN_USERS
from services.roles import list_roles
from services.teams import team_tree

dash.register_page(
    __name__,
    path="/admin/users",
    order=80,
    title=lambda **_kw: f"{_('Users')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("username", _("Username"), minWidth=130),
        {"field": "display_name", "headerName": _("Name"), "minWidth": 120},
        {"field": "team", "headerName": _("Team"), "minWidth": 110},
        {"field": "role", "headerName": _("Role"), "minWidth": 110},
        {"field": "supervisor", "headerName": _("Supervisor"), "minWidth": 110},
        {"field": "mobile", "headerName": _("Mobile"), "minWidth": 120},
        {"field": "email", "headerName": _("Email"), "minWidth": 160},
        {"field": "status", "headerName": _("Status"), "minWidth": 90},
        {"field": "last_login", "headerName": _("Last login"), "minWidth": 140},
    ]


def _filter_bar(teams: list[dict], roles: list[dict]) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                dbc.Input(
                    id=ids.SEARCH,
                    type="search",
                    debounce=True,
                    size="sm",
                    placeholder=_("Username, name, email or mobile"),
                ),
                md=4,
            ),
            dbc.Col(
                dbc.Select(
                    id=ids.TEAM,
                    size="sm",
                    value="",
                    options=[{"label": _("All teams"), "value": ""}, *teams],
                ),
                md=3,
            ),
            dbc.Col(
                dbc.Select(
                    id=ids.ROLE,
                    size="sm",
                    value="",
                    options=[{"label": _("All roles"), "value": ""}, *roles],
                ),
                md=3,
            ),
            dbc.Col(
                dbc.Select(
                    id=ids.STATUS,
                    size="sm",
                    value="",
                    options=[
                        {"label": _("Active and disabled"), "value": ""},
                        {"label": _("Active"), "value": "active"},
                        {"label": _("Disabled"), "value": "disabled"},
                    ],
                ),
                md=2,
            ),
        ],
        className="g-2 mb-3",
    )


def _user_form() -> html.Div:
    def text(name: str, label: str, *, required=False, width=6, **props):
        control = dbc.Input(id=ids.field(name), value="", **props)
        return make_field(
            label, control, ids.feedback(name), required=required, width=width
        )

    def choice_field(name: str, label: str, *, required=False, width=6, options=()):
        control = dbc.Select(id=ids.field(name), options=list(options), value="")
        return make_field(
            label, control, ids.feedback(name), required=required, width=width
        )

    return html.Div(
        [
            dbc.Row(
                [
                    text(
                        "username",
                        _("Username"),
                        required=True,
                        maxLength=50,
                        autoComplete="off",
                    ),
                    make_field(
                        _("Initial password"),
                        dbc.Input(
                            id=ids.field("password"),
                            type="password",
                            value="",
                            autoComplete="new-password",
                        ),
                        ids.feedback("password"),
                        help_text=_(
                            "Leave empty to generate one; it is shown once after "
                            "saving."
                        ),
                    ),
                ],
                id=ids.CREATE_ONLY,
            ),
            dbc.Row(
                [
                    text("display_name", _("Name"), required=True, maxLength=100),
                    text("email", _("Email"), type="email", maxLength=200),
                    text("mobile", _("Mobile"), maxLength=30),
                    choice_field("language", _("Language"), options=language_options()),
                    choice_field("team_id", _("Team")),
                    choice_field("supervisor_id", _("Supervisor")),
                    choice_field("role_id", _("Role"), required=True),
                ]
            ),
            html.Div(id=ids.FORM_MESSAGE),
            html.Div(
                [
                    html.Hr(),
                    html.H6(_("Reset password"), className="mb-2"),
                    dbc.InputGroup(
                        [
                            dbc.Input(
                                id=ids.RESET_PASSWORD,
                                type="password",
                                value="",
                                autoComplete="new-password",
                                placeholder=_("Leave empty to generate one"),
                            ),
                            dbc.Button(
                                _("Reset password"),
                                id=ids.RESET,
                                color="outline-secondary",
                            ),
                        ],
                        size="sm",
                    ),
                    html.Div(
                        id=ids.RESET_FEEDBACK, className="invalid-feedback d-block"
                    ),
                    dbc.FormText(
                        _("The user is logged out everywhere and must use the new one.")
                    ),
                    html.Hr(),
                    dbc.Button(id=ids.TOGGLE_ACTIVE, color="outline-danger", size="sm"),
                ],
                id=ids.EDIT_ONLY,
            ),
        ]
    )


def _active_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Change account status"))),
            dbc.ModalBody(
                [
                    html.Div(id=ids.ACTIVE_BODY),
                    html.Div(id=ids.HANDOVER, className="mt-2"),
                    # What happens to the user's customers; shown only when a user
                    # who owns customers is being disabled.
                    html.Div(
                        [
                            dbc.RadioItems(
                                id=ids.HANDOVER_MODE,
                                value="keep",
                                options=[
                                    {
                                        "label": _("Keep them with this user"),
                                        "value": "keep",
                                    },
                                    {
                                        "label": _("Transfer them to"),
                                        "value": "transfer",
                                    },
                                    {
                                        "label": _("Release them to the public pool"),
                                        "value": "release",
                                    },
                                ],
                                className="mb-2",
                            ),
                            dbc.Select(
                                id=ids.HANDOVER_USER, options=[], className="mb-2"
                            ),
                            dbc.Input(
                                id=ids.HANDOVER_REASON,
                                maxLength=200,
                                placeholder=_("Reason or note"),
                            ),
                        ],
                        id=ids.HANDOVER_FORM,
                        className="mt-2",
                        style={"display": "none"},
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.ACTIVE_CANCEL, color="secondary"),
                    dbc.Button(id=ids.ACTIVE_CONFIRM, color="danger"),
                ]
            ),
        ],
        id=ids.ACTIVE_MODAL,
        is_open=False,
    )


def layout(**_query):
    actor = current_actor()
    if not actor.can(ADMIN_USERS):
        return forbidden()
    with read_session() as session:
        teams = team_options(team_tree(session, actor))
        roles = role_options(list_roles(session, actor))
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.USER_ID),
            dcc.Store(id=ids.ACTIVE_TARGET),
            page_header(_("Users"), ids.NEW, _("New user")),
            _filter_bar(teams, roles),
            html.Div(id=ids.MESSAGE),
            make_grid(ids.GRID, columns(), selectable=False),
            make_pager(ids.PAGER, ids.TOTAL),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(id=ids.TITLE)),
                    dbc.ModalBody(_user_form()),
                    dbc.ModalFooter(
                        [
                            dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                            dbc.Button(
                                [html.I(className="bi bi-check-lg me-1"), _("Save")],
                                id=ids.SAVE,
                                color="primary",
                            ),
                        ]
                    ),
                ],
                id=ids.MODAL,
                is_open=False,
                size="lg",
            ),
            _active_modal(),
        ]
    )
