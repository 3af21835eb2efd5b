"""Administration · custom fields: extra fields of customers, contacts, leads and
opportunities (one tab each). Add, edit, reorder, disable/enable, delete unused."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.admin import forbidden
from dashboard.components.forms import make_field
from dashboard.components.ordered_admin import (
    delete_modal,
    ordered_grid,
    ordered_toolbar,
)
from dashboard.context import current_actor
from dashboard.i18n import _
from dashboard.ids import AdminCustomFields as ids
from dashboard.labels import CUSTOM_FIELD_ENTITY_LABELS, CUSTOM_FIELD_TYPE_LABELS
from models.custom_field import CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES
from services.permissions import ADMIN_SETTINGS

dash.register_page(
    __name__,
    path="/admin/custom-fields",
    order=87,
    title=lambda **_kw: f"{_('Custom fields')} · Pelago",
)


def columns() -> list[dict]:
    return [
        {"field": "position", "headerName": "#", "maxWidth": 70},
        {"field": "label_zh", "headerName": _("Chinese label"), "minWidth": 130},
        {"field": "label_en", "headerName": _("English label"), "minWidth": 130},
        {"field": "type_label", "headerName": _("Type"), "minWidth": 110},
        {"field": "options_text", "headerName": _("Options"), "minWidth": 160},
        {"field": "required_text", "headerName": _("Required"), "maxWidth": 110},
        {"field": "code", "headerName": _("Code"), "minWidth": 110},
        {"field": "status", "headerName": _("Status"), "maxWidth": 110},
    ]


def _field_modal() -> dbc.Modal:
    def field(name, label, control, *, required=True, width=6, help_text=None):
        return make_field(
            label,
            control,
            ids.feedback(name),
            required=required,
            width=width,
            help_text=help_text,
        )

    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.MODAL_TITLE)),
            dbc.ModalBody(
                [
                    dcc.Store(id=ids.FIELD_ID),
                    dbc.Row(
                        [
                            field(
                                "label_zh",
                                _("Chinese label"),
                                dbc.Input(id=ids.field("label_zh"), maxLength=100),
                            ),
                            field(
                                "label_en",
                                _("English label"),
                                dbc.Input(id=ids.field("label_en"), maxLength=100),
                            ),
                            field(
                                "field_type",
                                _("Type"),
                                dbc.Select(
                                    id=ids.field("field_type"),
                                    options=[
                                        {
                                            "label": _(CUSTOM_FIELD_TYPE_LABELS[t]),
                                            "value": t,
                                        }
                                        for t in CUSTOM_FIELD_TYPES
                                    ],
                                    value="text",
                                ),
                            ),
                            field(
                                "code",
                                _("Code"),
                                dbc.Input(
                                    id=ids.field("code"),
                                    maxLength=50,
                                    placeholder="e.g. vip_level",
                                ),
                                required=False,
                            ),
                            field(
                                "options",
                                _("Options"),
                                dbc.Textarea(id=ids.field("options"), rows=4),
                                required=False,
                                width=12,
                                help_text=_(
                                    "Single and multiple choice fields: one option "
                                    "per line."
                                ),
                            ),
                            dbc.Col(
                                dbc.Checkbox(
                                    id=ids.REQUIRED,
                                    label=_("Required: forms and imports need a value"),
                                    value=False,
                                ),
                                md=12,
                                className="mb-2",
                            ),
                        ]
                    ),
                    html.P(
                        _(
                            "Type and code cannot change later; leave the code empty "
                            "to build it from the English label."
                        ),
                        className="text-muted small mb-0",
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.CANCEL, color="secondary"),
                    dbc.Button(_("Save"), id=ids.SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.MODAL,
        is_open=False,
    )


def layout(entity: str | None = None, **_query):
    if not current_actor().can(ADMIN_SETTINGS):
        return forbidden()
    active = entity if entity in CUSTOM_FIELD_ENTITIES else CUSTOM_FIELD_ENTITIES[0]
    add = dbc.Button(
        [html.I(className="bi bi-plus-lg me-1"), _("Add a field")],
        id=ids.ADD,
        size="sm",
        color="primary",
        className="me-3",
    )
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.H2(_("Custom fields"), className="page-title mb-1"),
            html.P(
                _(
                    "Extra fields shown in forms, detail pages, list columns and "
                    "filters, imports and exports. Disabled fields leave forms and "
                    "lists; values already entered stay readable on detail pages."
                ),
                className="text-muted",
            ),
            dbc.Tabs(
                id=ids.ENTITY,
                active_tab=active,
                className="mb-3",
                children=[
                    dbc.Tab(label=_(CUSTOM_FIELD_ENTITY_LABELS[e]), tab_id=e)
                    for e in CUSTOM_FIELD_ENTITIES
                ],
            ),
            html.Div(id=ids.MESSAGE),
            ordered_toolbar(ids, add),
            ordered_grid(ids.GRID, columns(), height="380px"),
            _field_modal(),
            delete_modal(
                ids,
                _("Delete this field?"),
                _(
                    "Only fields no record has a value for can be deleted. "
                    "Fields in use can be disabled instead."
                ),
            ),
        ]
    )
