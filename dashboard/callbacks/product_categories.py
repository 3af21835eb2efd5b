"""Administration · product categories: tree, select, save (create / rename /
move), delete; the selected category's attribute definitions in a dialog."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.callbacks.tree_editor import (
    clicked_node_id,
    register_tree_editor,
    remove_node,
    save_node,
    tree_item,
)
from dashboard.components.feedback import error_alert, field_feedback
from dashboard.components.forms import select_options
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import AdminProductCategories as ids
from dashboard.labels import ATTRIBUTE_TYPE_LABELS
from dashboard.parsing import NO_CHOICE, parse_choice, parse_int, require_click
from services.errors import ServiceError, ValidationFailed
from services.msgid import N_
from services.product_categories import (
    AttributeIn,
    CategoryIn,
    category_attributes,
    category_tree,
    create_attribute,
    create_category,
    delete_attribute,
    delete_category,
    get_category,
    subtree_ids,
    update_attribute,
    update_category,
)

FIELDS = ids.FIELDS
ATTR_FIELDS = ids.ATTR_FIELDS
# Service error keys → the dialog's field names.
ATTR_ERROR_KEYS = {"name": "attr_name", "sort_order": "attr_sort_order"}


def whole_number(value, field: str) -> tuple[int, dict[str, str]]:
    """A sort order input (type=number sends int, float or None)."""
    if value in (None, ""):
        return 0, {}
    text = str(value).strip()
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
        return 0, {field: N_("Enter a whole number.")}
    return int(text), {}


def load_tree(_refresh, selected):
    """The tree as a list indented by depth; the selected category highlighted."""
    with read_session() as session:
        nodes = category_tree(session, current_actor())
    if not nodes:
        return html.P(_("No categories yet."), className="text-muted mb-0")
    return [
        tree_item(
            ids,
            node,
            name_class="category-name fw-semibold",
            detail=_(
                "{products} products · {attributes} attributes",
                products=node.product_count,
                attributes=node.attribute_count,
            ),
            selected=selected,
        )
        for node in nodes
    ]


def _parent_options(session, actor, category_id: int | None) -> list[dict]:
    exclude = subtree_ids(session, category_id) if category_id else set()
    return select_options(
        [
            {"label": "\u2003" * node.depth + node.name, "value": str(node.id)}
            for node in category_tree(session, actor)
            if node.id not in exclude
        ],
        _("None (top level)"),
    )


def select_category(_node_clicks, _new_clicks):
    """Fill the editor from the clicked category, or empty it for a new one."""
    category_id = clicked_node_id(ids)
    actor = current_actor()
    try:
        with read_session() as session:
            parents = _parent_options(session, actor, category_id)
            category = (
                get_category(session, actor, category_id) if category_id else None
            )
    except ServiceError as error:
        return (no_update,) * 8 + (error_alert(error),) + (no_update,) * 7
    if category is None:
        values = ("", NO_CHOICE, 0)
        title = _("New category")
    else:
        values = (
            category.name,
            str(category.parent_id) if category.parent_id else NO_CHOICE,
            category.sort_order or 0,
        )
        title = _("Edit category: {name}", name=category.name)
    return (
        category_id,
        title,
        category is None,
        category is None,
        parents,
        *values,
        None,
        *field_feedback({}, FIELDS),
    )


def save_category(n_clicks, category_id, refresh, name, parent, sort_order):
    require_click(n_clicks)
    target = parse_int(category_id)
    order, errors = whole_number(sort_order, "sort_order")
    if parse_choice(parent) and parse_int(parent) is None:
        errors["parent_id"] = N_("Unknown category.")
    data = CategoryIn(
        name=name, parent_id=parse_int(parse_choice(parent)), sort_order=order
    )

    def write(session, actor):
        if target:
            category = update_category(session, actor, target, data)
        else:
            category = create_category(session, actor, data)
        return category.id, category.name

    return save_node(
        errors,
        write,
        refresh,
        fields=FIELDS,
        saved=lambda name: _("Category {name} saved.", name=name),
        edit_title=lambda name: _("Edit category: {name}", name=name),
        also_disabled=1,
    )


def remove_category(n_clicks, category_id, refresh):
    require_click(n_clicks)
    return remove_node(
        delete_category,
        category_id,
        refresh,
        deleted=_("Category deleted."),
        new_title=_("New category"),
        refused_color="warning",
        also_disabled=1,
    )


# --- attributes ---------------------------------------------------------------------


def _attribute_summary(attribute: dict) -> str:
    parts = [_(ATTRIBUTE_TYPE_LABELS.get(attribute["attribute_type"], ""))]
    if attribute["options"]:
        parts.append(" / ".join(attribute["options"]))
    if attribute["required"]:
        parts.append(_("Required"))
    return " · ".join(parts)


def load_attributes(category_id, _refresh):
    """The selected category's own attributes (click to edit) and the ones it
    inherits from its parents (read-only here)."""
    category = parse_int(category_id)
    if category is None:
        return html.P(
            _("Select or save a category to define its attributes."),
            className="text-muted small mb-0",
        )
    with read_session() as session:
        attributes = category_attributes(session, category)
    own = [a for a in attributes if a["category_id"] == category]
    inherited = [a for a in attributes if a["category_id"] != category]
    children = []
    if own:
        children.append(
            dbc.ListGroup(
                [
                    dbc.ListGroupItem(
                        [
                            html.Span(a["name"], className="fw-semibold"),
                            html.Small(
                                _attribute_summary(a), className="text-muted ms-2"
                            ),
                        ],
                        id={"type": ids.ATTR_ROW, "index": a["id"]},
                        action=True,
                        n_clicks=0,
                    )
                    for a in own
                ],
                flush=True,
            )
        )
    else:
        children.append(
            html.P(_("No attributes of its own."), className="text-muted small")
        )
    if inherited:
        children.append(
            html.Div(
                [
                    html.Small(
                        _("Inherited from parent categories:"), className="me-1"
                    ),
                    html.Small(", ".join(a["name"] for a in inherited)),
                ],
                className="text-muted mt-2",
            )
        )
    return children


def open_attribute(_row_clicks, _new_clicks, _cancel_clicks, category_id):
    """Open the dialog empty (new) or filled from the clicked attribute; Cancel
    closes it."""
    trigger = ctx.triggered_id
    if trigger == ids.ATTR_CANCEL:
        return (False,) + (no_update,) * 16
    if trigger == ids.ATTR_NEW:
        attribute = None
    elif isinstance(trigger, dict) and ctx.triggered[0]["value"]:
        attr_id = parse_int(trigger["index"])
        with read_session() as session:
            attributes = category_attributes(session, parse_int(category_id))
        attribute = next((a for a in attributes if a["id"] == attr_id), None)
        if attribute is None:
            raise PreventUpdate
    else:
        raise PreventUpdate
    if attribute is None:
        values = ("", "text", "", 0)
        title = _("New attribute")
    else:
        values = (
            attribute["name"],
            attribute["attribute_type"],
            "\n".join(attribute["options"]),
            attribute["sort_order"],
        )
        title = _("Edit attribute: {name}", name=attribute["name"])
    return (
        True,
        attribute["id"] if attribute else None,
        title,
        *values,
        bool(attribute and attribute["required"]),
        {} if attribute else {"display": "none"},
        None,
        *field_feedback({}, ATTR_FIELDS),
    )


def save_attribute(n_clicks, category_id, attr_id, refresh, required, *values):
    require_click(n_clicks)
    name, kind, options, sort_order = values
    order, errors = whole_number(sort_order, "attr_sort_order")
    data = AttributeIn(
        category_id=parse_int(category_id),
        name=name,
        attribute_type=kind,
        options=(options or "").splitlines(),
        required=bool(required),
        sort_order=order,
    )
    try:
        if errors:
            raise ValidationFailed(errors)
        with unit_of_work() as session:
            actor = current_actor()
            if parse_int(attr_id):
                update_attribute(session, actor, parse_int(attr_id), data)
            else:
                create_attribute(session, actor, data)
    except ValidationFailed as error:
        shown = {ATTR_ERROR_KEYS.get(k, k): v for k, v in error.errors.items()}
        return (
            *field_feedback(shown, ATTR_FIELDS),
            error_alert(error),
            True,
            no_update,
        )
    except ServiceError as error:
        return (*field_feedback({}, ATTR_FIELDS), error_alert(error), True, no_update)
    return (*field_feedback({}, ATTR_FIELDS), None, False, (refresh or 0) + 1)


def remove_attribute(n_clicks, attr_id, refresh):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            delete_attribute(session, current_actor(), parse_int(attr_id) or 0)
    except ServiceError as error:
        return error_alert(error), True, no_update
    return None, False, (refresh or 0) + 1


def register(app: Dash) -> None:
    register_tree_editor(
        app,
        ids,
        node_store=ids.CATEGORY_ID,
        option_fields=("parent_id",),
        also_disabled=(ids.ATTR_NEW,),
        load_tree=load_tree,
        select=select_category,
        save=save_category,
        remove=remove_category,
    )
    app.callback(
        Output(ids.ATTRIBUTES, "children"),
        Input(ids.CATEGORY_ID, "data"),
        Input(ids.REFRESH, "data"),
    )(load_attributes)
    app.callback(
        Output(ids.ATTR_MODAL, "is_open"),
        Output(ids.ATTR_ID, "data"),
        Output(ids.ATTR_TITLE, "children"),
        *[Output(ids.field(name), "value") for name in ATTR_FIELDS],
        Output(ids.ATTR_REQUIRED, "value"),
        Output(ids.ATTR_DELETE, "style"),
        Output(ids.ATTR_MESSAGE, "children"),
        *[Output(ids.field(name), "invalid") for name in ATTR_FIELDS],
        *[Output(ids.feedback(name), "children") for name in ATTR_FIELDS],
        Input({"type": ids.ATTR_ROW, "index": ALL}, "n_clicks"),
        Input(ids.ATTR_NEW, "n_clicks"),
        Input(ids.ATTR_CANCEL, "n_clicks"),
        State(ids.CATEGORY_ID, "data"),
        prevent_initial_call=True,
    )(open_attribute)
    app.callback(
        *[
            Output(ids.field(name), "invalid", allow_duplicate=True)
            for name in ATTR_FIELDS
        ],
        *[
            Output(ids.feedback(name), "children", allow_duplicate=True)
            for name in ATTR_FIELDS
        ],
        Output(ids.ATTR_MESSAGE, "children", allow_duplicate=True),
        Output(ids.ATTR_MODAL, "is_open", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.ATTR_SAVE, "n_clicks"),
        State(ids.CATEGORY_ID, "data"),
        State(ids.ATTR_ID, "data"),
        State(ids.REFRESH, "data"),
        State(ids.ATTR_REQUIRED, "value"),
        *[State(ids.field(name), "value") for name in ATTR_FIELDS],
        prevent_initial_call=True,
    )(save_attribute)
    app.callback(
        Output(ids.ATTR_MESSAGE, "children", allow_duplicate=True),
        Output(ids.ATTR_MODAL, "is_open", allow_duplicate=True),
        Output(ids.REFRESH, "data", allow_duplicate=True),
        Input(ids.ATTR_DELETE, "n_clicks"),
        State(ids.ATTR_ID, "data"),
        State(ids.REFRESH, "data"),
        prevent_initial_call=True,
    )(remove_attribute)
