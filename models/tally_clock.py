"""The clock of the day-keyed rollups (models/followup_tally.py,
models/activity_tally.py): their days and
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


DAY, WEEK, MONTH = "day", "week", "month"  # the grains (weeks start on Monday)

# SQL: the offset as the triggers and recounts read it.
OFFSET_MINUTES = "COALESCE((SELECT offset_minutes FROM tally_clock), 0)"


def starts_on(timestamp: str, *, local: bool = True) -> dict[str, dict[str, str]]:
    """{grain: {dialect: SQL}}: the first day of the day, the week and the
    month a naive UTC `timestamp` (SQL) falls in, by the tally clock (else
    UTC)."""
    moment = (
        f"({timestamp} + {OFFSET_MINUTES} * INTERVAL '1 minute')"
        if local
        else timestamp
    )
    shift = [f"{OFFSET_MINUTES} || ' minutes'"] if local else []

    def sqlite(*modifiers: str) -> str:
        return "date(" + ", ".join([timestamp, *shift, *modifiers]) + ")"

    return {
        DAY: {"postgresql": f"CAST({moment} AS DATE)", "sqlite": sqlite()},
        WEEK: {
            "postgresql": f"CAST(date_trunc('week', {moment}) AS DATE)",
            # The Sunday on or after the day, back to its Monday.
            "sqlite": sqlite("'weekday 0'", "'-6 days'"),
        },
        MONTH: {
            "postgresql": f"CAST(date_trunc('month', {moment}) AS DATE)",
            "sqlite": sqlite("'start of month'"),
        },
    }
