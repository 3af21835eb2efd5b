"""Products: a category tree whose categories define attributes, and products
whose attribute values are validated against their category."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, Json, created_at, int_pk, utcnow

ATTRIBUTE_TYPES = ("text", "number", "single", "multi")


class ProductCategory(Base):
    __tablename__ = "product_categories"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("product_categories.id"), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[created_at]


class ProductAttribute(Base):
    """One attribute a category's products carry; `options` for single/multi."""

    __tablename__ = "product_attributes"

    id: Mapped[int_pk]
    category_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("product_categories.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    attribute_type: Mapped[str] = mapped_column(String(10))
    options: Mapped[list] = mapped_column(Json, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(200))
    name_normalized: Mapped[str] = mapped_column(String(200), index=True)
    code: Mapped[str | None] = mapped_column(String(50), unique=True)
    category_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("product_categories.id"), index=True
    )
    # A code of the product_unit dictionary.
    unit: Mapped[str] = mapped_column(String(50))
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    on_sale: Mapped[bool] = mapped_column(Boolean, default=True)
    # {attribute id (as text): value}; a list for multi-choice attributes.
    attribute_values: Mapped[dict] = mapped_column(Json, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
