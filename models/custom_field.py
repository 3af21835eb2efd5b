"""Admin-defined custom fields of customers, contacts, leads and opportunities.

A record keeps its values in its own `custom_values` JSON column, keyed by the
field id as text: {"12": "Gold", "13": ["a", "b"], "14": "2024-05-01"}. Numbers are
stored as decimal text ("1250.5") and dates as ISO text, so values round-trip
exactly and ISO dates compare correctly as text in SQL.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Json, created_at, int_pk

CUSTOM_FIELD_ENTITIES = ("customer", "contact", "lead", "opportunity")
CUSTOM_FIELD_TYPES = ("text", "number", "date", "single", "multi")


class CustomField(Base):
    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("entity", "code"),)

    id: Mapped[int_pk]
    entity: Mapped[str] = mapped_column(String(20))
    # Fixed once created: import files and exports may name the field by it.
    code: Mapped[str] = mapped_column(String(50))
    label_en: Mapped[str] = mapped_column(String(100))
    label_zh: Mapped[str] = mapped_column(String(100))
    # Fixed once created: stored values were checked against it.
    field_type: Mapped[str] = mapped_column(String(10))
    # The choices of single / multi choice fields, in display order.
    options: Mapped[list] = mapped_column(Json, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Disabled fields leave forms and lists; stored values stay readable on detail.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created_at]
