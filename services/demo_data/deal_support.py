"""Helpers shared by the deal generators: ids assigned in the generator, record
numbers from the admin patterns, and placing planned events in time."""

from __future__ import annotations

import datetime as dt

from services.demo_data.customers import LOCAL_OFFSET, Clock
from services.numbering import format_number, period_of

MINUTE = dt.timedelta(minutes=1)


class Ids:
    """The next id per table, continuing after the rows already stored."""

    def __init__(self, first: dict[str, int]) -> None:
        self.next = dict(first)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class Numbers:
    """Contract and payment numbers as services.numbering renders them; the
    counters are saved afterwards so later numbers continue after these."""

    def __init__(
        self, patterns: dict[str, str], counters: dict[tuple[str, str], int]
    ) -> None:
        self.patterns = patterns
        self.counters = counters  # (object type, period) -> last value used
        self.periods: dict[tuple[str, dt.date], tuple[str, str]] = {}

    def take(self, object_type: str, on: dt.date) -> str:
        pattern = self.patterns[object_type]
        key = self.periods.get((object_type, on))
        if key is None:  # parsing the pattern is the slow part: once per day
            key = self.periods[object_type, on] = (object_type, period_of(pattern, on))
        value = self.counters.get(key, 0) + 1
        self.counters[key] = value
        return format_number(pattern, on, value)


class Timeline:
    """Places events planned in days before now: in office hours, each after the
    one it follows, never after now."""

    def __init__(self, clock: Clock, now: dt.datetime) -> None:
        self.clock = clock
        self.now = now

    def at(self, days_ago: float, after: dt.datetime) -> dt.datetime:
        moment = max(self.clock.office_time(max(days_ago, 0.0)), after + MINUTE)
        return min(moment, self.now)

    def later(self, after: dt.datetime, days: float) -> dt.datetime:
        """About `days` after `after` (hours for fractions)."""
        return self.at(self.days_ago(after) - days, after)

    def days_ago(self, moment: dt.datetime) -> float:
        return (self.now - moment).total_seconds() / 86_400

    @staticmethod
    def local_date(moment: dt.datetime) -> dt.date:
        """The date in Asia/Shanghai, as people write it on a contract."""
        return (moment + LOCAL_OFFSET).date()
