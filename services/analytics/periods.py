"""Reporting periods in the company's calendar: presets, custom ranges, the
period before, and the UTC bounds that select stored (UTC) timestamps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from services.errors import ValidationFailed
from services.msgid import N_

PRESETS = (
    "today",
    "this_week",
    "this_month",
    "last_month",
    "this_quarter",
    "this_year",
    "last_year",
    "custom",
)
MAX_CUSTOM_DAYS = 366 * 10


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included; `kind` says how to find the one before."""

    start: dt.date
    end: dt.date
    kind: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def month_period(year: int, month: int) -> Period:
    last = _month_end(year, month)
    return Period(dt.date(year, month, 1), last, "month")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(dt.date(year, first, 1), _month_end(year, first + 2), "quarter")


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def resolve_period(
    preset: str,
    *,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Period:
    """The period a filter bar asks for. Raises ValidationFailed."""
    if preset == "today":
        return Period(today, today, "day")
    if preset == "this_week":
        monday = today - dt.timedelta(days=today.weekday())
        return Period(monday, monday + dt.timedelta(days=6), "week")
    if preset == "this_month":
        return month_period(today.year, today.month)
    if preset == "last_month":
        return previous_period(month_period(today.year, today.month))
    if preset == "this_quarter":
        return quarter_period(today.year, (today.month - 1) // 3 + 1)
    if preset == "this_year":
        return year_period(today.year)
    if preset == "last_year":
        return year_period(today.year - 1)
    if preset == "custom":
        return custom_period(start, end)
    raise ValidationFailed({"period": N_("Unknown period.")})


def custom_period(start: dt.date | None, end: dt.date | None) -> Period:
    """Raises ValidationFailed naming the bad end(s)."""
    errors = {}
    if start is None:
        errors["start"] = N_("Choose the first day.")
    if end is None:
        errors["end"] = N_("Choose the last day.")
    if start and end:
        if end < start:
            errors["end"] = N_("The last day is before the first day.")
        elif (end - start).days >= MAX_CUSTOM_DAYS:
            errors["end"] = N_("Choose a range of at most ten years.")
    if errors:
        raise ValidationFailed(errors)
    return Period(start, end, "custom")


def previous_period(period: Period) -> Period:
    """The comparable period before: last month for a month, last quarter for a
    quarter…; for other ranges the same number of days just before."""
    if period.kind == "month":
        before = period.start - dt.timedelta(days=1)
        return month_period(before.year, before.month)
    if period.kind == "quarter":
        before = period.start - dt.timedelta(days=1)
        return quarter_period(before.year, (before.month - 1) // 3 + 1)
    if period.kind == "year":
        return year_period(period.start.year - 1)
    end = period.start - dt.timedelta(days=1)
    return Period(end - dt.timedelta(days=period.days - 1), end, period.kind)


def year_earlier(period: Period) -> Period:
    """The same days a year before (29 February → 28 February)."""

    def back(day: dt.date) -> dt.date:
        if day.month == 2 and day.day == 29:
            return dt.date(day.year - 1, 2, 28)
        return day.replace(year=day.year - 1)

    return Period(back(period.start), back(period.end), period.kind)


def utc_bounds(period: Period, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """[first local midnight, the midnight after the last day) as naive UTC, for
    columns that store UTC timestamps."""
    tz = ZoneInfo(zone)

    def utc(day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(), tzinfo=tz)
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    return utc(period.start), utc(period.end + dt.timedelta(days=1))
