"""Time arithmetic the reports share: the company-zone day of a stored (naive
UTC) timestamp, and the time between two timestamps or dates as an SQL
expression that reads the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def local_date(value: dt.datetime | None, zone: str) -> dt.date | None:
    """A stored naive UTC timestamp's day in the company time zone."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).date()


class _TimeBetween(FunctionElement):
    """The time from the first argument to the second (timestamps or dates) in
    units of `seconds`, with fractions."""

    type = Float()
    inherit_cache = True
    seconds: int


class days_between(_TimeBetween):  # noqa: N801 - used like a SQL function
    name = "days_between"
    inherit_cache = True
    seconds = 86400


class hours_between(_TimeBetween):  # noqa: N801 - used like a SQL function
    name = "hours_between"
    inherit_cache = True
    seconds = 3600


@compiles(_TimeBetween)
def _time_between_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    per_day = 86400 // element.seconds
    return f"((julianday({end}) - julianday({start})) * {per_day}.0)"


@compiles(_TimeBetween, "postgresql")
def _time_between_postgresql(element, compiler, **kw) -> str:
    # Dates subtract to whole days, timestamps to an interval: cast both ways
    # to timestamps so either gives an interval.
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    elapsed = f"CAST({end} AS TIMESTAMP) - CAST({start} AS TIMESTAMP)"
    return f"(EXTRACT(EPOCH FROM ({elapsed})) / {element.seconds}.0)"
