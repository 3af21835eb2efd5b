"""whole_hours(start, end): the whole hours from one timestamp column to
another, rounded down (-1 for any negative time on SQLite), as the generated
columns that bucket approval decisions by the time they took
(models/approval_cycle_tally.py) compute it. It rounds the same arithmetic
services.analytics.timestamps.hours_between does, so a bucket's hours all
lie between its neighbours'."""

from __future__ import annotations

from sqlalchemy import Integer, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class whole_hours(FunctionElement):  # noqa: N801 - used like a SQL function
    name = "whole_hours"
    type = Integer()
    inherit_cache = True

    def __init__(self, start: str, end: str) -> None:
        super().__init__(literal_column(start), literal_column(end))


@compiles(whole_hours)
def _whole_hours_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    hours = f"((julianday({end}) - julianday({start})) * 24.0)"
    return f"(CASE WHEN {hours} < 0 THEN -1 ELSE CAST({hours} AS INTEGER) END)"


@compiles(whole_hours, "postgresql")
def _whole_hours_postgresql(element, compiler, **kw) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    elapsed = f"CAST({end} AS TIMESTAMP) - CAST({start} AS TIMESTAMP)"
    return f"CAST(floor(EXTRACT(EPOCH FROM ({elapsed})) / 3600.0) AS INTEGER)"
