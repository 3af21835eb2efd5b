"""Performance targets (业绩目标): one amount per subject, metric, year and month.

A subject is a team or a user. One row per month keeps the SQL that sets targets
against actuals a plain join on (year, month); the year's target is their sum.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, int_pk, utcnow

TARGET_METRICS = ("contract_amount", "payment_amount", "new_customers")
TARGET_SUBJECTS = ("team", "user")


class PerformanceTarget(Base):
    __tablename__ = "performance_targets"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "metric", "year", "month"),
        Index("ix_performance_targets_year_metric", "year", "metric"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint("amount >= 0", name="non_negative"),
    )

    id: Mapped[int_pk]
    subject_type: Mapped[str] = mapped_column(String(10))
    # A team id or a user id, by subject_type (no FK: one column serves both).
    subject_id: Mapped[int] = mapped_column(BigId)
    metric: Mapped[str] = mapped_column(String(30))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
