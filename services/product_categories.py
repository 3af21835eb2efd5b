"""Product category tree and the attributes each category defines.

A product carries the attributes of its category and of the category's ancestors
(a "Laptops" product under "Hardware" also has Hardware's "Warranty (years)").
Everyone logged in reads categories; only PRODUCT_MANAGE changes them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Product, ProductAttribute, ProductCategory
from models.product import ATTRIBUTE_TYPES
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.permissions import PRODUCT_MANAGE
from services.product_lines import parse_decimal

OBJECT_TYPE = "product_category"
MAX_SORT_ORDER = 1_000_000
MAX_OPTIONS = 100
CHOICE_TYPES = ("single", "multi")
# Number attributes: up to 4 decimals, within ±10^12.
NUMBER_LIMIT = Decimal("999999999999.9999")


@dataclass(frozen=True)
class CategoryIn:
    name: str | None = None
    parent_id: int | None = None
    sort_order: int = 0


@dataclass(frozen=True)
class AttributeIn:
    category_id: int | None = None
    name: str | None = None
    attribute_type: str | None = "text"
    # single / multi choice: the choices in order (duplicates and blanks dropped)
    options: tuple[str, ...] | list[str] = ()
    required: bool = False
    sort_order: int = 0


@dataclass(frozen=True)
class CategoryNode:
    """One category of the tree, depth-first: `depth` 0 for roots."""

    id: int
    name: str
    path: str  # "Hardware / Laptops"
    parent_id: int | None
    sort_order: int
    depth: int
    product_count: int  # products directly in this category
    child_count: int
    attribute_count: int


# --- reading ------------------------------------------------------------------


def _children(session: Session) -> dict[int | None, list[ProductCategory]]:
    children: dict[int | None, list[ProductCategory]] = defaultdict(list)
    for category in session.scalars(
        select(ProductCategory).order_by(
            ProductCategory.sort_order, ProductCategory.name, ProductCategory.id
        )
    ):
        children[category.parent_id].append(category)
    return children


def category_tree(session: Session, actor: Actor) -> list[CategoryNode]:
    """Every category, depth-first in sort order, with usage counts (any logged-in
    user may read it)."""
    children = _children(session)
    products = dict(
        session.execute(
            select(Product.category_id, func.count()).group_by(Product.category_id)
        ).all()
    )
    attributes = dict(
        session.execute(
            select(ProductAttribute.category_id, func.count()).group_by(
                ProductAttribute.category_id
            )
        ).all()
    )
    nodes: list[CategoryNode] = []

    def walk(category: ProductCategory, depth: int, parent_path: str) -> None:
        path = f"{parent_path} / {category.name}" if parent_path else category.name
        nodes.append(
            CategoryNode(
                id=category.id,
                name=category.name,
                path=path,
                parent_id=category.parent_id,
                sort_order=category.sort_order or 0,
                depth=depth,
                product_count=products.get(category.id, 0),
                child_count=len(children.get(category.id, ())),
                attribute_count=attributes.get(category.id, 0),
            )
        )
        for child in children.get(category.id, ()):
            walk(child, depth + 1, path)

    for root in children.get(None, ()):
        walk(root, 0, "")
    return nodes


def category_options(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """{label: full path, value: id} of every category, tree order."""
    return [
        {"label": node.path, "value": node.id} for node in category_tree(session, actor)
    ]


def category_paths(session: Session) -> dict[int, str]:
    """{category id: "Parent / Child"} for every category."""
    categories = {c.id: c for c in session.scalars(select(ProductCategory))}
    paths: dict[int, str] = {}

    def path(category_id: int, seen: frozenset[int] = frozenset()) -> str:
        if category_id in paths:
            return paths[category_id]
        category = categories[category_id]
        parent = category.parent_id
        if parent is None or parent not in categories or parent in seen:
            paths[category_id] = category.name
        else:
            prefix = path(parent, seen | {category_id})
            paths[category_id] = f"{prefix} / {category.name}"
        return paths[category_id]

    for category_id in categories:
        path(category_id)
    return paths


def subtree_ids(session: Session, category_id: int) -> set[int]:
    """The category and all of its descendants."""
    children = {
        parent: [c.id for c in kids] for parent, kids in _children(session).items()
    }
    found, stack = set(), [category_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, ()))
    return found


def ancestor_ids(session: Session, category_id: int) -> list[int]:
    """The category's ancestors root first, then the category itself."""
    parents = dict(
        session.execute(select(ProductCategory.id, ProductCategory.parent_id)).all()
    )
    chain: list[int] = []
    current: int | None = category_id
    while current is not None and current in parents and current not in chain:
        chain.append(current)
        current = parents[current]
    return chain[::-1]


def get_category(session: Session, actor: Actor, category_id: int) -> ProductCategory:
    """Raises NotFound."""
    category = session.get(ProductCategory, category_id)
    if category is None:
        raise NotFound()
    return category


def attribute_row(attribute: ProductAttribute) -> dict[str, Any]:
    return {
        "id": attribute.id,
        "category_id": attribute.category_id,
        "name": attribute.name,
        "attribute_type": attribute.attribute_type,
        "options": list(attribute.options or []),
        "required": bool(attribute.required),
        "sort_order": attribute.sort_order or 0,
    }


def category_attributes(
    session: Session, category_id: int | None, *, inherited: bool = True
) -> list[dict[str, Any]]:
    """Attribute definitions a product of the category carries: the ancestors'
    first (root down), then the category's own; each in sort order. An unknown or
    missing category has none."""
    if category_id is None:
        return []
    chain = ancestor_ids(session, category_id) if inherited else [category_id]
    if not chain:
        return []
    rank = {cid: position for position, cid in enumerate(chain)}
    attributes = session.scalars(
        select(ProductAttribute)
        .where(ProductAttribute.category_id.in_(chain))
        .order_by(ProductAttribute.sort_order, ProductAttribute.id)
    ).all()
    ordered = sorted(attributes, key=lambda a: rank[a.category_id])
    return [attribute_row(a) for a in ordered]


# --- attribute values -----------------------------------------------------------


def _is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list | tuple) and not value)
    )


def check_attribute_value(
    attribute: dict[str, Any], value: object
) -> tuple[object, str | None]:
    """(cleaned value or None when blank, msgid of the problem)."""
    if _is_blank(value):
        if attribute["required"]:
            return None, N_("This attribute is required.")
        return None, None
    kind, options = attribute["attribute_type"], attribute["options"]
    if kind == "text":
        text = str(value).strip()
        if len(text) > 500:
            return None, N_("At most 500 characters.")
        return text, None
    if kind == "number":
        text = str(value).strip()
        negative = text.startswith("-")
        number = parse_decimal(
            text[1:] if negative else text, maximum=NUMBER_LIMIT, places=4
        )
        if number is None:
            return None, N_("Enter a number (at most 4 decimal places).")
        number = -number if negative else number
        return format(number.normalize(), "f"), None
    if kind == "single":
        choice = str(value)
        if choice not in options:
            return None, N_("Choose a value from the list.")
        return choice, None
    chosen = [value] if isinstance(value, str) else list(value)
    if any(not isinstance(v, str) or v not in options for v in chosen):
        return None, N_("Choose values from the list.")
    # Keep the definition's order, without duplicates.
    return [option for option in options if option in chosen], None


def clean_attribute_values(
    attributes: list[dict[str, Any]], values: dict[str, object] | None
) -> tuple[dict[str, object], dict[str, str]]:
    """Values checked against the definitions: ({attr id: value}, {"attr_<id>":
    msgid}). Values of attributes the category does not define are dropped."""
    values = values or {}
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for attribute in attributes:
        key = str(attribute["id"])
        value, problem = check_attribute_value(attribute, values.get(key))
        if problem:
            errors[f"attr_{key}"] = problem
        elif value is not None:
            cleaned[key] = value
    return cleaned, errors


def attribute_display(
    attributes: list[dict[str, Any]], values: dict[str, object] | None
) -> list[dict[str, Any]]:
    """[{id, name, value (text)}] of a product, in definition order."""
    values = values or {}
    rows = []
    for attribute in attributes:
        value = values.get(str(attribute["id"]))
        text = "、".join(value) if isinstance(value, list) else (value or "")
        rows.append({"id": attribute["id"], "name": attribute["name"], "value": text})
    return rows


# --- categories -----------------------------------------------------------------


def _category_errors(
    session: Session, data: CategoryIn, name: str | None, category_id: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name or len(name) > 100:
        errors["name"] = N_("Enter a name of 1 to 100 characters.")
    elif session.scalar(
        select(ProductCategory.id).where(
            func.lower(ProductCategory.name) == name.lower(),
            ProductCategory.parent_id.is_(None)
            if data.parent_id is None
            else ProductCategory.parent_id == data.parent_id,
            ProductCategory.id != (category_id or 0),
        )
    ):
        errors["name"] = N_("A category with this name already exists here.")
    if data.parent_id is not None:
        if session.get(ProductCategory, data.parent_id) is None:
            errors["parent_id"] = N_("Unknown category.")
        elif category_id is not None and data.parent_id in subtree_ids(
            session, category_id
        ):
            errors["parent_id"] = N_(
                "A category cannot be moved under itself or one of its sub-categories."
            )
    if not -MAX_SORT_ORDER <= (data.sort_order or 0) <= MAX_SORT_ORDER:
        errors["sort_order"] = N_("Enter a number between -1000000 and 1000000.")
    return errors


def create_category(
    session: Session, actor: Actor, data: CategoryIn
) -> ProductCategory:
    """A new category under `data.parent_id` (None: a root).
    Raises PermissionDenied, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    name = clean(data.name)
    errors = _category_errors(session, data, name, None)
    if errors:
        raise ValidationFailed(errors)
    category = ProductCategory(
        name=name, parent_id=data.parent_id, sort_order=data.sort_order or 0
    )
    session.add(category)
    session.flush()
    record_audit(
        session,
        actor,
        "product_category.create",
        OBJECT_TYPE,
        category.id,
        after=snapshot(category),
    )
    return category


def update_category(
    session: Session, actor: Actor, category_id: int, data: CategoryIn
) -> ProductCategory:
    """Rename, move (never under itself or a sub-category) and reorder.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    category = get_category(session, actor, category_id)
    name = clean(data.name)
    errors = _category_errors(session, data, name, category.id)
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(category)
    category.name = name
    category.parent_id = data.parent_id
    category.sort_order = data.sort_order or 0
    session.flush()
    old, new = changed_fields(before, snapshot(category))
    if new:
        record_audit(
            session,
            actor,
            "product_category.update",
            OBJECT_TYPE,
            category.id,
            before=old,
            after=new,
        )
    return category


def delete_category(session: Session, actor: Actor, category_id: int) -> None:
    """Delete a category without products and sub-categories (its attribute
    definitions go with it). Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    category = get_category(session, actor, category_id)
    errors: dict[str, str] = {}
    if session.scalar(
        select(func.count()).where(ProductCategory.parent_id == category.id)
    ):
        errors["sub_categories"] = N_(
            "The category still has sub-categories: move or delete them first."
        )
    if session.scalar(select(func.count()).where(Product.category_id == category.id)):
        errors["products"] = N_(
            "The category still has products: move them to another category first."
        )
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(category)
    before["attributes"] = [
        a["name"] for a in category_attributes(session, category.id, inherited=False)
    ]
    for attribute in session.scalars(
        select(ProductAttribute).where(ProductAttribute.category_id == category.id)
    ):
        session.delete(attribute)
    session.delete(category)
    session.flush()
    record_audit(
        session,
        actor,
        "product_category.delete",
        OBJECT_TYPE,
        category_id,
        before=before,
    )


# --- attribute definitions ------------------------------------------------------


def _clean_options(options) -> list[str]:
    cleaned = [clean(str(o)) for o in (options or ())]
    return list(dict.fromkeys(o for o in cleaned if o))


def _attribute_errors(
    session: Session,
    data: AttributeIn,
    name: str | None,
    options: list[str],
    attribute_id: int | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name or len(name) > 100:
        errors["name"] = N_("Enter a name of 1 to 100 characters.")
    elif data.category_id is not None and name.lower() in {
        a["name"].lower()
        for a in category_attributes(session, data.category_id)
        if a["id"] != attribute_id
    }:
        errors["name"] = N_("This category already has an attribute with this name.")
    if data.attribute_type not in ATTRIBUTE_TYPES:
        errors["attribute_type"] = N_("Choose a value from the list.")
    elif data.attribute_type in CHOICE_TYPES:
        if not options:
            errors["options"] = N_("Enter at least one option, one per line.")
        elif len(options) > MAX_OPTIONS or any(len(o) > 100 for o in options):
            errors["options"] = N_(
                "At most 100 options of at most 100 characters each."
            )
    if not -MAX_SORT_ORDER <= (data.sort_order or 0) <= MAX_SORT_ORDER:
        errors["sort_order"] = N_("Enter a number between -1000000 and 1000000.")
    return errors


def _attribute_audit(attribute: ProductAttribute) -> dict[str, Any]:
    return snapshot(attribute)


def create_attribute(
    session: Session, actor: Actor, data: AttributeIn
) -> ProductAttribute:
    """A new attribute definition on a category.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    category = get_category(session, actor, data.category_id or 0)
    name = clean(data.name)
    options = _clean_options(data.options)
    errors = _attribute_errors(session, data, name, options, None)
    if errors:
        raise ValidationFailed(errors)
    attribute = ProductAttribute(
        category_id=category.id,
        name=name,
        attribute_type=data.attribute_type,
        options=options if data.attribute_type in CHOICE_TYPES else [],
        required=bool(data.required),
        sort_order=data.sort_order or 0,
    )
    session.add(attribute)
    session.flush()
    record_audit(
        session,
        actor,
        "product_category.attribute_create",
        OBJECT_TYPE,
        category.id,
        after=_attribute_audit(attribute),
    )
    return attribute


def _attribute(session: Session, attribute_id: int) -> ProductAttribute:
    attribute = session.get(ProductAttribute, attribute_id)
    if attribute is None:
        raise NotFound()
    return attribute


def update_attribute(
    session: Session, actor: Actor, attribute_id: int, data: AttributeIn
) -> ProductAttribute:
    """Change an attribute definition (its category stays). Products keep their
    stored values; a value that no longer fits is reported when the product is
    next saved. Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    attribute = _attribute(session, attribute_id)
    data = AttributeIn(
        category_id=attribute.category_id,
        name=data.name,
        attribute_type=data.attribute_type,
        options=data.options,
        required=data.required,
        sort_order=data.sort_order,
    )
    name = clean(data.name)
    options = _clean_options(data.options)
    errors = _attribute_errors(session, data, name, options, attribute.id)
    if errors:
        raise ValidationFailed(errors)
    before = _attribute_audit(attribute)
    attribute.name = name
    attribute.attribute_type = data.attribute_type
    attribute.options = options if data.attribute_type in CHOICE_TYPES else []
    attribute.required = bool(data.required)
    attribute.sort_order = data.sort_order or 0
    session.flush()
    old, new = changed_fields(before, _attribute_audit(attribute))
    if new:
        record_audit(
            session,
            actor,
            "product_category.attribute_update",
            OBJECT_TYPE,
            attribute.category_id,
            before={"attribute_id": attribute.id} | old,
            after={"attribute_id": attribute.id} | new,
        )
    return attribute


def delete_attribute(session: Session, actor: Actor, attribute_id: int) -> None:
    """Remove an attribute definition; products' values for it are no longer
    shown and are dropped when each product is next saved.
    Raises PermissionDenied, NotFound."""
    actor.require(PRODUCT_MANAGE)
    attribute = _attribute(session, attribute_id)
    before = _attribute_audit(attribute)
    category_id = attribute.category_id
    session.delete(attribute)
    session.flush()
    record_audit(
        session,
        actor,
        "product_category.attribute_delete",
        OBJECT_TYPE,
        category_id,
        before=before,
    )
