"""Follow-up counts from the trigger-kept tallies (models/followup_tally.py,
services/analytics/tallied_counts.py) equal counting the follow-ups, for any
span or run of buckets, whatever the tally clock (services/tally_clock.py), and
after follow-ups are moved, retyped, reassigned and deleted."""

import datetime as dt
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

import models
from models import FollowUp
from services.analytics import tallied_counts as counts_module
from services.analytics.tallied_counts import (
    FOLLOWUPS,
    tallied_by_bucket,
    tallied_counts,
    tally_parts,
)
from services.settings import Settings
from services.tally_clock import align_tally_clock, standard_offset, tally_shift
from tests.factories import make_customer

ORIGIN = dt.datetime(2026, 1, 20, 0, 0)
SPAN_HOURS = 24 * 120  # four months, crossing month ends
TYPES = ("call", "visit", "email")


def moments(rng: random.Random, n: int) -> list[dt.datetime]:
    return [
        ORIGIN + dt.timedelta(minutes=rng.randrange(SPAN_HOURS * 60)) for _ in range(n)
    ]


def truth(session, start, end, authors, by_type):
    rows = session.execute(
        select(FollowUp.author_id, FollowUp.followup_type).where(
            FollowUp.occurred_at >= start, FollowUp.occurred_at < end
        )
    ).all()
    counts = Counter(
        (author, kind) if by_type else (author,)
        for author, kind in rows
        if authors is None or author in authors
    )
    return sorted((*key, n) for key, n in counts.items())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(0, 60),
    # UTC, whole hours either way, and half an hour (UTC+5:30).
    zone=st.sampled_from(("UTC", "Asia/Shanghai", "America/New_York", "Asia/Kolkata")),
    recounted=st.booleans(),  # the clock set after the writes (recount) or before
)
def test_counts_equal_the_follow_ups_for_any_span(org, seed, size, zone, recounted):
    rng = random.Random(seed)
    session = org.session
    savepoint = session.begin_nested()
    try:
        if not recounted:
            align_tally_clock(session.connection(), zone)
        authors = [org.ids[name] for name in ("rep_a1", "rep_a2", "rep_b1")]
        customer = make_customer(session, org.actor("rep_a1"), "Acme")
        session.add_all(
            FollowUp(
                customer_id=customer.id,
                followup_type=rng.choice(TYPES),
                content="x",
                occurred_at=at,
                author_id=rng.choice(authors),
            )
            for at in moments(rng, size)
        )
        session.flush()
        ids = session.scalars(select(FollowUp.id)).all()
        for followup_id in rng.sample(ids, min(len(ids), 5)):  # every write path
            change = rng.choice(("move", "retype", "reassign", "delete"))
            if change == "delete":
                session.execute(delete(FollowUp).where(FollowUp.id == followup_id))
                continue
            values = {
                "move": {"occurred_at": moments(rng, 1)[0]},
                "retype": {"followup_type": rng.choice(TYPES)},
                "reassign": {"author_id": rng.choice(authors)},
            }[change]
            session.execute(
                update(FollowUp).where(FollowUp.id == followup_id).values(**values)
            )
        if recounted:
            align_tally_clock(session.connection(), zone)
        assert tally_shift(session) == standard_offset(zone)
        for _ in range(6):
            start, end = sorted(moments(rng, 2))
            if rng.random() < 0.3:  # whole days, as the reports' bounds often are
                start = start.replace(hour=16, minute=0)
            chosen = rng.choice([None, set(authors[:2]), {authors[2]}])
            for by_type in (False, True):
                counted = tallied_counts(
                    session, FOLLOWUPS, start, end, chosen, by_type=by_type
                )
                expected = truth(session, start, end, chosen, by_type)
                assert sorted(counted) == expected, (start, end, by_type)
            edges = sorted(moments(rng, rng.randrange(2, 12)))
            expected = {
                i: n
                for i, (lower, upper) in enumerate(zip(edges, edges[1:], strict=False))
                if (
                    n := sum(
                        row[-1] for row in truth(session, lower, upper, chosen, False)
                    )
                )
            }
            assert tallied_by_bucket(session, FOLLOWUPS, edges, chosen) == expected, (
                edges
            )
    finally:
        savepoint.rollback()
        session.expire_all()


def test_a_year_is_read_from_months_and_its_edges_from_days_and_hours():
    # A company-zone year (UTC+8) in naive UTC.
    start, end = dt.datetime(2025, 12, 31, 16), dt.datetime(2026, 12, 31, 16)
    tallied, raw = tally_parts(start, end)
    assert tallied == [
        ("month", dt.date(2026, 1, 1), dt.date(2026, 12, 1)),
        ("day", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ]
    assert raw == [(start, dt.datetime(2026, 1, 1)), (dt.datetime(2026, 12, 31), end)]


def test_whole_weeks_are_read_from_week_rows_where_the_rollup_has_them():
    start, end = dt.datetime(2026, 3, 4, 16), dt.datetime(2026, 3, 24, 7)  # Wed…Tue
    days = ("day", dt.date(2026, 3, 5), dt.date(2026, 3, 24))
    assert tally_parts(start, end)[0] == [days]
    assert tally_parts(start, end, weeks=True)[0] == [
        ("week", dt.date(2026, 3, 9), dt.date(2026, 3, 23)),
        ("day", dt.date(2026, 3, 5), dt.date(2026, 3, 9)),
        ("day", dt.date(2026, 3, 23), dt.date(2026, 3, 24)),
    ]
    monday = dt.datetime(2026, 3, 9)
    week = tally_parts(monday, monday + dt.timedelta(days=7), weeks=True)[0]
    assert week == [("week", monday.date(), dt.date(2026, 3, 16))]


def test_on_the_company_clock_a_company_year_needs_no_follow_up_rows(org):
    # The test database's clock is the company's zone (UTC+8), as init-db sets it.
    shift = tally_shift(org.session)
    assert shift == dt.timedelta(hours=8)
    start, end = dt.datetime(2025, 12, 31, 16), dt.datetime(2026, 12, 31, 16)
    tallied, raw = tally_parts(start + shift, end + shift)
    assert tallied == [("month", dt.date(2026, 1, 1), dt.date(2027, 1, 1))]
    assert all(lower == upper for lower, upper in raw)


def test_the_clock_moves_only_when_the_zone_has_another_offset(org):
    connection = org.session.connection()
    assert not align_tally_clock(connection, Settings.timezone)
    assert not align_tally_clock(connection, "Asia/Hong_Kong")  # also UTC+8
    assert align_tally_clock(connection, "Europe/Berlin")
    assert tally_shift(org.session) == dt.timedelta(hours=1)


def test_an_empty_span_counts_nothing(org):
    moment = dt.datetime(2026, 3, 1, 2)
    assert (
        tallied_counts(org.session, FOLLOWUPS, moment, moment, None, by_type=True) == []
    )


def test_a_span_within_one_utc_day_reads_the_follow_ups_only():
    start, end = dt.datetime(2026, 3, 1, 2), dt.datetime(2026, 3, 1, 9)
    assert tally_parts(start, end) == ([], [(start, end)])


def test_buckets_beyond_one_compound_query_are_counted_in_several(org, monkeypatch):
    monkeypatch.setattr(counts_module, "PARTS_PER_QUERY", 2)
    session = org.session
    author = org.ids["rep_a1"]
    customer = make_customer(session, org.actor("rep_a1"), "Acme")
    # Eight buckets of six hours: every one within a UTC day, so all raw.
    edges = [ORIGIN + dt.timedelta(hours=6 * i) for i in range(9)]
    session.add_all(
        FollowUp(
            customer_id=customer.id,
            followup_type="call",
            content="x",
            occurred_at=edge + dt.timedelta(minutes=1),
            author_id=author,
        )
        for edge in edges[:-1:2]
    )
    session.flush()
    assert tallied_by_bucket(session, FOLLOWUPS, edges, None) == {
        0: 1,
        2: 1,
        4: 1,
        6: 1,
    }


def test_a_year_of_days_for_hundreds_of_authors_fits_one_statement(org):
    # Per part, 600 authors in 200 parts would pass PostgreSQL's limit of
    # 65,535 parameters in a statement: the authors are bound once per query.
    session = org.session
    author = org.ids["rep_a1"]
    customer = make_customer(session, org.actor("rep_a1"), "Acme")
    start = dt.datetime(2025, 12, 31, 16)  # local midnight at UTC+8
    edges = [start + dt.timedelta(days=i) for i in range(366)]
    session.add(
        FollowUp(
            customer_id=customer.id,
            followup_type="call",
            content="x",
            occurred_at=edges[40] + dt.timedelta(hours=3),
            author_id=author,
        )
    )
    session.flush()
    authors = [author, *range(10_000, 10_600)]

    assert tallied_by_bucket(session, FOLLOWUPS, edges, authors) == {40: 1}


@pytest.mark.parametrize("isolated_engine", ["postgresql"], indirect=True)
def test_statements_carry_their_dates_and_authors_not_parameters(isolated_engine):
    # psycopg prepares a statement after 5 runs and PostgreSQL may then plan
    # it once for any parameters: the dates and authors are written in.
    models.Base.metadata.create_all(isolated_engine)
    start, end = dt.datetime(2025, 12, 31, 16), dt.datetime(2026, 12, 31, 16)
    with Session(isolated_engine) as session:
        for _ in range(8):
            tallied_counts(session, FOLLOWUPS, start, end, [1, 2, 3], by_type=True)
        types = session.scalars(
            text(
                "SELECT CAST(parameter_types AS TEXT) FROM pg_prepared_statements"
                " WHERE statement LIKE '%followup_tallies%'"
            )
        ).all()
    assert types  # prepared, as a statement run this often is
    assert not any("date" in t or "[]" in t for t in types), types
