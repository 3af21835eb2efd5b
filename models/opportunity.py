"""Opportunities (商机): a potential deal of one customer, moving through
admin-configured stages; every stage change is kept for funnel analytics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, Json, created_at, int_pk, utcnow

# open stages carry the deal forward; one "won" and one "lost" stage end it.
STAGE_OUTCOMES = ("open", "won", "lost")
OPPORTUNITY_STATUSES = STAGE_OUTCOMES


class OpportunityStage(Base):
    __tablename__ = "opportunity_stages"

    id: Mapped[int_pk]
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))
    # Win probability in percent (0–100): weighted pipeline = amount × probability.
    probability: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(10), default="open")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Opportunity(Base):
    __tablename__ = "opportunities"
    __table_args__ = (
        Index("ix_opportunities_owner_updated", "owner_id", "updated_at"),
        Index("ix_opportunities_updated", "updated_at", "id"),  # all-scope lists
        Index("ix_opportunities_owner_stage", "owner_id", "stage_id"),
        Index("ix_opportunities_owner_close", "owner_id", "expected_close_date"),
        # Work statistics count new ones by creator; rankings won ones by owner.
        Index("ix_opportunities_creator_created", "created_by_id", "created_at"),
        Index("ix_opportunities_owner_closed", "owner_id", "closed_at"),
        # The month-end forecast: open ones expected to close in the month.
        Index(
            "ix_opportunities_status_close", "status", "expected_close_date", "owner_id"
        ),
        # The funnel: those won or lost since a day, and one stage's largest,
        # from here alone.
        Index(
            "ix_opportunities_stage_changed",
            "stage_id",
            "stage_changed_at",
            "owner_id",
            "amount",
            "customer_id",
            "id",
        ),
    )

    id: Mapped[int_pk]
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    name_normalized: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    expected_close_date: Mapped[dt.date | None] = mapped_column(Date)
    stage_id: Mapped[int] = mapped_column(BigId, ForeignKey("opportunity_stages.id"))
    # Mirrors the stage's outcome: lists and analytics filter on it directly.
    status: Mapped[str] = mapped_column(String(10), default="open")
    owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    stage_changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The stages its moves went to (models/opportunity_visits.py).
    visited_stages: Mapped[str | None] = mapped_column(String(200))
    # Why it was won or lost (required when closing).
    close_reason: Mapped[str | None] = mapped_column(Text)
    remark: Mapped[str | None] = mapped_column(Text)
    # Admin-defined fields: {field id (text): value} (models/custom_field.py).
    custom_values: Mapped[dict] = mapped_column(Json, default=dict, server_default="{}")
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class OpportunityLine(Base):
    __tablename__ = "opportunity_lines"

    id: Mapped[int_pk]
    opportunity_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("products.id"), index=True
    )
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    # Percent off the line (0–100).
    discount: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0))
    subtotal: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class OpportunityContact(Base):
    """A contact of the opportunity's customer involved in the deal."""

    __tablename__ = "opportunity_contacts"

    opportunity_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )


class OpportunityStageChange(Base):
    """One stage move (from → to, when, by whom): funnel and velocity analytics."""

    __tablename__ = "opportunity_stage_changes"
    __table_args__ = (
        # The funnel reads an opportunity's moves (where to, when, until when)
        # from the index alone.
        Index(
            "ix_opportunity_stage_changes_opp_at",
            "opportunity_id",
            "changed_at",
            "to_stage_id",
            "left_at",
        ),
        Index("ix_opportunity_stage_changes_to_at", "to_stage_id", "changed_at"),
        # A customer's moves, when it goes to or leaves the recycle bin.
        Index("ix_opportunity_stage_changes_customer", "customer_id"),
    )

    id: Mapped[int_pk]
    opportunity_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("opportunities.id", ondelete="CASCADE")
    )
    # NULL on the first row: the stage the opportunity was created in.
    from_stage_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("opportunity_stages.id")
    )
    to_stage_id: Mapped[int] = mapped_column(BigId, ForeignKey("opportunity_stages.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # When the next move took it on (NULL while it holds the stage): the funnel's
    # days in a stage without numbering every move (services/analytics/funnel.py).
    left_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    changed_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    # Copies of the opportunity's (models/move_opportunity.py).
    opportunity_owner_id: Mapped[int | None] = mapped_column(BigId)
    opportunity_status: Mapped[str | None] = mapped_column(String(10))
    opportunity_stage_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    customer_id: Mapped[int | None] = mapped_column(BigId)
