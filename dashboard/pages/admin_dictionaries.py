"""Administration · dictionaries: the option lists of forms (sources, industries,
levels, follow-up types…): add, relabel, reorder, disable/enable, delete."""

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
from dashboard.ids import AdminDictionaries as ids
from dashboard.labels import DICTIONARY_KIND_LABELS
from models.dictionary import DICTIONARY_KINDS
from services.permissions import ADMIN_SETTINGS

dash.register_page(
    __name__,
    path="/admin/dictionaries",
    order=86,
    title=lambda **_kw: f"{_('Dictionaries')} · Pelago",
)

FIELD_NAMES = {
    "label_zh": "Chinese label",
    "label_en": "English label",
    "code": "Code",
}


def kind_label(kind: str) -> str:
    return _(DICTIONARY_KIND_LABELS.get(kind, kind))


def columns() -> list[dict]:
    return [
        {"field": "position", "headerName": "#", "maxWidth": 70},
        {"field": "label_zh", "headerName": _("Chinese label"), "minWidth": 140},
        {"field": "label_en", "headerName": _("English label"), "minWidth": 140},
        {"field": "code", "headerName": _("Code"), "minWidth": 120},
        {"field": "status", "headerName": _("Status"), "minWidth": 90},
    ]


def _add_form() -> dbc.Card:
    def field(name: str, **props):
        control = dbc.Input(
            id=ids.add_field(name),
            value="",
            maxLength=100 if name != "code" else 50,
            **props,
        )
        return make_field(
            _(FIELD_NAMES[name]),
            control,
            ids.add_feedback(name),
            required=name != "code",
            width=3,
            help_text=_("Leave empty to build it from the English label.")
            if name == "code"
            else None,
        )

    return dbc.Card(
        [
            dbc.CardHeader(_("Add an entry")),
            dbc.CardBody(
                dbc.Row(
                    [
                        field("label_zh"),
                        field("label_en"),
                        field("code", placeholder="e.g. trade_show"),
                        dbc.Col(
                            dbc.Button(
                                [html.I(className="bi bi-plus-lg me-1"), _("Add")],
                                id=ids.ADD,
                                color="primary",
                                className="mt-md-4",
                            ),
                            md=3,
                        ),
                    ],
                    className="g-2",
                )
            ),
        ],
        className="mb-3",
    )


def _edit_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Edit entry"))),
            dbc.ModalBody(
                [
                    dcc.Store(id=ids.EDIT_ID),
                    dbc.Row(
                        [
                            make_field(
                                _(FIELD_NAMES[name]),
                                dbc.Input(id=ids.edit_field(name), maxLength=100),
                                ids.edit_feedback(name),
                                required=True,
                                width=12,
                            )
                            for name in ids.EDIT_FIELDS
                        ]
                    ),
                    html.P(
                        _("The code stays the same: records store it."),
                        className="text-muted small mb-0",
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.EDIT_CANCEL, color="secondary"),
                    dbc.Button(_("Save"), id=ids.EDIT_SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.EDIT_MODAL,
        is_open=False,
    )


def layout(kind: str | None = None, **_query):
    if not current_actor().can(ADMIN_SETTINGS):
        return forbidden()
    active = kind if kind in DICTIONARY_KINDS else DICTIONARY_KINDS[0]
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            html.H2(_("Dictionaries"), className="page-title mb-1"),
            html.P(
                _(
                    "The choices offered in forms. Disabled entries are no longer "
                    "offered, but records that use them still show their label."
                ),
                className="text-muted",
            ),
            dbc.Tabs(
                id=ids.KIND,
                active_tab=active,
                className="mb-3",
                children=[
                    dbc.Tab(label=kind_label(k), tab_id=k) for k in DICTIONARY_KINDS
                ],
            ),
            _add_form(),
            html.Div(id=ids.MESSAGE),
            ordered_toolbar(ids),
            ordered_grid(ids.GRID, columns(), height="420px"),
            _edit_modal(),
            delete_modal(
                ids,
                _("Delete this entry?"),
                _(
                    "Only entries no record uses can be deleted. "
                    "Entries in use can be disabled instead."
                ),
            ),
        ]
    )
