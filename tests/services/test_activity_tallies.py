"""The activity counts read from the rollup (models/activity_tally.py, through
services/analytics/tallied_counts.py) equal counting the records, for each
metric and any span or run of weeks, whatever the tally clock, after the
writes that move a record in or out of a count: back-dating, another creator,
converting, winning, the recycle bin and back, moving a contact, deleting."""

import datetime as dt
import random

import pytest
from sqlalchemy import delete, func, select

from models import Contact, FollowUp, Lead
from services.analytics.tallied_counts import tallied_by_bucket, tallied_counts
from services.analytics.work_statistics import (
    COUNT_METRICS,
    MEMBER_COUNTS,
    MEMBER_TALLIED,
    TALLIED,
)
from services.tally_clock import align_tally_clock
from tests.factories import (
    force_columns,
    make_contact,
    make_customer,
    make_followup,
    make_lead,
    make_opportunity,
)

ORIGIN = dt.datetime(2026, 1, 20, 0, 0)
SPAN_MINUTES = 120 * 24 * 60  # four months, crossing month ends


def moment(rng: random.Random) -> dt.datetime:
    return ORIGIN + dt.timedelta(minutes=rng.randrange(SPAN_MINUTES))


def counted_one_by_one(session, key, start, end):
    records = TALLIED[key].records(start, end).subquery()
    query = select(records.c.author, func.count()).group_by(records.c.author)
    return sorted(tuple(row) for row in session.execute(query))


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Asia/Kolkata"])
def test_activity_counts_equal_the_records_after_every_kind_of_write(org, zone):
    rng = random.Random(zone)
    session = org.session
    align_tally_clock(session.connection(), zone)
    users = [org.ids[name] for name in ("rep_a1", "rep_a2", "rep_b1")]
    actor = org.actor("rep_a1")
    customers = [make_customer(session, actor, f"Customer {i}") for i in range(6)]
    contacts = [
        make_contact(session, actor, rng.choice(customers[1:]), f"Contact {i}")
        for i in range(12)
    ]
    leads = [make_lead(session, actor, f"Lead {i}") for i in range(10)]
    followups = [
        make_followup(session, actor, rng.choice(customers), occurred_at=moment(rng))
        for _ in range(10)
    ]
    deals = [
        make_opportunity(session, actor, rng.choice(customers[1:]), f"Deal {i}")
        for i in range(10)
    ]
    for record in (*customers, *contacts, *leads, *deals):
        force_columns(
            session, record, created_at=moment(rng), created_by_id=rng.choice(users)
        )
    for lead in leads[:5]:
        force_columns(
            session,
            lead,
            status="converted",
            converted_by_id=rng.choice(users),
            converted_at=moment(rng),
        )
    for deal in deals[:5]:
        force_columns(
            session,
            deal,
            status="won",
            closed_at=moment(rng),
            owner_id=rng.choice(users),
        )
    binned, restored = customers[:2]
    force_columns(session, binned, deleted_at=ORIGIN)
    force_columns(session, restored, deleted_at=ORIGIN)
    force_columns(session, restored, deleted_at=None)
    force_columns(session, contacts[0], customer_id=binned.id)  # into the bin
    force_columns(session, leads[0], deleted_at=ORIGIN)  # a converted one
    force_columns(session, leads[6], deleted_at=ORIGIN)
    force_columns(session, deals[1], status="lost")  # no longer won
    force_columns(session, leads[7], created_by_id=None)  # counts for no one
    force_columns(session, followups[0], author_id=users[2], occurred_at=moment(rng))
    session.execute(delete(FollowUp).where(FollowUp.id == followups[1].id))
    session.execute(delete(Contact).where(Contact.id == contacts[1].id))
    session.execute(delete(Lead).where(Lead.id == leads[8].id))

    for key in COUNT_METRICS:
        for _ in range(8):
            start, end = sorted((moment(rng), moment(rng)))
            if rng.random() < 0.5:  # whole days of the clock's zone
                start, end = (t.replace(hour=16, minute=0) for t in (start, end))
            counted = sorted(tallied_counts(session, TALLIED[key], start, end, None))
            assert counted == counted_one_by_one(session, key, start, end), key
        # The activity trend's weeks of the clock's zone (and a cut first week).
        mondays = [ORIGIN + dt.timedelta(days=7 * i - 2, hours=16) for i in range(18)]
        edges = [mondays[0] + dt.timedelta(days=3), *mondays[1:]]
        expected = {
            i: sum(n for _author, n in counted_one_by_one(session, key, lower, upper))
            for i, (lower, upper) in enumerate(zip(edges, edges[1:], strict=False))
        }
        by_week = tallied_by_bucket(session, TALLIED[key], edges, None)
        assert by_week == {i: n for i, n in expected.items() if n}, key
        everything = counted_one_by_one(
            session, key, ORIGIN, ORIGIN + dt.timedelta(days=121)
        )
        assert everything, key  # each metric has records to count
    # The member table's metrics counted at once, each record typed by its metric.
    for _ in range(8):
        start, end = sorted((moment(rng), moment(rng)))
        at_once = tallied_counts(
            session, MEMBER_TALLIED, start, end, None, by_type=True
        )
        assert sorted(at_once) == sorted(
            (author, key, n)
            for key in MEMBER_COUNTS
            for author, n in counted_one_by_one(session, key, start, end)
        )
