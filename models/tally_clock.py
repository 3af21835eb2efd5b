"""The clock of the day-keyed rollups (models/followup_tally.py): their days and
months start at UTC + `offset_minutes`, the company time zone's standard
offset, so that a report's local days and months are whole rows. One row (or
none: UTC). Reports read the offset and count whatever the rows leave over
from the records themselves, so a stale clock costs speed, never accuracy
(services/tally_clock.py aligns it)."""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

CLOCK_ID = 1


class TallyClock(Base):
    __tablename__ = "tally_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # CLOCK_ID
    offset_minutes: Mapped[int] = mapped_column(Integer, default=0)


# SQL: the offset as the triggers and recounts read it.
OFFSET_MINUTES = "COALESCE((SELECT offset_minutes FROM tally_clock), 0)"


def pg_local(timestamp: str) -> str:
    """SQL (PostgreSQL): a naive UTC timestamp moved to the clock's time."""
    return f"({timestamp} + {OFFSET_MINUTES} * INTERVAL '1 minute')"


def sqlite_local_date(timestamp: str, *modifiers: str) -> str:
    """SQL (SQLite): the date of a naive UTC timestamp in the clock's time,
    with further date() modifiers."""
    shifted = [timestamp, f"{OFFSET_MINUTES} || ' minutes'"]
    return "date(" + ", ".join([*shifted, *(f"'{m}'" for m in modifiers)]) + ")"
