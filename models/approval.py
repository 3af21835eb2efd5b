"""Approval engine (审批): admin-configured flows and the requests running them.

A request materialises its steps and each step's approvers when it is
submitted (roles and "the submitter's supervisor" are resolved then), so
"waiting for my approval" is one indexed lookup and a later change to a flow
or a role never alters a request in progress. Every action is an
ApprovalAction row: the approval log.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, Json, created_at, int_pk, partial_index, utcnow
from models.whole_hours import whole_hours

APPROVAL_OBJECT_TYPES = ("contract", "payment")
FLOW_MODES = ("free", "fixed")
APPROVER_KINDS = ("user", "role", "supervisor")
STEP_MODES = ("any", "all")
REQUEST_STATUSES = ("pending", "approved", "rejected", "withdrawn")
STEP_STATUSES = ("waiting", "active", "approved", "rejected", "cancelled")
ACTIONS = ("submit", "approve", "reject", "withdraw")


class ApprovalFlow(Base):
    __tablename__ = "approval_flows"

    id: Mapped[int_pk]
    object_type: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(10), default="fixed")
    # The flow applies to objects whose amount is at least this; of the active
    # flows that apply, the one with the highest threshold wins.
    min_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    allow_self_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ApprovalFlowStep(Base):
    __tablename__ = "approval_flow_steps"
    __table_args__ = (UniqueConstraint("flow_id", "position"),)

    id: Mapped[int_pk]
    flow_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("approval_flows.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    approver_kind: Mapped[str] = mapped_column(String(20))
    approver_user_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    approver_role_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("roles.id"))
    mode: Mapped[str] = mapped_column(String(10), default="any")


class ApprovalRequest(Base):
    """One submission of one object; a resubmission is a new request."""

    __tablename__ = "approval_requests"
    __table_args__ = (
        Index("ix_approval_requests_object", "object_type", "object_id"),
        Index("ix_approval_requests_submitter_status", "submitter_id", "status"),
    )

    id: Mapped[int_pk]
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(BigId)
    flow_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("approval_flows.id", ondelete="SET NULL")
    )
    # Copied from the flow at submission: later flow edits do not apply.
    flow_mode: Mapped[str] = mapped_column(String(10))
    allow_self_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    submitter_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # Position of the active step while pending.
    current_position: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ApprovalStep(Base):
    __tablename__ = "approval_steps"
    __table_args__ = (
        UniqueConstraint("request_id", "position"),
        # Approval analytics: steps decided in a period, from the index alone;
        # one record type's step (a drill-down) from the second.
        Index(
            "ix_approval_steps_decided",
            "decided_at",
            "status",
            "activated_at",
            "object_type",
            "position",
            "request_id",
        ),
        Index(
            "ix_approval_steps_type_position",
            "object_type",
            "position",
            "decided_at",
            "status",
            "activated_at",
            "request_id",
        ),
        # A narrow scope's decisions of a period, submitter by submitter,
        # from the index alone.
        Index(
            "ix_approval_steps_submitter_decided",
            "submitter_id",
            "decided_at",
            "status",
            "activated_at",
            "object_type",
            "position",
            "hours_taken",
            "request_id",
        ),
        # A step's decisions of one whole hour (the median's, found in the
        # cycle tallies: models/approval_cycle_tally.py).
        Index(
            "ix_approval_steps_type_hours",
            "object_type",
            "position",
            "hours_taken",
            "decided_at",
            "status",
            "activated_at",
        ),
    )

    id: Mapped[int_pk]
    request_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("approval_requests.id", ondelete="CASCADE")
    )
    # The request's object_type, kept by triggers (models/step_request.py).
    object_type: Mapped[str | None] = mapped_column(String(20))
    # The request's submitter, kept by triggers (models/request_submitter.py).
    submitter_id: Mapped[int | None] = mapped_column(BigId)
    position: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(10), default="any")
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    activated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Whole hours from activation to decision (models/whole_hours.py).
    hours_taken: Mapped[int | None] = mapped_column(
        Integer, Computed(whole_hours("activated_at", "decided_at"), persisted=True)
    )


class ApprovalStepApprover(Base):
    """A user who may decide a step; `decision` is set when they act."""

    __tablename__ = "approval_step_approvers"
    __table_args__ = (
        UniqueConstraint("step_id", "user_id"),
        # The requests a user approves, with their submitters: who may see
        # them, the analytics' scope.
        Index(
            "ix_approval_step_approvers_user_decision",
            "user_id",
            "decision",
            "submitter_id",
            "request_id",
        ),
        # Approval analytics: decisions in a period, from the index alone.
        Index(
            "ix_approval_step_approvers_decided",
            "decided_at",
            "user_id",
            "decision",
            "asked_at",
            "request_id",
        ),
        # What waits for each approver now: "waiting for my approval" and the
        # pending bottlenecks.
        partial_index(
            "ix_approval_step_approvers_waiting",
            "user_id",
            "waiting_since",
            "request_id",
            where="waiting_since IS NOT NULL",
        ),
        # A narrow scope's decisions of a period, from the index alone.
        Index(
            "ix_approval_step_approvers_submitter_decided",
            "submitter_id",
            "decided_at",
            "user_id",
            "decision",
            "asked_at",
            "hours_taken",
            "step_id",
            "request_id",
        ),
        # An approver's decisions of one whole hour (their median's).
        Index(
            "ix_approval_step_approvers_hours",
            "user_id",
            "hours_taken",
            "decided_at",
            "decision",
            "asked_at",
        ),
    )

    id: Mapped[int_pk]
    step_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("approval_steps.id", ondelete="CASCADE")
    )
    request_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("approval_requests.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    # The request's submitter, kept by triggers (models/request_submitter.py).
    submitter_id: Mapped[int | None] = mapped_column(BigId)
    decision: Mapped[str | None] = mapped_column(String(10))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # When their step became active (NULL while it waits for an earlier one):
    # an approver's cycle time without reading the step.
    asked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # While the request waits for this approver (their step is active, the
    # request pending, they have not decided): when the step became active;
    # NULL otherwise. Most undecided rows are of closed steps (the others of
    # an "any" step), so what waits now is a small index, not a scan of
    # every undecided row joined to its step and request.
    waiting_since: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Whole hours from being asked to deciding (models/whole_hours.py).
    hours_taken: Mapped[int | None] = mapped_column(
        Integer, Computed(whole_hours("asked_at", "decided_at"), persisted=True)
    )


class ApprovalAction(Base):
    """The approval log: who did what to which object, when, with what comment."""

    __tablename__ = "approval_actions"
    __table_args__ = (
        Index("ix_approval_actions_object", "object_type", "object_id", "created_at"),
        Index("ix_approval_actions_actor_created", "actor_id", "created_at"),
        # Approval analytics: rejections in a period, with their request and
        # reason, from the index alone.
        Index(
            "ix_approval_actions_action_created",
            "action",
            "created_at",
            "request_id",
            "comment",
        ),
    )

    id: Mapped[int_pk]
    request_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("approval_requests.id", ondelete="CASCADE"), index=True
    )
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(BigId)
    step_position: Mapped[int | None] = mapped_column(Integer)
    actor_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str | None] = mapped_column(Text)
    # Free flow: the approvers the actor picked for the next step.
    next_approver_ids: Mapped[list] = mapped_column(Json, default=list)
    created_at: Mapped[created_at]
