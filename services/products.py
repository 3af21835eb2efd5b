"""Products: list with filters, detail, create/edit with attribute values checked
against the category, put on/off sale, delete when no deal uses the product.

Products are company-wide reference data: every logged-in user reads them; only
PRODUCT_MANAGE changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import AuditLog, ContractLine, OpportunityLine, Product, ProductCategory
from services.actor import Actor
from services.audit import changed_fields, record_audit
from services.audit import snapshot as column_snapshot
from services.customers import stale_conflict
from services.dictionaries import active_codes, labels, options
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean, normalize_name
from services.org import user_names
from services.paging import Page, clamp_page, count_rows
from services.permissions import PRODUCT_MANAGE
from services.product_categories import (
    attribute_display,
    category_attributes,
    category_paths,
    clean_attribute_values,
    subtree_ids,
)
from services.product_lines import parse_decimal, product_search_clause

OBJECT_TYPE = "product"
UNIT_KIND = "product_unit"
CODE_TAKEN = N_("Another product already uses this code.")
IN_USE = N_(
    "Opportunities or contracts use this product, so it cannot be deleted: "
    "take it off sale instead."
)

SORT_COLUMNS = {
    "name": Product.name_normalized,
    "code": Product.code,
    "price": Product.price,
    "updated": Product.updated_at,
    "created": Product.created_at,
}


@dataclass(frozen=True)
class ProductIn:
    name: str | None = None
    code: str | None = None
    category_id: int | None = None
    unit: str | None = None
    # Raw input ("1,200.50", Decimal, None); parsed and checked here.
    price: object = None
    on_sale: bool = True
    # {attribute id (str): raw value}; a list for multi-choice attributes.
    attribute_values: dict[str, object] = field(default_factory=dict)
    description: str | None = None


@dataclass(frozen=True)
class ProductFilter:
    search: str | None = None
    category_id: int | None = None  # includes its sub-categories
    on_sale: bool | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    sort: str = "updated"
    descending: bool = True
    page: int = 1
    page_size: int = 20


# --- reading --------------------------------------------------------------------


def get_product(
    session: Session, actor: Actor, product_id: int, *, for_update: bool = False
) -> Product:
    """Raises NotFound."""
    query = select(Product).where(Product.id == product_id)
    if for_update:
        # The version check that follows must see the committed row.
        query = query.with_for_update().execution_options(populate_existing=True)
    product = session.scalar(query)
    if product is None:
        raise NotFound()
    return product


def filtered_products(session: Session, flt: ProductFilter):
    query = select(Product)
    term = clean(flt.search)
    if term:
        query = query.where(product_search_clause(term))
    if flt.category_id is not None:
        query = query.where(
            Product.category_id.in_(subtree_ids(session, flt.category_id))
        )
    if flt.on_sale is not None:
        query = query.where(Product.on_sale.is_(flt.on_sale))
    if flt.price_min is not None:
        query = query.where(Product.price >= flt.price_min)
    if flt.price_max is not None:
        query = query.where(Product.price <= flt.price_max)
    return query


def list_products(session: Session, actor: Actor, flt: ProductFilter) -> Page:
    """One page of products (every logged-in user may list them)."""
    page, size = clamp_page(flt.page, flt.page_size)
    query = filtered_products(session, flt)
    total = count_rows(session, query)
    sort_column = SORT_COLUMNS.get(flt.sort, Product.updated_at)
    order = sort_column.desc() if flt.descending else sort_column.asc()
    products = session.scalars(
        query.order_by(order.nulls_last(), Product.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    paths = category_paths(session)
    unit_labels = labels(session, actor.language)
    return Page(
        [product_row(p, paths, unit_labels) for p in products], total, page, size
    )


def product_row(
    product: Product, paths: dict[int, str], unit_labels: dict[tuple[str, str], str]
) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "code": product.code or "",
        "category_id": product.category_id,
        "category": paths.get(product.category_id, ""),
        "unit": product.unit,
        "unit_label": unit_labels.get((UNIT_KIND, product.unit), product.unit),
        "price": product.price,
        "on_sale": product.on_sale,
        "updated_at": product.updated_at,
    }


def product_usage(session: Session, product_id: int) -> dict[str, int]:
    """How many opportunity and contract lines use the product."""
    return {
        "opportunity_lines": session.scalar(
            select(func.count()).where(OpportunityLine.product_id == product_id)
        )
        or 0,
        "contract_lines": session.scalar(
            select(func.count()).where(ContractLine.product_id == product_id)
        )
        or 0,
    }


def product_detail(session: Session, actor: Actor, product_id: int) -> dict[str, Any]:
    """Product fields with category path, unit label, attribute values in
    definition order, usage counts and who created it. Raises NotFound."""
    product = get_product(session, actor, product_id)
    attributes = category_attributes(session, product.category_id)
    usage = product_usage(session, product.id)
    names = user_names(
        session, {product.created_by_id} if product.created_by_id else set()
    )
    unit_labels = labels(session, actor.language)
    return column_snapshot(product) | {
        "price": product.price,
        "version": product.version,
        "category": category_paths(session).get(product.category_id, ""),
        "unit_label": unit_labels.get((UNIT_KIND, product.unit), product.unit),
        "attributes": attribute_display(attributes, product.attribute_values),
        "attribute_values": dict(product.attribute_values or {}),
        "created_by": names.get(product.created_by_id or 0, ""),
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "usage": usage,
        "deletable": not any(usage.values()),
    }


def unit_options(
    session: Session, language: str, *, include_code: str | None = None
) -> list[dict[str, str]]:
    """Active units for a form select ({label, value})."""
    return options(session, UNIT_KIND, language, include_code=include_code)


# --- create / edit ----------------------------------------------------------------


def _field_errors(
    session: Session,
    data: ProductIn,
    *,
    product_id: int | None = None,
    current_unit: str | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """(cleaned values, {field: msgid}) of the whole form."""
    errors: dict[str, str] = {}
    name, code = clean(data.name), clean(data.code)
    description = clean(data.description)
    if not name:
        errors["name"] = N_("Name is required.")
    elif len(name) > 200:
        errors["name"] = N_("At most 200 characters.")
    if code and len(code) > 50:
        errors["code"] = N_("At most 50 characters.")
    elif code and session.scalar(
        select(
            exists().where(
                func.lower(Product.code) == code.lower(),
                Product.id != (product_id or 0),
            )
        )
    ):
        errors["code"] = CODE_TAKEN
    category_id = data.category_id
    if category_id is None:
        errors["category_id"] = N_("Choose a category.")
    elif session.get(ProductCategory, category_id) is None:
        errors["category_id"] = N_("Unknown category.")
    unit = clean(data.unit)
    if not unit:
        errors["unit"] = N_("Choose a unit.")
    elif unit != current_unit and unit not in active_codes(session, UNIT_KIND):
        errors["unit"] = N_("Choose a value from the list.")
    price = None
    if data.price is not None and str(data.price).strip():
        price = parse_decimal(data.price)
        if price is None:
            errors["price"] = N_(
                "Enter a price between 0 and 999,999,999,999.99 "
                "(at most 2 decimal places)."
            )
    if description and len(description) > 2000:
        errors["description"] = N_("At most 2000 characters.")
    attributes = (
        category_attributes(session, category_id) if "category_id" not in errors else []
    )
    attribute_values, attribute_errors = clean_attribute_values(
        attributes, data.attribute_values
    )
    errors |= attribute_errors
    values = {
        "name": name,
        "name_normalized": normalize_name(name),
        "code": code,
        "category_id": category_id,
        "unit": unit,
        "price": price,
        "on_sale": bool(data.on_sale),
        "attribute_values": attribute_values,
        "description": description,
    }
    return values, errors


def snapshot(product: Product) -> dict[str, Any]:
    return column_snapshot(product)


def _flush_code(session: Session) -> None:
    """Flush; a concurrent save of the same code loses at the unique index."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:
        raise ValidationFailed({"code": CODE_TAKEN}) from error


def create_product(session: Session, actor: Actor, data: ProductIn) -> Product:
    """Raises PermissionDenied, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    values, errors = _field_errors(session, data)
    if errors:
        raise ValidationFailed(errors)
    product = Product(created_by_id=actor.user_id, **values)
    session.add(product)
    _flush_code(session)
    record_audit(
        session,
        actor,
        "product.create",
        OBJECT_TYPE,
        product.id,
        after=snapshot(product),
    )
    return product


def update_product(
    session: Session,
    actor: Actor,
    product_id: int,
    data: ProductIn,
    *,
    expected_version: int,
) -> Product:
    """Save an edit made on version `expected_version`.
    Raises PermissionDenied, NotFound, Conflict, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    product = get_product(session, actor, product_id, for_update=True)
    if product.version != expected_version:
        raise stale_conflict(
            session, OBJECT_TYPE, product.id, _last_editor(session, product)
        )
    values, errors = _field_errors(
        session, data, product_id=product.id, current_unit=product.unit
    )
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(product)
    for key, value in values.items():
        setattr(product, key, value)
    _flush_code(session)
    old, new = changed_fields(before, snapshot(product))
    if new:
        record_audit(
            session,
            actor,
            "product.update",
            OBJECT_TYPE,
            product.id,
            before=old,
            after=new,
        )
    return product


def _last_editor(session: Session, product: Product) -> int | None:
    """Who saved the product last (from the audit log; products keep no
    updated_by column)."""
    return session.scalar(
        select(AuditLog.actor_id)
        .where(AuditLog.object_type == OBJECT_TYPE, AuditLog.object_id == product.id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(1)
    )


def set_on_sale(
    session: Session, actor: Actor, product_ids: list[int], on_sale: bool
) -> int:
    """Put products on or off sale; returns how many changed (already in that
    state: unchanged). Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(PRODUCT_MANAGE)
    unique = list(dict.fromkeys(int(i) for i in product_ids))
    if not unique:
        raise ValidationFailed({"selection": N_("Select at least one product.")})
    products = [get_product(session, actor, i, for_update=True) for i in unique]
    changed = 0
    for product in products:
        if product.on_sale == on_sale:
            continue
        product.on_sale = on_sale
        changed += 1
        record_audit(
            session,
            actor,
            "product.on_sale" if on_sale else "product.off_sale",
            OBJECT_TYPE,
            product.id,
            before={"on_sale": not on_sale},
            after={"on_sale": on_sale},
        )
    session.flush()
    return changed


def delete_product(session: Session, actor: Actor, product_id: int) -> None:
    """Delete a product no opportunity or contract line uses.
    Raises PermissionDenied, NotFound, Conflict."""
    actor.require(PRODUCT_MANAGE)
    product = get_product(session, actor, product_id, for_update=True)
    if any(product_usage(session, product.id).values()):
        raise Conflict(IN_USE)
    before = snapshot(product)
    session.delete(product)
    session.flush()
    record_audit(
        session, actor, "product.delete", OBJECT_TYPE, product_id, before=before
    )
