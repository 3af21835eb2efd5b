"""Contracts and their amount per owner and status (a trigger-kept rollup,
models/tally.py): the contract list's status tabs show both on every call."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.tally import grouped_tally


class ContractTally(Base):
    __tablename__ = "contract_tallies"

    owner_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: none
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    contracts: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0))


CONTRACT_TALLY = grouped_tally(
    "contract_tallies",
    "contracts",
    keys={"owner_key": "COALESCE({row}.owner_id, 0)", "status": "{row}.status"},
    measures={"contracts": "1", "amount": "COALESCE({row}.amount, 0)"},
    watched=("owner_id", "status", "amount"),
)
