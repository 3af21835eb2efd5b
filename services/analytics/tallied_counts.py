"""Records per user (follow-ups also per type) in a span of naive UTC time, or
per bucket of consecutive spans, read from a day-keyed rollup
(models/followup_tally.py, models/activity_tally.py): a span's whole months
from the month rows, its other whole days from the day rows (both in the tally
clock's time, services/tally_clock.py), and only the hours before its first
and after its last midnight of that clock from the records themselves."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from models import FollowUp, FollowUpTally
from models.tally_clock import DAY, MONTH, WEEK
from services.tally_clock import tally_shift

# A span "before X" starts here, shifted back by the tally clock's offset (so
# that it starts on the clock's midnight: no hours are left over for the
# records).
LONG_AGO = dt.datetime(1900, 1, 1)


@dataclass(frozen=True)
class Tallied:
    """A kind of record and its rollup, as queries of (author, type, n) rows."""

    # The rollup's rows of a grain starting on days in [first, stop).
    rows: Callable[[str, dt.date, dt.date], Select]
    starts_on: Any  # the rollup's column of a row's first day
    # One row (n = 1) per record in [lower, upper) of naive UTC time.
    records: Callable[[dt.datetime, dt.datetime], Select]
    weeks: bool = False  # whether the rollup has week rows too


def written(value: Any) -> Any:
    """`value` written into the statement rather than bound: PostgreSQL plans
    a prepared statement once for any dates and users after a few runs, and
    that plan took 0.7 s where one for the values took 0.06 s (everyone's
    activity year, bench/)."""
    return literal(value, literal_execute=True)


def days_within(column: Any, first: dt.date, stop: dt.date) -> Any:
    """SQL: the rollup row's first day `column` is in [first, stop)."""
    return and_(column >= written(first), column < written(stop))


def _followup_rows(grain: str, first: dt.date, stop: dt.date) -> Select:
    return select(
        FollowUpTally.author_id.label("author"),
        FollowUpTally.followup_type.label("type"),
        FollowUpTally.followups.label("n"),
    ).where(
        FollowUpTally.grain == grain, days_within(FollowUpTally.starts_on, first, stop)
    )


def _followup_records(lower: dt.datetime, upper: dt.datetime) -> Select:
    return select(
        FollowUp.author_id.label("author"),
        FollowUp.followup_type.label("type"),
        literal(1).label("n"),
    ).where(FollowUp.occurred_at >= lower, FollowUp.occurred_at < upper)


FOLLOWUPS = Tallied(_followup_rows, FollowUpTally.starts_on, _followup_records)


def _next_midnight(moment: dt.datetime) -> dt.datetime:
    midnight = dt.datetime.combine(moment.date(), dt.time())
    return midnight if midnight == moment else midnight + dt.timedelta(days=1)


def _month_start(day: dt.date, *, later: bool) -> dt.date:
    first = day.replace(day=1)
    if later and first != day:
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return first


def clock_months(
    start: dt.datetime, end: dt.datetime, shift: dt.timedelta
) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.datetime, dt.datetime]]]:
    """The whole months of the tally clock (UTC + `shift`) within [start, end)
    (naive UTC) as (first day, first day after), or None, and the naive UTC
    spans before and after them that the records must cover."""
    first = _month_start(_next_midnight(start + shift).date(), later=True)
    stop = _month_start((end + shift).date(), later=False)
    if first >= stop:
        return None, [(start, end)]
    edges = [dt.datetime.combine(day, dt.time()) - shift for day in (first, stop)]
    spans = [(start, edges[0]), (edges[1], end)]
    return (first, stop), [(lower, upper) for lower, upper in spans if lower < upper]


def tally_parts(
    start: dt.datetime, end: dt.datetime, *, weeks: bool = False
) -> tuple[list[tuple[str, dt.date, dt.date]], list[tuple[dt.datetime, dt.datetime]]]:
    """([(grain, first, end) of tally rows], [(start, end) of raw records])
    that together cover [start, end) exactly once; whole weeks from week rows
    if `weeks`."""
    first_day = _next_midnight(start)
    last_day = dt.datetime.combine(end.date(), dt.time())
    if first_day >= last_day:
        return [], [(start, end)]
    raw = [(start, first_day), (last_day, end)]
    days = (first_day.date(), last_day.date())
    first_month = _month_start(days[0], later=True)
    last_month = _month_start(days[1], later=False)
    if first_month >= last_month:
        tallied = _day_parts(*days, weeks)
    else:
        tallied = [
            (MONTH, first_month, last_month),
            *_day_parts(days[0], first_month, weeks),
            *_day_parts(last_month, days[1], weeks),
        ]
    return [part for part in tallied if part[1] < part[2]], raw


def _day_parts(
    first: dt.date, stop: dt.date, weeks: bool
) -> list[tuple[str, dt.date, dt.date]]:
    """Parts covering the days [first, stop): whole weeks (Monday to Sunday)
    from week rows if `weeks`, the others from day rows."""
    monday = first + dt.timedelta(days=-first.weekday() % 7)
    last_monday = stop - dt.timedelta(days=stop.weekday())
    if not weeks or monday >= last_monday:
        return [(DAY, first, stop)]
    return [(WEEK, monday, last_monday), (DAY, first, monday), (DAY, last_monday, stop)]


def _span_parts(
    tallied: Tallied, start: dt.datetime, end: dt.datetime, shift: dt.timedelta
) -> list[Select]:
    """Queries of (author, type, n) rows that together count the records of
    [start, end): rollup rows for the whole days and months of the clock (UTC +
    `shift`), one row per record for the hours left over. Callers filter the
    authors once over their union: in every part, 500 authors × 200 parts
    passed PostgreSQL's limit of 65,535 parameters."""
    days, hours = tally_parts(start + shift, end + shift, weeks=tallied.weeks)
    parts = [tallied.rows(grain, first, stop) for grain, first, stop in days]
    parts += [
        tallied.records(lower - shift, upper - shift)
        for lower, upper in hours
        if lower < upper
    ]
    return parts


def _counted(
    session: Session, tallied: Tallied, start: dt.datetime, end: dt.datetime
) -> Any:
    """Subquery of (author, type, n) rows that together count the records of
    [start, end) (_span_parts); None for an empty span."""
    parts = _span_parts(tallied, start, end, tally_shift(session))
    return union_all(*parts).subquery("counted") if parts else None


def tallied_counts(
    session: Session,
    tallied: Tallied,
    start: dt.datetime,
    end: dt.datetime,
    author_ids: Collection[int] | None,
    *,
    by_type: bool = False,
) -> list[tuple]:
    """[(author, count)] or, `by_type`, [(author, type, count)] of the records
    in [start, end), by the given authors (None: anyone)."""
    every = _counted(session, tallied, start, end)
    if every is None:
        return []
    keys = (every.c.author, every.c.type) if by_type else (every.c.author,)
    total = func.sum(every.c.n)
    query = select(*keys, total).group_by(*keys).having(total > 0)
    return [tuple(row) for row in session.execute(_by(query, every, author_ids))]


def tallied_type_counts(
    session: Session,
    tallied: Tallied,
    start: dt.datetime,
    end: dt.datetime,
    author_ids: Collection[int] | None,
    types: Sequence[str],
) -> dict[int, tuple[int, ...]]:
    """{author: (records, records of each of `types`)} in [start, end), by the
    given authors (None: anyone): a row per author, counted by type in SQL
    (an admin's 500 members by type were ~3,000 rows to read, 1.3 ms more)."""
    every = _counted(session, tallied, start, end)
    if every is None:
        return {}
    total = func.sum(every.c.n)
    query = (
        select(
            every.c.author,
            total,
            *(
                func.sum(case((every.c.type == kind, every.c.n), else_=0))
                for kind in types
            ),
        )
        .group_by(every.c.author)
        .having(total > 0)
    )
    rows = session.execute(_by(query, every, author_ids))
    return {author: tuple(map(int, counts)) for author, *counts in rows}


def _by(query: Select, rows, author_ids: Collection[int] | None) -> Select:
    """`query` over `rows` kept to the given authors (None: anyone)."""
    if author_ids is None:
        return query
    authors = bindparam(
        "authors", sorted(author_ids), expanding=True, literal_execute=True
    )
    return query.where(rows.c.author.in_(authors))


# SQLite takes at most 500 SELECTs in one compound statement.
PARTS_PER_QUERY = 200


def tallied_by_bucket(
    session: Session,
    tallied: Tallied,
    edges: list[dt.datetime],
    author_ids: Collection[int] | None,
) -> dict[int, int]:
    """{i: records in [edges[i], edges[i + 1])} by the given authors (None:
    anyone); buckets without any are absent. The buckets' rollup rows are read
    in runs of adjacent ranges (a query part per bucket cost PostgreSQL more to
    plan than to run) and summed per first day; the records left over keep a
    part each (an OR of the spans had PostgreSQL scan every follow-up), in
    UNION ALLs of at most PARTS_PER_QUERY."""
    shift = tally_shift(session)
    ranges: list[tuple[str, dt.date, dt.date, int]] = []
    leftovers: list[Select] = []
    for i, (start, end) in enumerate(zip(edges, edges[1:], strict=False)):
        days, hours = tally_parts(start + shift, end + shift, weeks=tallied.weeks)
        ranges += [(grain, first, stop, i) for grain, first, stop in days]
        leftovers += [
            tallied.records(lower - shift, upper - shift).add_columns(
                literal(i).label("bucket")
            )
            for lower, upper in hours
            if lower < upper
        ]
    found = _by_first_day(session, tallied, sorted(ranges), author_ids)
    for first in range(0, len(leftovers), PARTS_PER_QUERY):
        chunk = leftovers[first : first + PARTS_PER_QUERY]
        rows = (union_all(*chunk) if len(chunk) > 1 else chunk[0]).subquery()
        query = select(rows.c.bucket, func.sum(rows.c.n)).group_by(rows.c.bucket)
        for i, count in session.execute(_by(query, rows, author_ids)):
            found[i] = found.get(i, 0) + (count or 0)
    return {i: count for i, count in found.items() if count}


def _by_first_day(
    session: Session,
    tallied: Tallied,
    ranges: list[tuple[str, dt.date, dt.date, int]],
    author_ids: Collection[int] | None,
) -> dict[int, int]:
    """{bucket: n} over the rollup rows of `ranges` ((grain, first, stop,
    bucket), sorted): one query part per run of adjacent ranges of a grain."""
    runs: list[list] = []
    for grain, first, stop, _bucket in ranges:
        if runs and runs[-1][0] == grain and runs[-1][2] == first:
            runs[-1][2] = stop
        else:
            runs.append([grain, first, stop])
    if not runs:
        return {}
    parts = [
        tallied.rows(grain, first, stop).add_columns(
            tallied.starts_on.label("starts_on"), literal(grain).label("grain")
        )
        for grain, first, stop in runs
    ]
    rows = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
    query = select(rows.c.grain, rows.c.starts_on, func.sum(rows.c.n)).group_by(
        rows.c.grain, rows.c.starts_on
    )
    starts = {grain: [] for grain, *_rest in ranges}
    for grain, first, _stop, bucket in ranges:
        starts[grain].append((first, bucket))
    found: dict[int, int] = {}
    for grain, day, count in session.execute(_by(query, rows, author_ids)):
        grain_starts = starts[grain]
        k = bisect.bisect_right(grain_starts, (day, math.inf)) - 1
        bucket = grain_starts[k][1]
        found[bucket] = found.get(bucket, 0) + (count or 0)
    return found
