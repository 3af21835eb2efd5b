"""Admin-editable option lists (sources, industries, levels, follow-up types)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, int_pk

DICTIONARY_KINDS = (
    "customer_source",
    "industry",
    "customer_level",
    "followup_type",
    "product_unit",
    "payment_method",
)


class DictionaryEntry(Base):
    __tablename__ = "dictionary_entries"
    __table_args__ = (UniqueConstraint("kind", "code"),)

    id: Mapped[int_pk]
    kind: Mapped[str] = mapped_column(String(30))
    code: Mapped[str] = mapped_column(String(50))
    label_en: Mapped[str] = mapped_column(String(100))
    label_zh: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Disabled entries stay readable on old records but are not offered in forms.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
