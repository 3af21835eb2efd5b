"""Public pool: the admin's rules, cross-team claim requests and the history of
every move into and out of the pool (analytics reads PoolEvent)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, created_at, int_pk, partial_index, utcnow

REQUEST_STATUSES = ("pending", "approved", "rejected", "cancelled")
# Why a customer entered (direction "in") or left ("out") the pool.
POOL_IN_REASONS = ("released", "auto_no_followup", "auto_unsigned", "auto_dormant")
POOL_OUT_REASONS = ("claimed", "assigned", "approved")


class PoolRules(Base):
    """The single row of pool settings (id 1). A rule whose day count is 0 is off;
    nothing returns automatically until `auto_return_enabled` is switched on."""

    __tablename__ = "pool_rules"

    id: Mapped[int_pk]
    auto_return_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Non-cooperating customers: no follow-up for N days / not signed M days
    # after being claimed (or created).
    no_followup_days: Mapped[int] = mapped_column(Integer, default=30)
    unsigned_days: Mapped[int] = mapped_column(Integer, default=90)
    # Cooperating customers: no follow-up for D days (dormancy).
    dormant_days: Mapped[int] = mapped_column(Integer, default=180)
    warn_days: Mapped[int] = mapped_column(Integer, default=3)
    max_customers_per_rep: Mapped[int] = mapped_column(Integer, default=0)
    reclaim_block_days: Mapped[int] = mapped_column(Integer, default=0)
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class PoolClaimRequest(Base):
    """A claim or assignment of a pool customer whose last owner was in another
    team: that team's leader approves (customer assigned) or rejects it."""

    __tablename__ = "pool_claim_requests"
    __table_args__ = (
        Index("ix_pool_claim_requests_reviewer", "reviewer_team_id", "status"),
        Index("ix_pool_claim_requests_requester", "requester_id", "created_at"),
        # At most one pending request per customer: it reserves the customer.
        partial_index(
            "uq_pool_claim_requests_pending_customer",
            "customer_id",
            unique=True,
            where="status = 'pending'",
        ),
        Index("ix_pool_claim_requests_customer", "customer_id", "created_at"),
    )

    id: Mapped[int_pk]
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="CASCADE")
    )
    requester_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    # Who becomes the owner: the requester (claim) or a team member (assign).
    target_user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10))  # claim | assign
    reviewer_team_id: Mapped[int] = mapped_column(BigId, ForeignKey("teams.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    note: Mapped[str | None] = mapped_column(String(200))
    review_reason: Mapped[str | None] = mapped_column(String(200))
    reviewed_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[created_at]


class PoolEvent(Base):
    """One move into (`in`) or out of (`out`) the pool. `owner_id`/`team_id` are
    the owner who left (in) or arrived (out) and their team at that moment;
    `actor_id` is empty for the rule job."""

    __tablename__ = "pool_events"
    __table_args__ = (
        Index("ix_pool_events_customer", "customer_id", "created_at"),
        # A period's moves by direction and reason (pool health), from here.
        Index("ix_pool_events_created", "created_at", "direction", "reason"),
        # A period's moves out by owner and customer (claimed → signed).
        Index(
            "ix_pool_events_direction_created",
            "direction",
            "created_at",
            "owner_id",
            "customer_id",
        ),
        Index("ix_pool_events_owner", "owner_id", "created_at"),
    )

    id: Mapped[int_pk]
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id", ondelete="CASCADE")
    )
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    reason: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("teams.id"))
    actor_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[created_at]
