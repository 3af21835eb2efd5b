"""Administration · roles: names, permission matrix and data scope."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden, page_header
from dashboard.components.admin_editor import editor_card
from dashboard.components.forms import make_field
from dashboard.components.grid import link_column, make_grid
from dashboard.components.permission_matrix import make_permission_matrix
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import AdminRoles as ids
from dashboard.labels import DATA_SCOPE_LABELS
from models.org import DATA_SCOPES
from services.permissions import ADMIN_USERS

dash.register_page(
    __name__,
    path="/admin/roles",
    order=82,
    title=lambda **_kw: f"{_('Roles')} · Pelago",
)


def columns() -> list[dict]:
    return [
        link_column("name", _("Role"), minWidth=130),
        {"field": "code", "headerName": _("Code"), "minWidth": 100},
        {"field": "scope", "headerName": _("Data scope"), "minWidth": 130},
        {"field": "user_count", "headerName": _("Users"), "minWidth": 70},
    ]


def _form() -> dbc.Card:
    def text(name: str, label: str, **props):
        control = dbc.Input(id=ids.field(name), value="", maxLength=100, **props)
        return make_field(label, control, ids.feedback(name), required=True, width=4)

    return editor_card(
        ids,
        _("New role"),
        [
            text("code", _("Code"), placeholder="sales_assistant"),
            text("name_zh", _("Name (Chinese)")),
            text("name_en", _("Name (English)")),
            make_field(
                _("Data scope"),
                dbc.RadioItems(
                    id=ids.field("data_scope"),
                    options=[
                        {"label": _(DATA_SCOPE_LABELS[s]), "value": s}
                        for s in DATA_SCOPES
                    ],
                    value="own",
                    inline=True,
                ),
                ids.feedback("data_scope"),
                width=12,
            ),
        ],
        html.H6(_("Permissions"), className="mb-2"),
        make_permission_matrix(),
        html.Div(id=ids.feedback("permissions"), className="text-danger small"),
    )


def layout(**_query):
    if not current_actor().can(ADMIN_USERS):
        return forbidden()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.ROLE_ID),
            page_header(_("Roles"), ids.NEW, _("New role")),
            dbc.Row(
                [
                    dbc.Col(
                        make_grid(
                            ids.GRID, columns(), selectable=False, height="420px"
                        ),
                        md=5,
                    ),
                    dbc.Col(_form(), md=7),
                ]
            ),
        ]
    )
