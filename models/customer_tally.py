"""Live customers per owner and stage (a trigger-kept rollup, models/tally.py).

The customer list and the pool show a count per stage tab on every call; at a
million customers counting the rows themselves costs an all-scope viewer
~0.5 s.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.tally import grouped_tally

POOL_OWNER_KEY = 0  # customers without an owner (the public pool)


class CustomerTally(Base):
    __tablename__ = "customer_tallies"

    owner_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: pool
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    customers: Mapped[int] = mapped_column(Integer, default=0)


CUSTOMER_TALLY = grouped_tally(
    "customer_tallies",
    "customers",
    keys={"owner_key": "COALESCE({row}.owner_id, 0)", "stage": "{row}.stage"},
    measures={"customers": "1"},
    watched=("owner_id", "stage", "deleted_at"),
    live="{row}.deleted_at IS NULL",
)
