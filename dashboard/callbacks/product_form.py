"""The product form: attribute inputs follow the chosen category; save creates or
edits with the version the form was loaded with."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx

from dashboard.callbacks.form_save import register_form_save, save_record
from dashboard.components.feedback import field_feedback
from dashboard.components.product_form import attribute_inputs
from dashboard.context import read_session
from dashboard.i18n import _
from dashboard.ids import ProductForm as ids
from dashboard.parsing import parse_choice, parse_int, require_click
from services.errors import ValidationFailed
from services.msgid import N_
from services.product_categories import category_attributes
from services.products import ProductIn, create_product, update_product

FIELDS = ids.FIELDS


def entered_attribute_values() -> dict[str, object]:
    """{attr id: value} of the attribute inputs on the page (from the callback's
    ALL states), blanks included."""
    values: dict[str, object] = {}
    for group in ctx.states_list:
        if not isinstance(group, list):
            continue
        for state in group:
            if isinstance(state.get("id"), dict) and state["id"].get("type") in (
                ids.ATTR,
                ids.ATTR_MULTI,
            ):
                value = state.get("value")
                values[str(state["id"]["index"])] = (
                    value if isinstance(value, list) else parse_choice(value)
                )
    return values


def show_attributes(category, stored, _single, _multi):
    """Inputs of the chosen category's attributes; values typed so far (and the
    stored ones) carry over to attributes the new category shares."""
    category_id = parse_int(parse_choice(category))
    if category_id is None:
        return [_("Choose a category to see its attributes.")]
    values = (stored or {}) | {
        k: v for k, v in entered_attribute_values().items() if v not in (None, [])
    }
    with read_session() as session:
        attributes = category_attributes(session, category_id)
    return attribute_inputs(attributes, values)


def product_in(values: dict, on_sale) -> tuple[ProductIn, dict[str, str]]:
    """Form values → ProductIn, plus errors for values that cannot be parsed."""
    errors: dict[str, str] = {}
    category = parse_choice(values["category_id"])
    category_id = parse_int(category)
    if category and category_id is None:
        errors["category_id"] = N_("Unknown category.")
    data = ProductIn(
        name=values["name"],
        code=values["code"],
        category_id=category_id,
        unit=parse_choice(values["unit"]),
        price=values["price"],
        on_sale=bool(on_sale),
        attribute_values=entered_attribute_values(),
        description=values["description"],
    )
    return data, errors


def _attribute_feedback(errors: dict[str, str]) -> tuple[list, list]:
    """(invalid flags of the single-value inputs, messages of every attribute)."""
    outputs = ctx.outputs_list
    flags = [f"attr_{o['id']['index']}" in errors for o in outputs[len(FIELDS) * 2]]
    messages = [
        _(errors.get(f"attr_{o['id']['index']}", ""))
        for o in outputs[len(FIELDS) * 2 + 1]
    ]
    return flags, messages


def _feedback(error: ValidationFailed | None) -> tuple:
    """Field flags and messages, then the attribute inputs' flags and messages."""
    errors = error.errors if error else {}
    return (*field_feedback(errors, FIELDS), *_attribute_feedback(errors))


def save_product(n_clicks, product_id, version, on_sale, _single, _multi, *fields):
    """Create or update; field and attribute errors show next to their inputs."""
    require_click(n_clicks)
    data, errors = product_in(dict(zip(FIELDS, fields, strict=True)), on_sale)
    return save_record(
        product_id,
        version,
        errors=errors,
        path="/products",
        create=lambda session, actor: create_product(session, actor, data),
        update=lambda session, actor, record_id, expected: update_product(
            session, actor, record_id, data, expected_version=expected
        ),
        feedback=_feedback,
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.ATTRIBUTES, "children"),
        Input(ids.field("category_id"), "value"),
        State(ids.VALUES, "data"),
        State({"type": ids.ATTR, "index": ALL}, "value"),
        State({"type": ids.ATTR_MULTI, "index": ALL}, "value"),
        prevent_initial_call=True,
    )(show_attributes)
    register_form_save(
        app,
        ids,
        save_product,
        record_store=ids.PRODUCT_ID,
        flagged=FIELDS,
        messages=FIELDS,
        extra_outputs=[
            Output({"type": ids.ATTR, "index": ALL}, "invalid"),
            Output({"type": ids.ATTR_FEEDBACK, "index": ALL}, "children"),
        ],
        extra_states=[
            State(ids.ON_SALE, "value"),
            State({"type": ids.ATTR, "index": ALL}, "value"),
            State({"type": ids.ATTR_MULTI, "index": ALL}, "value"),
        ],
    )
