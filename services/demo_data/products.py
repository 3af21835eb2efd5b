"""Demo product catalogue: a two-level category tree with attribute definitions
and about forty products (software, cloud, services, hardware), a few off sale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from models import Product, ProductAttribute, ProductCategory
from services.demo_data import vocabulary as vocab
from services.normalize import normalize_name


@dataclass(frozen=True)
class CatalogProduct:
    """What the deal generator needs to put a product on a line."""

    id: int
    code: str
    kind: str  # the leaf category key: licence, cloud, implementation...
    unit: str
    price: Decimal
    topic: str  # names a deal: 华信电子 + 销售管理系统 + 采购项目
    on_sale: bool


def add_catalog(
    session: Session, *, created_by_id: int, created_at: dt.datetime
) -> list[CatalogProduct]:
    """Insert the demo categories, attributes and products (flushed); returns the
    products in catalogue order."""
    attributes: dict[str, dict[str, ProductAttribute]] = {}
    leaves: dict[str, ProductCategory] = {}
    for order, (root_name, children) in enumerate(vocab.PRODUCT_CATEGORY_TREE):
        root = ProductCategory(name=root_name, sort_order=order, created_at=created_at)
        session.add(root)
        session.flush()
        for child_order, (name, key) in enumerate(children):
            leaf = ProductCategory(
                name=name,
                parent_id=root.id,
                sort_order=child_order,
                created_at=created_at,
            )
            session.add(leaf)
            session.flush()
            leaves[key] = leaf
            attributes[key] = {}
            for position, (attr_name, kind, options, required) in enumerate(
                vocab.PRODUCT_ATTRIBUTES[key]
            ):
                attribute = ProductAttribute(
                    category_id=leaf.id,
                    name=attr_name,
                    attribute_type=kind,
                    options=list(options),
                    required=required,
                    sort_order=position,
                )
                session.add(attribute)
                attributes[key][attr_name] = attribute
    session.flush()
    products = []
    for code, name, key, unit, price, on_sale, values, _topic in vocab.CATALOG:
        product = Product(
            name=name,
            name_normalized=normalize_name(name),
            code=code,
            category_id=leaves[key].id,
            unit=unit,
            price=Decimal(price),
            on_sale=on_sale,
            attribute_values={
                str(attributes[key][attr].id): value for attr, value in values.items()
            },
            description=vocab.PRODUCT_DESCRIPTIONS[key],
            created_by_id=created_by_id,
            created_at=created_at,
            updated_at=created_at,
        )
        session.add(product)
        products.append(product)
    session.flush()
    return [
        CatalogProduct(product.id, code, key, unit, Decimal(price), topic, on_sale)
        for product, (code, _, key, unit, price, on_sale, _, topic) in zip(
            products, vocab.CATALOG, strict=True
        )
    ]
