"""The product form shared by the create and edit pages, and the attribute inputs
it renders for the chosen category."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.form_parts import make_form_actions, make_textarea_field
from dashboard.components.forms import make_field, select_options
from dashboard.context import current_actor, read_session
from dashboard.i18n import _, current_language
from dashboard.ids import ProductForm as ids
from dashboard.parsing import NO_CHOICE
from services.product_categories import category_attributes, category_options
from services.products import unit_options


def attribute_id(kind: str, attr_id: int) -> dict:
    return {"type": kind, "index": attr_id}


def _attribute_control(attribute: dict, value):
    kind = attribute["attribute_type"]
    if kind == "multi":
        return dbc.Checklist(
            id=attribute_id(ids.ATTR_MULTI, attribute["id"]),
            options=[{"label": o, "value": o} for o in attribute["options"]],
            value=[v for v in (value or []) if v in attribute["options"]]
            if isinstance(value, list)
            else [],
            inline=True,
        )
    if kind == "single":
        options = [{"label": o, "value": o} for o in attribute["options"]]
        if value and value not in attribute["options"]:
            # A value the definition no longer offers stays visible until fixed.
            options.append({"label": str(value), "value": str(value)})
        return dbc.Select(
            id=attribute_id(ids.ATTR, attribute["id"]),
            options=select_options(options, _("Not set")),
            value=str(value) if value else NO_CHOICE,
        )
    return dbc.Input(
        id=attribute_id(ids.ATTR, attribute["id"]),
        value="" if value is None else str(value),
        inputMode="decimal" if kind == "number" else None,
        maxLength=500,
    )


def attribute_inputs(attributes: list[dict], values: dict | None) -> list:
    """One labelled input per attribute definition, filled from `values`."""
    values = values or {}
    if not attributes:
        return [
            html.P(
                _("This category defines no attributes."),
                className="text-muted small mb-0",
            )
        ]
    return [
        dbc.Row(
            [
                make_field(
                    attribute["name"],
                    _attribute_control(attribute, values.get(str(attribute["id"]))),
                    attribute_id(ids.ATTR_FEEDBACK, attribute["id"]),
                    required=attribute["required"],
                    width=6,
                )
                for attribute in attributes
            ]
        )
    ]


def make_product_form(values: dict | None = None) -> html.Div:
    """Empty form for create, or one filled from product_detail() for edit."""
    values = values or {}
    with read_session() as session:
        categories = category_options(session, current_actor())
        units = unit_options(
            session, current_language(), include_code=values.get("unit")
        )
        attributes = category_attributes(session, values.get("category_id"))

    def text(name: str, label: str, *, required=False, width=6, **props):
        control = dbc.Input(
            id=ids.field(name),
            value=props.pop("value", values.get(name) or ""),
            maxLength=props.pop("maxLength", 200),
            **props,
        )
        return make_field(
            label, control, ids.feedback(name), required=required, width=width
        )

    def choice(name: str, label: str, options: list[dict], width=4):
        current = values.get(name)
        control = dbc.Select(
            id=ids.field(name),
            options=select_options(options, _("Choose…")),
            value=str(current) if current is not None else NO_CHOICE,
        )
        return make_field(
            label, control, ids.feedback(name), required=True, width=width
        )

    price = values.get("price")
    cancel = f"/products/{values['id']}" if values.get("id") else "/products"
    return html.Div(
        [
            dcc.Store(id=ids.PRODUCT_ID, data=values.get("id")),
            dcc.Store(id=ids.VERSION, data=values.get("version")),
            dcc.Store(id=ids.VALUES, data=values.get("attribute_values") or {}),
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(
                            [
                                text("name", _("Name"), required=True),
                                text("code", _("Code"), maxLength=50, width=3),
                                text(
                                    "price",
                                    _("Price (CNY)"),
                                    width=3,
                                    inputMode="decimal",
                                    value=str(price) if price is not None else "",
                                ),
                                choice(
                                    "category_id",
                                    _("Category"),
                                    [
                                        {"label": o["label"], "value": str(o["value"])}
                                        for o in categories
                                    ],
                                    width=6,
                                ),
                                choice("unit", _("Unit"), units, width=3),
                                dbc.Col(
                                    [
                                        dbc.Label(_("Status")),
                                        dbc.Switch(
                                            id=ids.ON_SALE,
                                            label=_("On sale"),
                                            value=values.get("on_sale", True),
                                        ),
                                    ],
                                    md=3,
                                    className="mb-3",
                                ),
                                make_textarea_field(
                                    _("Description"),
                                    ids.field("description"),
                                    ids.feedback("description"),
                                    values.get("description"),
                                ),
                            ]
                        ),
                        html.H6(_("Attributes"), className="mt-2 mb-3"),
                        html.Div(
                            attribute_inputs(attributes, values.get("attribute_values"))
                            if values.get("category_id")
                            else [
                                html.P(
                                    _("Choose a category to see its attributes."),
                                    className="text-muted small mb-0",
                                )
                            ],
                            id=ids.ATTRIBUTES,
                            className="product-attributes mb-3",
                        ),
                        html.Div(id=ids.MESSAGE),
                        make_form_actions(ids.SAVE, cancel),
                    ]
                )
            ),
        ],
        className="product-form",
    )
