"""Live customers per owner and stage (a trigger-kept rollup, models/tally.py).

The customer list and the pool show a count per stage tab on every call; at a
million customers counting the rows themselves costs an all-scope viewer
~0.5 s. Their contacts too (each customer's `contact_count`, kept by triggers on
contacts): the contact list's total.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.tally import ParentLink, grouped_tally, parent_counter

POOL_OWNER_KEY = 0  # customers without an owner (the public pool)
# Rows of customers outside the recycle bin (other rollups count only those).
LIVE_CUSTOMER = ParentLink(
    "customers", "customer_id", "{parent}.deleted_at IS NULL", ("deleted_at",)
)


class CustomerTally(Base):
    __tablename__ = "customer_tallies"

    owner_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: pool
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    customers: Mapped[int] = mapped_column(Integer, default=0)
    contacts: Mapped[int] = mapped_column(Integer, default=0)  # of those customers


CUSTOMER_TALLY = grouped_tally(
    "customer_tallies",
    "customers",
    keys={"owner_key": "COALESCE({row}.owner_id, 0)", "stage": "{row}.stage"},
    measures={"customers": "1", "contacts": "{row}.contact_count"},
    watched=("owner_id", "stage", "deleted_at", "contact_count"),
    live="{row}.deleted_at IS NULL",
)

CONTACT_COUNT = parent_counter(
    "contacts",
    parent="customers",
    link="customer_id",
    column="contact_count",
    measure="1",
    watched=("customer_id",),
)
