"""Contracts (合同) with product lines, installment plans and payments (回款).

Contracts and payments go through the approval engine (models.approval). The
owner and the owner's team at approval time are stored on the approved record:
performance analytics attribute amounts by them, whatever happens to the
customer later.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
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

from models.base import Base, BigId, created_at, int_pk, partial_index, utcnow

# draft → pending → approved | rejected (→ pending again on resubmit); an
# approved contract can only be voided. Payments follow the same life cycle.
APPROVAL_STATUSES = ("draft", "pending", "approved", "rejected", "voided")


class Contract(Base):
    __tablename__ = "contracts"
    __table_args__ = (
        # A customer's contracts, and whether one was approved since a time
        # (pool health's claimed → signed), from the index alone.
        Index("ix_contracts_customer_id", "customer_id", "status", "approved_at"),
        Index("ix_contracts_owner_updated", "owner_id", "updated_at"),
        Index("ix_contracts_updated", "updated_at", "id"),  # all-scope lists
        Index("ix_contracts_owner_status", "owner_id", "status"),
        Index("ix_contracts_status_end", "status", "end_date"),
        # Performance actuals: approved contracts by signing month and owner/team.
        Index("ix_contracts_approved_owner_sign", "approved_owner_id", "sign_date"),
        Index("ix_contracts_approved_team_sign", "approved_team_id", "sign_date"),
        # Everyone's approved contracts in a period (an all-scope viewer), read
        # from the index alone (SUM(amount) by owner or team, and what has
        # been collected on them: receivables).
        Index(
            "ix_contracts_status_sign",
            "status",
            "sign_date",
            "approved_owner_id",
            "approved_team_id",
            "amount",
            "paid_amount",
        ),
        CheckConstraint("paid_amount <= amount", name="paid_within_amount"),
    )

    id: Mapped[int_pk]
    number: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_normalized: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customers.id"))
    opportunity_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("opportunities.id"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    # Sum of approved payments, moved by one conditional UPDATE per approval so
    # concurrent approvals can never push it past the amount.
    paid_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    sign_date: Mapped[dt.date] = mapped_column(Date)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    customer_signer_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("contacts.id", ondelete="SET NULL")
    )
    our_signer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    approved_owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    approved_team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("teams.id"))
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voided_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)
    remark: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ContractLine(Base):
    __tablename__ = "contract_lines"

    id: Mapped[int_pk]
    contract_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contracts.id", ondelete="CASCADE"), index=True
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


# An installment still to collect on an approved contract.
RECEIVABLE = "contract_status = 'approved' AND collected < amount"


class PaymentInstallment(Base):
    """One scheduled installment of a contract's payment plan (回款计划)."""

    __tablename__ = "payment_installments"
    __table_args__ = (
        UniqueConstraint("contract_id", "sequence"),
        Index("ix_payment_installments_due", "due_date"),
        # Open installments of approved contracts by due date (to-do, overdue
        # receivables) and by owner (a narrow scope's), from the index alone
        # (which on SQLite needs every column of the WHERE in it).
        partial_index(
            "ix_payment_installments_receivable_due",
            "due_date",
            "contract_owner_id",
            "amount",
            "collected",
            "contract_status",
            where=RECEIVABLE,
        ),
        partial_index(
            "ix_payment_installments_receivable_owner",
            "contract_owner_id",
            "due_date",
            "amount",
            "collected",
            "contract_status",
            where=RECEIVABLE,
        ),
    )

    id: Mapped[int_pk]
    contract_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contracts.id", ondelete="CASCADE")
    )
    sequence: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    # Sum of its approved payments, kept by triggers (models/installment_collected.py).
    collected: Mapped[Decimal] = mapped_column(
        Numeric(14, 2), default=Decimal(0), server_default="0"
    )
    # The contract's status and owner, kept by triggers
    # (models/installment_contract.py): what is receivable, and whose, without
    # joining 300,000 contracts.
    contract_status: Mapped[str | None] = mapped_column(String(10))
    contract_owner_id: Mapped[int | None] = mapped_column(BigId)
    remark: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    # Plan rows are edited one at a time by several people (rep, finance).
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Payment(Base):
    """Money received against an approved contract; approved like a contract."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_owner_updated", "owner_id", "updated_at"),
        Index("ix_payments_contract_status", "contract_id", "status"),
        Index("ix_payments_approved_owner_paid", "approved_owner_id", "paid_on"),
        Index("ix_payments_approved_team_paid", "approved_team_id", "paid_on"),
        # Everyone's approved payments in a period (an all-scope viewer), and
        # their days to collect, read from the index alone.
        Index(
            "ix_payments_status_paid",
            "status",
            "paid_on",
            "approved_owner_id",
            "approved_team_id",
            "amount",
            "contract_sign_date",
        ),
        CheckConstraint("amount > 0", name="positive_amount"),
    )

    id: Mapped[int_pk]
    number: Mapped[str] = mapped_column(String(50), unique=True)
    customer_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("customers.id"), index=True
    )
    contract_id: Mapped[int] = mapped_column(BigId, ForeignKey("contracts.id"))
    installment_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("payment_installments.id", ondelete="SET NULL"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    paid_on: Mapped[dt.date] = mapped_column(Date)
    # The contract's sign_date, kept by triggers (models/payment_contract.py).
    contract_sign_date: Mapped[dt.date | None] = mapped_column(Date)
    # A code of the payment_method dictionary.
    method: Mapped[str | None] = mapped_column(String(50))
    remark: Mapped[str | None] = mapped_column(Text)
    # The contract's owner when recorded; scope follows it like contracts.
    owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    approved_owner_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    approved_team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("teams.id"))
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class NumberSequence(Base):
    """Admin pattern and counters for generated numbers (contracts, payments).

    `pattern` e.g. "HT{yyyy}{mm}{dd}-{seq:4}"; `period` is the pattern's date
    part at generation time, so the counter restarts with each new period.
    """

    __tablename__ = "number_sequences"
    __table_args__ = (UniqueConstraint("object_type", "period"),)

    id: Mapped[int_pk]
    object_type: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(20), default="")
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class NumberPattern(Base):
    __tablename__ = "number_patterns"

    object_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    pattern: Mapped[str] = mapped_column(String(50))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
