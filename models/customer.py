"""Customer aggregate: the customer row and who recently viewed it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import (
    Base,
    BigId,
    Json,
    created_at,
    int_pk,
    partial_index,
    prefix_index,
    utcnow,
)

CUSTOMER_STAGES = ("potential", "intention", "cooperating", "dormant")


LIVE = "deleted_at IS NULL"  # outside the recycle bin
# The column LIVE reads, last in every index of live customers: SQLite reads a
# partial index alone only when the index holds the columns of its WHERE too
# (an admin's year of new customers by source: 1.4 s from the table, 0.16 s
# from the index).
LIVE_COLUMN = "deleted_at"
LIVE_CREATED_COLUMNS = (
    "created_at",
    "created_by_id",
    "owner_id",
    "source",
    "industry",
    "level",
    "province",
    "stage",
)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        prefix_index("customers", "mobile_normalized"),
        prefix_index("customers", "phone_normalized"),
        # Scoped lists filter by owner first, then sort: one index per sort key.
        Index("ix_customers_owner_updated", "owner_id", "updated_at"),
        Index("ix_customers_owner_created", "owner_id", "created_at"),
        Index("ix_customers_owner_last_followup", "owner_id", "last_followup_at"),
        # Customer analytics' "without follow-up for N days" per owner, from the
        # index alone (on SQLite 1.6 s from the table, 0.1 s from here). Only
        # owned customers: widening the index above instead made SQLite take
        # it for the pool's `owner_id IS NULL` over ix_customers_pool_aging.
        partial_index(
            "ix_customers_live_idle",
            "owner_id",
            "last_followup_at",
            "created_at",
            LIVE_COLUMN,
            where=f"owner_id IS NOT NULL AND {LIVE}",
        ),
        # A team's follow-ups due (home, to-do), from the index alone.
        partial_index(
            "ix_customers_owner_next_followup",
            "owner_id",
            "next_followup_at",
            LIVE_COLUMN,
            where=LIVE,
        ),
        Index("ix_customers_owner_stage", "owner_id", "stage"),
        Index("ix_customers_deleted_by", "deleted_by_id", "deleted_at"),
        # The public pool lists owner-less customers by when they entered it.
        Index("ix_customers_owner_pool_entered", "owner_id", "pool_entered_at"),
        # Work statistics and rankings count new customers by their creator.
        Index("ix_customers_creator_created", "created_by_id", "created_at"),
        # An all-scope list's deep page finds its ids in here alone (no rows read).
        partial_index(
            "ix_customers_live_updated",
            "updated_at",
            "id",
            "owner_id",
            LIVE_COLUMN,
            where=LIVE,
        ),
        # A scope's live customers (joins from contacts, follow-ups …) and the
        # new customers of a period by creator or by owner and one of the
        # fields customer analytics count them by, from the index alone (an
        # admin's month read 27,000 table pages for 40,000 customers: 150 ms).
        partial_index(
            "ix_customers_live_owner",
            "owner_id",
            "id",
            LIVE_COLUMN,
            where=LIVE,
        ),
        partial_index(
            "ix_customers_live_created",
            *LIVE_CREATED_COLUMNS,
            LIVE_COLUMN,
            where=LIVE,
        ),
        # The pool's age buckets (pool health), from the index alone.
        partial_index(
            "ix_customers_pool_aging",
            "pool_entered_at",
            "created_at",
            "owner_id",
            LIVE_COLUMN,
            where=f"owner_id IS NULL AND {LIVE}",
        ),
        # A region filter's stage tab counts (and the pool's), from the index
        # alone: an admin's province counted 34,000 rows from the table (195 ms).
        *(
            partial_index(
                f"ix_customers_live_{region}_stage",
                region,
                "stage",
                "owner_id",
                LIVE_COLUMN,
                where=LIVE,
            )
            for region in ("province", "city")
        ),
        # Follow-ups due (home, to-do) of an all-scope viewer: counted in here.
        partial_index(
            "ix_customers_live_next_followup",
            "next_followup_at",
            "owner_id",
            LIVE_COLUMN,
            where=LIVE,
        ),
        # The recycle bin's few customers: services.live_customer tests rows
        # against these instead of reading each row's customer.
        partial_index(
            "ix_customers_binned", "id", LIVE_COLUMN, where=f"{LIVE_COLUMN} IS NOT NULL"
        ),
    )

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(200))
    # Lower-case, no spaces/punctuation, half-width: duplicate check and search.
    name_normalized: Mapped[str] = mapped_column(String(200), index=True)
    mobile: Mapped[str | None] = mapped_column(String(30))
    mobile_normalized: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(30))
    phone_normalized: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(50), index=True)
    industry: Mapped[str | None] = mapped_column(String(50), index=True)
    level: Mapped[str | None] = mapped_column(String(10), index=True)
    province: Mapped[str | None] = mapped_column(String(50), index=True)
    city: Mapped[str | None] = mapped_column(String(50), index=True)
    district: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(300))
    stage: Mapped[str] = mapped_column(String(20), default="potential", index=True)
    owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    next_followup_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    last_followup_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    tags: Mapped[list] = mapped_column(Json, default=list)
    # Its contacts, kept by triggers (models/customer_tally.py).
    contact_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Admin-defined fields: {field id (text): value} (models/custom_field.py).
    custom_values: Mapped[dict] = mapped_column(Json, default=dict, server_default="{}")
    remark: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at] = mapped_column(index=True)
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, index=True
    )
    # Recycle bin: deleted rows keep their owner so a restore puts them back.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    deleted_stage: Mapped[str | None] = mapped_column(String(20))
    # Public pool: who owned it last (and their team) decides cross-team review and
    # the re-claim block; claimed_at starts the "sign within M days" clock.
    last_owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    last_team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("teams.id"))
    pool_entered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    pool_reason: Mapped[str | None] = mapped_column(String(30))
    pool_note: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Days a leader added to the signing (or, cooperating: dormancy) deadline.
    pool_extension_days: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CustomerView(Base):
    """Last time a user opened a customer: drives "recently viewed" sorting."""

    __tablename__ = "customer_views"
    __table_args__ = (
        Index("ix_customer_views_user_viewed", "user_id", "viewed_at"),
        # Deleting a customer cascades here; the primary key starts with user_id.
        Index("ix_customer_views_customer", "customer_id"),
    )

    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id"), primary_key=True
    )
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    viewed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
