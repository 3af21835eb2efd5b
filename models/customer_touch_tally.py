"""Live owned customers per owner by the day and the month of the tally clock
(models/tally_clock.py) they were last touched — their last follow-up, or
their creation while never followed up (`never`): a trigger-kept rollup
(models/tally.py). "Without follow-up for N days" counts everyone's
customers touched before a day from ~40,000 rows instead of reading each of a
million customers (~100 ms); services/analytics/customers.py reads it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.tally import grouped_tally
from models.tally_clock import DAY, MONTH, starts_on


class CustomerTouchTally(Base):
    __tablename__ = "customer_touch_tallies"
    # A few owners' ranges by the key; everyone's range here (alone, on
    # PostgreSQL).
    __table_args__ = (
        Index(
            "ix_customer_touch_tallies_grain_starts",
            "grain",
            "starts_on",
            postgresql_include=["owner_id", "never", "customers"],
        ),
    )

    grain: Mapped[str] = mapped_column(String(5), primary_key=True)  # DAY/MONTH
    owner_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    starts_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # clock's
    never: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1: never followed
    customers: Mapped[int] = mapped_column(Integer, default=0)


# SQL over a customer row: when it was last touched.
TOUCHED = "COALESCE({row}.last_followup_at, {row}.created_at)"

CUSTOMER_TOUCH_TALLIES = {
    grain: grouped_tally(
        "customer_touch_tallies",
        "customers",
        keys={
            "grain": f"'{grain}'",
            "owner_id": "{row}.owner_id",
            "starts_on": starts_on(TOUCHED)[grain],
            "never": "CASE WHEN {row}.last_followup_at IS NULL THEN 1 ELSE 0 END",
        },
        measures={"customers": "1"},
        watched=("owner_id", "deleted_at", "last_followup_at", "created_at"),
        live="{row}.deleted_at IS NULL AND {row}.owner_id IS NOT NULL",
        label=f"customer_touch_{grain}_tally",
        clocked=True,
    )
    for grain in (DAY, MONTH)
}
