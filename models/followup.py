"""Follow-ups: logged interactions with a customer (optionally one contact) or a
lead; exactly one of customer_id / lead_id is set. A follow-up about an
opportunity or a contract also names it (and still its customer), so the
customer's timeline shows everything."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, created_at, int_pk


class FollowUp(Base):
    __tablename__ = "followups"
    __table_args__ = (
        Index("ix_followups_customer_occurred", "customer_id", "occurred_at"),
        Index("ix_followups_author_occurred", "author_id", "occurred_at"),
        Index("ix_followups_lead_occurred", "lead_id", "occurred_at"),
        Index("ix_followups_opportunity_occurred", "opportunity_id", "occurred_at"),
        Index("ix_followups_contract_occurred", "contract_id", "occurred_at"),
        # The latest follow-ups of a wide scope (home page): newest first.
        Index("ix_followups_occurred", "occurred_at"),
        CheckConstraint(
            "(customer_id IS NULL) <> (lead_id IS NULL)", name="one_parent"
        ),
    )

    id: Mapped[int_pk]
    customer_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="CASCADE")
    )
    lead_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("leads.id", ondelete="CASCADE")
    )
    opportunity_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("opportunities.id", ondelete="SET NULL")
    )
    contract_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("contracts.id", ondelete="SET NULL")
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
