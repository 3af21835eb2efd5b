"""Administration · teams: the team tree and its editor."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden, page_header
from dashboard.components.forms import make_field
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import AdminTeams as ids
from services.permissions import ADMIN_USERS

dash.register_page(
    __name__,
    path="/admin/teams",
    order=81,
    title=lambda **_kw: f"{_('Teams')} · Pelago",
)


def _form() -> dbc.Card:
    def field(name: str, label: str, control, **kwargs):
        return make_field(label, control, ids.feedback(name), width=12, **kwargs)

    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(_("New team"), id=ids.TITLE, className="card-title mb-3"),
                dbc.Row(
                    [
                        field(
                            "name",
                            _("Name"),
                            dbc.Input(id=ids.field("name"), value="", maxLength=100),
                            required=True,
                        ),
                        field(
                            "parent_id",
                            _("Parent team"),
                            dbc.Select(id=ids.field("parent_id"), options=[]),
                        ),
                        field(
                            "leader_id",
                            _("Leader"),
                            dbc.Select(id=ids.field("leader_id"), options=[]),
                            help_text=_(
                                "A member of this team or one of its sub-teams."
                            ),
                        ),
                        field(
                            "sort_order",
                            _("Sort order"),
                            dbc.Input(
                                id=ids.field("sort_order"),
                                type="number",
                                step=1,
                                value=0,
                            ),
                            help_text=_("Smaller numbers come first among siblings."),
                        ),
                    ]
                ),
                html.Div(id=ids.MESSAGE),
                html.Div(
                    [
                        dbc.Button(
                            [html.I(className="bi bi-trash me-1"), _("Delete")],
                            id=ids.DELETE,
                            color="outline-danger",
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
        )
    )


def layout(**_query):
    if not current_actor().can(ADMIN_USERS):
        return forbidden()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.TEAM_ID),
            page_header(_("Teams"), ids.NEW, _("New team")),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(dbc.CardBody(dbc.ListGroup(id=ids.TREE, flush=True))),
                        md=6,
                    ),
                    dbc.Col(_form(), md=6),
                ]
            ),
        ]
    )
