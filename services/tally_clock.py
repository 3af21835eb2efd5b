"""The tally clock (models/tally_clock.py): what the day-keyed rollups' days are,
and setting them to the company's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from models.tally import TALLIES
from models.tally_clock import CLOCK_ID, TallyClock


def tally_shift(session: Session | Connection) -> dt.timedelta:
    """How far the rollups' days start from UTC midnight."""
    minutes = session.scalar(select(TallyClock.offset_minutes))
    return dt.timedelta(minutes=minutes or 0)


def standard_offset(zone: str) -> dt.timedelta:
    """The zone's offset from UTC outside daylight saving time."""
    now = dt.datetime.now(ZoneInfo(zone))
    return now.utcoffset() - now.dst()


def align_tally_clock(connection: Connection, zone: str) -> bool:
    """Set the clock to the zone's standard time and recount the rollups keyed
    by it (a minute or so at 10 million follow-ups), unless it is there
    already. Returns whether it moved."""
    offset = standard_offset(zone)
    if tally_shift(connection) == offset:
        return False
    minutes = int(offset.total_seconds() // 60)
    moved = connection.execute(
        update(TallyClock)
        .where(TallyClock.id == CLOCK_ID)
        .values(offset_minutes=minutes)
    )
    if not moved.rowcount:
        connection.execute(
            TallyClock.__table__.insert().values(id=CLOCK_ID, offset_minutes=minutes)
        )
    for tally in TALLIES:
        if tally.clocked:
            tally.rebuild(connection)
    return True
