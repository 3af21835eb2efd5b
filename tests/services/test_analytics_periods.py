"""Reporting periods: presets, the period before, UTC bounds in the company zone."""

from __future__ import annotations

import datetime as dt

import pytest

from services.analytics.periods import (
    Period,
    previous_period,
    resolve_period,
    utc_bounds,
)
from services.errors import ValidationFailed

TODAY = dt.date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("preset", "start", "end"),
    [
        ("today", TODAY, TODAY),
        ("this_week", dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        ("this_month", dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
        ("last_month", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("this_quarter", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("this_year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("last_year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ],
)
def test_presets(preset, start, end):
    period = resolve_period(preset, today=TODAY)

    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("preset", "today", "start", "end"),
    [
        ("this_month", dt.date(2026, 3, 31), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("this_month", dt.date(2024, 3, 1), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (
            "this_quarter",
            dt.date(2026, 2, 1),
            dt.date(2025, 10, 1),
            dt.date(2025, 12, 31),
        ),
        ("this_year", dt.date(2026, 6, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("this_week", TODAY, dt.date(2026, 11, 9), dt.date(2026, 11, 15)),
        ("today", dt.date(2026, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 12, 31)),
    ],
)
def test_the_period_before(preset, today, start, end):
    before = previous_period(resolve_period(preset, today=today))

    assert (before.start, before.end) == (start, end)


def test_a_custom_range_is_compared_with_the_same_number_of_days_before():
    period = resolve_period(
        "custom", today=TODAY, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 19)
    )

    before = previous_period(period)

    assert (before.start, before.end) == (dt.date(2026, 2, 28), dt.date(2026, 3, 9))


def test_custom_range_errors_name_the_field():
    with pytest.raises(ValidationFailed) as error:
        resolve_period(
            "custom", today=TODAY, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 1)
        )
    assert set(error.value.errors) == {"end"}

    with pytest.raises(ValidationFailed) as error:
        resolve_period("custom", today=TODAY)
    assert set(error.value.errors) == {"start", "end"}


def test_months_touched():
    period = Period(dt.date(2025, 11, 15), dt.date(2026, 2, 1))

    assert period.months() == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_utc_bounds_start_at_local_midnight():
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))

    start, end = utc_bounds(period, "Asia/Shanghai")

    assert start == dt.datetime(2025, 12, 31, 16, 0)
    assert end == dt.datetime(2026, 1, 31, 16, 0)


def test_utc_bounds_follow_daylight_saving():
    start, end = utc_bounds(
        Period(dt.date(2026, 3, 28), dt.date(2026, 3, 29)), "Europe/Berlin"
    )

    assert start == dt.datetime(2026, 3, 27, 23, 0)  # CET
    assert end == dt.datetime(2026, 3, 29, 22, 0)  # CEST from the 29th
