"""Contacts: people at a customer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, Json, created_at, int_pk, prefix_index, utcnow


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        prefix_index("contacts", "name_normalized"),
        prefix_index("contacts", "mobile_normalized"),
        # Work statistics count new contacts by their creator.
        Index("ix_contacts_creator_created", "created_by_id", "created_at"),
    )

    id: Mapped[int_pk]
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    name_normalized: Mapped[str] = mapped_column(String(100))
    mobile: Mapped[str | None] = mapped_column(String(30))
    mobile_normalized: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    birthday: Mapped[dt.date | None] = mapped_column(Date)
    remark: Mapped[str | None] = mapped_column(Text)
    # Admin-defined fields: {field id (text): value} (models/custom_field.py).
    custom_values: Mapped[dict] = mapped_column(Json, default=dict, server_default="{}")
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at] = mapped_column(index=True)
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
