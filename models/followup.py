"""Follow-ups: logged interactions with a customer (optionally one contact)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, created_at, int_pk


class FollowUp(Base):
    __tablename__ = "followups"
    __table_args__ = (
        Index("ix_followups_customer_occurred", "customer_id", "occurred_at"),
        Index("ix_followups_author_occurred", "author_id", "occurred_at"),
    )

    id: Mapped[int_pk]
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    followup_type: Mapped[str] = mapped_column(String(50))
    content: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    next_followup_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    author_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
