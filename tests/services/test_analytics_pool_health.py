"""Pool health analytics against numbers computed in plain Python over the pool
moves, customers and contracts each test writes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import models
from models import Contract, PoolEvent
from models.base import utcnow
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import Period, month_period, year_period
from services.analytics.pool_health import (
    REPORT,
    buckets,
    claimed_to_signed,
    drill_aging,
    drill_conversion,
    drill_flows,
    drill_returning,
    drill_size,
    pool_aging,
    pool_flows,
    pool_size,
    returning_by_owner,
)
from services.analytics.report import DRILL_KEY, ReportFilters
from services.errors import NotFound, PermissionDenied
from services.pool import PoolRulesIn, expiring_customers, update_rules
from tests.factories import force_columns, make_customer

D = Decimal
DAY = dt.timedelta(days=1)
MARCH = month_period(2026, 3)
TODAY = dt.date(2026, 3, 31)


class Pool:
    """Customers moved into and out of the pool as services.pool leaves them
    (customer columns and a PoolEvent), at chosen times."""

    def __init__(self, org):
        self.org = org
        self.count = 0
        self.events: list[tuple[int, str, dt.datetime]] = []

    def customer(self, owner="rep_a1", name=None):
        self.count += 1
        org = self.org
        return make_customer(
            org.session, org.actor(owner), name or f"Pool customer {self.count}"
        )

    def release(self, customer, at, reason="released", note=None):
        owner = customer.owner_id
        self._move(customer, "in", reason, owner, at, note)
        force_columns(
            self.org.session,
            customer,
            owner_id=None,
            last_owner_id=owner,
            pool_entered_at=at,
            pool_reason=reason,
            pool_note=note,
            claimed_at=None,
        )

    def take(self, customer, who, at, reason="claimed"):
        self._move(customer, "out", reason, self.org.ids[who], at, None)
        force_columns(
            self.org.session,
            customer,
            owner_id=self.org.ids[who],
            pool_entered_at=None,
            pool_reason=None,
            claimed_at=at,
        )

    def _move(self, customer, direction, reason, owner_id, at, note):
        self.org.session.add(
            PoolEvent(
                customer_id=customer.id,
                direction=direction,
                reason=reason,
                owner_id=owner_id,
                note=note,
                created_at=at,
            )
        )
        self.org.session.flush()
        self.events.append((customer.id, direction, at))

    def in_pool_at(self, moment: dt.datetime) -> int:
        """Customers whose last move before `moment` put them in the pool."""
        last: dict[int, tuple[dt.datetime, str]] = {}
        for customer_id, direction, at in sorted(self.events, key=lambda e: e[2]):
            if at < moment:
                last[customer_id] = (at, direction)
        return sum(1 for _at, direction in last.values() if direction == "in")


@pytest.fixture
def pool(org):
    return Pool(org)


def filters_for(org, who, period=MARCH, *, today=TODAY, within="7", **subject):
    subject.setdefault("team_id", None)
    subject.setdefault("user_id", None)
    actor = org.actor(who)
    chosen = resolve_subject(org.session, actor, **subject)
    return actor, ReportFilters(
        period, chosen, today, "Asia/Shanghai", {"within": within}
    )


def utc(year, month, day, hour=12, minute=0):
    """A Shanghai wall-clock time as the naive UTC value stored."""
    return dt.datetime(year, month, day, hour, minute) - dt.timedelta(hours=8)


# --- pool size over time ------------------------------------------------------


def test_buckets_follow_the_period_length_and_stop_today():
    march = buckets(MARCH, dt.date(2026, 3, 10))
    quarter = buckets(Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)), TODAY)
    year = buckets(year_period(2026), dt.date(2026, 5, 15))

    assert len(march) == 10 and march[-1].first == march[-1].last
    assert (quarter[0].first, quarter[0].last) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 4),
    )
    assert all(b.last.weekday() == 6 for b in quarter[:-1])
    assert quarter[-1].last == dt.date(2026, 3, 31)
    assert [(b.first.month, b.last) for b in year][-2:] == [
        (4, dt.date(2026, 4, 30)),
        (5, dt.date(2026, 5, 15)),
    ]
    assert buckets(month_period(2026, 4), TODAY) == []


def test_pool_size_replays_the_moves_back_from_today(org, pool):
    customers = [pool.customer() for _ in range(5)]
    pool.release(customers[0], utc(2026, 2, 20))  # before the period
    pool.release(customers[1], utc(2026, 3, 3))
    pool.take(customers[1], "rep_a2", utc(2026, 3, 5))
    pool.release(customers[2], utc(2026, 3, 5, 23, 59))
    # 2026-03-05 16:30 UTC is already the 6th in Shanghai.
    pool.release(customers[3], dt.datetime(2026, 3, 5, 16, 30), "auto_no_followup")
    pool.take(customers[0], "rep_b1", utc(2026, 3, 20))
    pool.release(customers[4], utc(2026, 4, 2))  # after the period
    actor, filters = filters_for(org, "rep_a1")

    table = pool_size(org.session, actor, filters)

    assert [row["day"] for row in table.rows] == [
        dt.date(2026, 3, day) for day in range(1, 32)
    ]
    for row in table.rows:
        end = utc(row["day"].year, row["day"].month, row["day"].day, 0) + DAY
        assert row["size"] == pool.in_pool_at(end), row["day"]
    by_day = {row["day"].day: row for row in table.rows}
    assert (by_day[5]["inflow"], by_day[5]["outflow"]) == (1, 1)
    assert by_day[6]["inflow"] == 1
    assert by_day[20]["outflow"] == 1
    page = drill_size(org.session, actor, filters, "2026-03-05", "outflow", 1, 20)
    assert [row["id"] for row in page.rows] == [customers[1].id]
    assert page.rows[0]["person"] == "Rep A2"
    assert "open" not in page.rows[0]  # rep_a2's customer now


def test_pool_size_by_month_over_a_year(org, pool):
    customers = [pool.customer() for _ in range(3)]
    pool.release(customers[0], utc(2025, 12, 31, 23, 30))
    pool.release(customers[1], utc(2026, 1, 15))
    pool.take(customers[0], "rep_a1", utc(2026, 2, 1, 0, 30))
    pool.release(customers[2], utc(2026, 3, 31, 23, 59))
    actor, filters = filters_for(org, "leader_a", year_period(2026))

    table = pool_size(org.session, actor, filters)

    assert [(row["day"], row["size"]) for row in table.rows] == [
        (dt.date(2026, 1, 31), 2),
        (dt.date(2026, 2, 28), 1),
        (dt.date(2026, 3, 31), 2),
    ]
    assert [row[DRILL_KEY] for row in table.rows][0] == "2026-01-01"


def test_pool_sections_follow_the_pools_own_visibility(org, pool):
    actor, filters = filters_for(org, "exec")
    for load in (pool_size, pool_flows, pool_aging):
        with pytest.raises(PermissionDenied):
            load(org.session, actor, filters)
    assert claimed_to_signed(org.session, actor, filters).rows == []


# --- inflow and outflow -------------------------------------------------------


def test_flows_count_the_moves_of_the_period_by_reason(org, pool):
    moves = [
        ("in", "released", utc(2026, 3, 1, 0, 1)),
        ("in", "released", utc(2026, 3, 31, 23, 59)),
        ("in", "auto_unsigned", utc(2026, 3, 10)),
        ("out", "claimed", utc(2026, 3, 11)),
        ("out", "assigned", utc(2026, 3, 12)),
        ("in", "released", utc(2026, 2, 28, 23, 59)),  # February
        ("out", "claimed", utc(2026, 4, 1, 0, 0)),  # April
    ]
    customers = []
    for direction, reason, at in moves:
        customers.append(pool.customer())
        if direction == "in":
            pool.release(customers[-1], at, reason, note="No budget")
        else:
            pool.take(customers[-1], "rep_a2", at, reason)
    pool.take(customers[0], "rep_a1", utc(2026, 4, 5))
    actor, filters = filters_for(org, "rep_b1")

    table = pool_flows(org.session, actor, filters)

    local_days = [
        (reason, (at + dt.timedelta(hours=8)).date()) for _d, reason, at in moves
    ]
    expected = Counter(reason for reason, day in local_days if MARCH.contains(day))
    assert {row[DRILL_KEY]: row["moves"] for row in table.rows} == {
        reason: expected[reason]
        for reason in (
            "released",
            "auto_no_followup",
            "auto_unsigned",
            "auto_dormant",
            "claimed",
            "assigned",
            "approved",
        )
    }
    page = drill_flows(org.session, actor, filters, "released", "moves", 1, 20)
    assert page.total == 2
    assert {row["note"] for row in page.rows} == {"No budget"}
    # Still in the pool: the pool's page; rep_a1's now, unseen by rep_b1: none.
    assert {row["id"]: row.get("open") for row in page.rows} == {
        customers[0].id: None,
        customers[1].id: ("pool_customer", customers[1].id),
    }
    with pytest.raises(NotFound):
        drill_flows(org.session, actor, filters, "vanished", "moves", 1, 20)


# --- aging --------------------------------------------------------------------


def test_aging_sorts_todays_pool_by_whole_days_in_it(org, pool):
    now = utcnow()
    ages = [0, 7.9, 8, 30.5, 31, 90.9, 91, 400]
    for days in ages:
        pool.release(pool.customer(), now - dt.timedelta(days=days))
    pool.take(pool.customer(), "rep_a2", now)  # owned: not in the pool
    actor, filters = filters_for(org, "rep_a1")

    table = pool_aging(org.session, actor, filters)

    def bucket(days):
        for key, most in (("0-7", 7), ("8-30", 30), ("31-90", 90)):
            if int(days) <= most:
                return key
        return "90+"

    expected = Counter(bucket(days) for days in ages)
    assert [(row[DRILL_KEY], row["customers"]) for row in table.rows] == [
        (key, expected[key]) for key in ("0-7", "8-30", "31-90", "90+")
    ]
    assert table.rows[0]["share"] == D(2) / len(ages)
    page = drill_aging(org.session, actor, filters, "90+", "customers", 1, 20)
    assert [row["days"] for row in page.rows] == [400, 91]
    assert page.rows[0]["open"][0] == "pool_customer"


# --- returning soon -----------------------------------------------------------


def enable_rules(org, **values):
    data = {
        "auto_return_enabled": True,
        "no_followup_days": 30,
        "unsigned_days": 90,
        "dormant_days": 180,
        "warn_days": 3,
    } | values
    version = org.session.scalar(select(models.PoolRules.version)) or 0
    update_rules(
        org.session, org.actor("admin"), PoolRulesIn(**data), expected_version=version
    )


def owned(pool, owner, *, claimed_days_ago, followed_days_ago=None, **columns):
    """An owned customer claimed (and last followed up) so many days ago."""
    now = utcnow()
    customer = pool.customer(owner)
    followed = now - followed_days_ago * DAY if followed_days_ago is not None else None
    force_columns(
        pool.org.session,
        customer,
        created_at=now - 400 * DAY,
        claimed_at=now - claimed_days_ago * DAY,
        last_followup_at=followed,
        **columns,
    )
    return customer


def test_returning_soon_uses_the_pool_rules_per_owner(org, pool):
    enable_rules(org)
    no_followup = owned(pool, "rep_a1", claimed_days_ago=28)  # in 2 days
    unsigned = owned(pool, "rep_a1", claimed_days_ago=89.5, followed_days_ago=1)
    later = owned(pool, "rep_a1", claimed_days_ago=40, followed_days_ago=1)  # 29 d
    soon = owned(pool, "rep_a2", claimed_days_ago=25)  # in 5 days
    owned(
        pool,
        "rep_a2",
        claimed_days_ago=300,
        followed_days_ago=178,
        stage="cooperating",
    )
    overdue = owned(pool, "rep_a2", claimed_days_ago=31)  # the job has not run yet
    owned(
        pool,
        "rep_a2",
        claimed_days_ago=89,
        followed_days_ago=1,
        pool_extension_days=10,
    )  # signing deadline in 11 days
    owned(pool, "rep_b1", claimed_days_ago=28)  # another team

    def returning(within, who="leader_a"):
        actor, filters = filters_for(org, who, within=within)
        table = returning_by_owner(org.session, actor, filters)
        return {
            row["owner"]: (
                row["returning"],
                row["auto_no_followup"],
                row["auto_unsigned"],
                row["auto_dormant"],
            )
            for row in table.rows
        }

    assert returning("7") == {"Rep A1": (2, 1, 1, 0), "Rep A2": (3, 2, 0, 1)}
    assert returning("30") == {"Rep A1": (3, 2, 1, 0), "Rep A2": (4, 2, 1, 1)}
    assert returning("7", "rep_a1") == {"Rep A1": (2, 1, 1, 0)}
    actor, filters = filters_for(org, "leader_a", within="30")
    page = drill_returning(
        org.session, actor, filters, str(org.ids["rep_a2"]), "auto_no_followup", 1, 20
    )
    assert [row["id"] for row in page.rows] == [overdue.id, soon.id]
    page = drill_returning(
        org.session, actor, filters, str(org.ids["rep_a1"]), "returning", 1, 20
    )
    assert [row["id"] for row in page.rows] == [unsigned.id, no_followup.id, later.id]
    with pytest.raises(NotFound):
        drill_returning(
            org.session, actor, filters, str(org.ids["rep_b1"]), "returning", 1, 20
        )


def test_returning_soon_matches_the_pool_expiring_list(org, pool):
    enable_rules(org, warn_days=7)
    for days in (10, 22, 24, 29, 35):
        owned(pool, "rep_a1", claimed_days_ago=days)
    actor, filters = filters_for(org, "rep_a1", within="7")

    page = drill_returning(
        org.session, actor, filters, str(org.ids["rep_a1"]), "returning", 1, 50
    )

    expiring = expiring_customers(org.session, actor)
    assert [row["id"] for row in page.rows] == [row["id"] for row in expiring]
    assert page.total == 3


def test_nothing_returns_while_the_rules_are_off(org, pool):
    owned(pool, "rep_a1", claimed_days_ago=400)
    actor, filters = filters_for(org, "admin", within="30")

    assert returning_by_owner(org.session, actor, filters).rows == []


# --- claimed → signed ---------------------------------------------------------


def approved_contract(org, customer, approved_at):
    contract = Contract(
        number=f"HT-PH-{customer.id}",
        name="Pool deal",
        name_normalized="pooldeal",
        customer_id=customer.id,
        amount=D("100.00"),
        sign_date=approved_at.date(),
        owner_id=customer.owner_id,
        status="approved",
        approved_at=approved_at,
    )
    org.session.add(contract)
    org.session.flush()


def test_claimed_customers_count_as_signed_when_approved_after(org, pool):
    signed, early, assigned, february, april = (
        pool.customer("rep_b1") for _ in range(5)
    )
    for customer in (signed, early, assigned, february, april):
        pool.release(customer, utc(2026, 1, 5))
    pool.take(signed, "rep_a1", utc(2026, 3, 5))
    approved_contract(org, signed, utc(2026, 3, 20))
    pool.take(early, "rep_a1", utc(2026, 3, 10))
    approved_contract(org, early, utc(2026, 3, 1))  # before the claim
    pool.take(assigned, "rep_a2", utc(2026, 3, 12), "assigned")
    pool.take(february, "rep_a1", utc(2026, 2, 28, 23, 59))
    pool.take(april, "rep_a2", dt.datetime(2026, 3, 31, 16, 30))  # April 1st local
    actor, filters = filters_for(org, "leader_a")

    table = claimed_to_signed(org.session, actor, filters)

    assert [
        (row["owner"], row["taken"], row["signed"], row["rate"]) for row in table.rows
    ] == [("Rep A1", 2, 1, D("0.5")), ("Rep A2", 1, 0, D(0))]
    key = str(org.ids["rep_a1"])
    page = drill_conversion(org.session, actor, filters, key, "signed", 1, 20)
    assert [row["id"] for row in page.rows] == [signed.id]
    assert page.rows[0]["open"] == ("customer", signed.id)
    rep, own = filters_for(org, "rep_a2")
    assert [row["owner"] for row in claimed_to_signed(org.session, rep, own).rows] == [
        "Rep A2"
    ]


# --- drill totals -------------------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.sampled_from(("rep_a1", "rep_a2", "rep_b1")),
            st.integers(min_value=-5, max_value=40),  # day of March (out of range too)
            st.integers(min_value=0, max_value=23),  # hour, UTC
            st.sampled_from(("released", "auto_no_followup", "claimed", "assigned")),
            st.booleans(),  # signed after the move
        ),
        max_size=20,
    )
)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_drill_totals_equal_the_cells(org, pool, plan):
    savepoint = org.session.begin_nested()
    try:
        for owner, day, hour, reason, signs in plan:
            customer = pool.customer(owner)
            at = dt.datetime(2026, 3, 1) + dt.timedelta(days=day, hours=hour)
            if reason in ("claimed", "assigned"):
                pool.release(customer, at - DAY)
                pool.take(customer, owner, at, reason)
                if signs:
                    approved_contract(org, customer, at + DAY)
            else:
                pool.release(customer, at, reason)
        actor, filters = filters_for(org, "leader_a", today=dt.date(2026, 4, 30))
        for section in REPORT.sections:
            table = section.load(org.session, actor, filters)
            for row in table.rows:
                for column in table.columns:
                    if column.drillable:
                        page = section.drill(
                            org.session,
                            actor,
                            filters,
                            row[DRILL_KEY],
                            column.key,
                            1,
                            200,
                        )
                        assert page.total == row[column.key] == len(page.rows)
    finally:
        savepoint.rollback()
        org.session.expire_all()
