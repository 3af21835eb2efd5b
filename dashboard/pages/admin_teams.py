"""Administration · teams: the team tree and its editor."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden, page_header
from dashboard.components.admin_editor import (
    editor_card,
    name_field,
    sort_order_field,
    tree_column,
    tree_field,
)
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
    return editor_card(
        ids,
        _("New team"),
        [
            name_field(ids),
            tree_field(
                ids,
                "parent_id",
                _("Parent team"),
                dbc.Select(id=ids.field("parent_id"), options=[]),
            ),
            tree_field(
                ids,
                "leader_id",
                _("Leader"),
                dbc.Select(id=ids.field("leader_id"), options=[]),
                help_text=_("A member of this team or one of its sub-teams."),
            ),
            sort_order_field(ids),
        ],
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
                    tree_column(ids),
                    dbc.Col(_form(), md=6),
                ]
            ),
        ]
    )
