"""The home page's activity cards: new customers and follow-ups of the
subject this month against last month, in the company's calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.analytics.home_kpis import activity_kpis
from services.analytics.performance_report import focus_subject
from tests.factories import force_columns, make_customer, make_followup

ZONE = "Asia/Shanghai"
TODAY = dt.date(2026, 5, 20)


def utc(local: dt.datetime) -> dt.datetime:
    """A Shanghai wall-clock time as stored (naive UTC)."""
    return local - dt.timedelta(hours=8)


def test_counts_follow_the_subject_and_the_local_month(org):
    created = {
        ("rep_a1", "May first, 00:30 local"): dt.datetime(2026, 5, 1, 0, 30),
        ("rep_a2", "April 30, 23:30 local"): dt.datetime(2026, 4, 30, 23, 30),
        ("rep_a1", "April 2"): dt.datetime(2026, 4, 2, 10, 0),
        ("rep_b1", "May, other team"): dt.datetime(2026, 5, 5, 10, 0),
    }
    for (owner, name), local in created.items():
        customer = make_customer(org.session, org.actor(owner), name)
        force_columns(org.session, customer, created_at=utc(local))
        followup = make_followup(org.session, org.actor(owner), customer)
        force_columns(org.session, followup, occurred_at=utc(local))
    leader = org.actor("leader_a")

    new_customers, followups = activity_kpis(
        org.session,
        leader,
        today=TODAY,
        zone=ZONE,
        subject=focus_subject(org.session, leader, None),
    )

    team_a = [local for (owner, _n), local in created.items() if owner != "rep_b1"]
    this_month = sum(1 for local in team_a if local.month == 5)
    last_month = sum(1 for local in team_a if local.month == 4)
    for kpi in (new_customers, followups):
        assert (kpi.actual, kpi.previous, kpi.target) == (
            Decimal(this_month),
            Decimal(last_month),
            None,
        )


def test_a_rep_counts_only_their_own(org):
    for owner in ("rep_a1", "rep_a2"):
        make_customer(org.session, org.actor(owner), f"Of {owner}")
    rep = org.actor("rep_a1")
    today = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()

    new_customers, _followups = activity_kpis(
        org.session,
        rep,
        today=today,
        zone=ZONE,
        subject=focus_subject(org.session, rep, None),
    )

    assert new_customers.actual == 1
