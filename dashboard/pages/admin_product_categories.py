"""Administration · product categories: the category tree, its editor and the
attributes each category defines (product managers only)."""

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
from dashboard.ids import AdminProductCategories as ids
from dashboard.labels import ATTRIBUTE_TYPE_LABELS
from models.product import ATTRIBUTE_TYPES
from services.permissions import PRODUCT_MANAGE

dash.register_page(
    __name__,
    path="/admin/product-categories",
    order=88,
    title=lambda **_kw: f"{_('Product categories')} · Pelago",
)


def _field(name: str, label: str, control, *, width: int = 12, **kwargs):
    return tree_field(ids, name, label, control, width=width, **kwargs)


def _category_form() -> dbc.Card:
    return editor_card(
        ids,
        _("New category"),
        [
            name_field(ids),
            _field(
                "parent_id",
                _("Parent category"),
                dbc.Select(id=ids.field("parent_id"), options=[]),
            ),
            sort_order_field(ids),
        ],
    )


def _attributes_card() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        html.H5(_("Attributes"), className="card-title mb-0"),
                        dbc.Button(
                            [
                                html.I(className="bi bi-plus-lg me-1"),
                                _("Add attribute"),
                            ],
                            id=ids.ATTR_NEW,
                            color="outline-primary",
                            size="sm",
                            disabled=True,
                        ),
                    ],
                    className="d-flex justify-content-between align-items-center mb-2",
                ),
                html.Div(id=ids.ATTRIBUTES),
            ]
        ),
        className="mt-3",
    )


def _attribute_modal() -> dbc.Modal:
    type_options = [
        {"label": _(ATTRIBUTE_TYPE_LABELS[t]), "value": t} for t in ATTRIBUTE_TYPES
    ]
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("New attribute"), id=ids.ATTR_TITLE)),
            dbc.ModalBody(
                [
                    dbc.Row(
                        [
                            _field(
                                "attr_name",
                                _("Name"),
                                dbc.Input(id=ids.field("attr_name"), maxLength=100),
                                required=True,
                                width=8,
                            ),
                            _field(
                                "attribute_type",
                                _("Type"),
                                dbc.Select(
                                    id=ids.field("attribute_type"),
                                    options=type_options,
                                    value="text",
                                ),
                                width=4,
                            ),
                            _field(
                                "options",
                                _("Options"),
                                dbc.Textarea(id=ids.field("options"), rows=4),
                                help_text=_(
                                    "For single and multiple choice: one option "
                                    "per line."
                                ),
                            ),
                            _field(
                                "attr_sort_order",
                                _("Sort order"),
                                dbc.Input(
                                    id=ids.field("attr_sort_order"),
                                    type="number",
                                    step=1,
                                    value=0,
                                ),
                                width=4,
                            ),
                            dbc.Col(
                                dbc.Switch(
                                    id=ids.ATTR_REQUIRED,
                                    label=_("Required"),
                                    value=False,
                                ),
                                md=8,
                                className="mb-3 pt-4",
                            ),
                        ]
                    ),
                    html.Div(id=ids.ATTR_MESSAGE),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(
                        [html.I(className="bi bi-trash me-1"), _("Delete")],
                        id=ids.ATTR_DELETE,
                        color="outline-danger",
                        className="me-auto",
                        style={"display": "none"},
                    ),
                    dbc.Button(_("Cancel"), id=ids.ATTR_CANCEL, color="secondary"),
                    dbc.Button(_("Save"), id=ids.ATTR_SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.ATTR_MODAL,
        is_open=False,
    )


def layout(**_query):
    if not current_actor().can(PRODUCT_MANAGE):
        return forbidden()
    return html.Div(
        [
            dcc.Store(id=ids.REFRESH, data=0),
            dcc.Store(id=ids.CATEGORY_ID),
            dcc.Store(id=ids.ATTR_ID),
            page_header(_("Product categories"), ids.NEW, _("New category")),
            dbc.Row(
                [
                    tree_column(ids),
                    dbc.Col([_category_form(), _attributes_card()], md=6),
                ]
            ),
            _attribute_modal(),
        ]
    )
