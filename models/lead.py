"""Leads: unqualified prospects, owned by a rep or waiting in the lead pool.

A lead with no owner (owner_id NULL) is in the lead pool. Deleting a lead is a
soft delete (deleted_at): its follow-ups and operation log stay readable, and a
lead recycle bin can be added later without a schema change. A converted lead
keeps its row, read-only, and links to the customer it became.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, Json, created_at, int_pk, prefix_index, utcnow

LEAD_STATUSES = ("new", "contacted", "qualified", "unqualified", "converted")
# Statuses a user may choose in the form; "converted" is set by conversion only.
EDITABLE_LEAD_STATUSES = ("new", "contacted", "qualified", "unqualified")


class Lead(Base):
    __tablename__ = "leads"
    __table_args__ = (
        prefix_index("leads", "mobile_normalized"),
        # Scoped lists filter by owner first, then sort: one index per sort key.
        Index("ix_leads_owner_updated", "owner_id", "updated_at"),
        Index("ix_leads_owner_created", "owner_id", "created_at"),
        Index("ix_leads_owner_status", "owner_id", "status"),
        Index("ix_leads_owner_next_followup", "owner_id", "next_followup_at"),
        # The lead pool lists owner-less leads by when they entered it.
        Index("ix_leads_owner_pool_entered", "owner_id", "pool_entered_at"),
        # Work statistics count new leads by creator and conversions by converter.
        Index("ix_leads_creator_created", "created_by_id", "created_at"),
        Index("ix_leads_converter_converted", "converted_by_id", "converted_at"),
    )

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(100))
    # Lower-case, no spaces/punctuation, half-width: search (as for customers).
    name_normalized: Mapped[str] = mapped_column(String(100), index=True)
    company: Mapped[str | None] = mapped_column(String(200))
    company_normalized: Mapped[str | None] = mapped_column(String(200), index=True)
    mobile: Mapped[str | None] = mapped_column(String(30))
    mobile_normalized: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    # A code of the customer_source dictionary: it carries over on conversion.
    source: Mapped[str | None] = mapped_column(String(50), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    last_owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    pool_entered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    next_followup_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_followup_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    remark: Mapped[str | None] = mapped_column(Text)
    # Admin-defined fields: {field id (text): value} (models/custom_field.py).
    custom_values: Mapped[dict] = mapped_column(Json, default=dict, server_default="{}")
    # Conversion record. The opportunity placeholder is kept here until the
    # opportunities module exists; it can then create the opportunity from it.
    converted_customer_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    converted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    converted_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    opportunity_name: Mapped[str | None] = mapped_column(String(200))
    opportunity_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
