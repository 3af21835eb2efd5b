"""The performance page's numbers: subjects and scope, months, members and the
drill-down behind any number."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from services.analytics.performance import actual_total
from services.analytics.performance_report import (
    drill_down,
    member_performance,
    resolve_subject,
)
from services.analytics.periods import month_period, year_period
from services.errors import NotFound
from services.targets import TargetRowIn, save_targets
from tests.services.test_analytics_performance import Deals

D = Decimal


@pytest.fixture
def deals(org):
    return Deals(org)


def subject(org, who, **kwargs):
    kwargs.setdefault("team_id", None)
    kwargs.setdefault("user_id", None)
    return resolve_subject(org.session, org.actor(who), **kwargs)


def test_each_viewer_starts_from_their_natural_subject(org):
    assert subject(org, "rep_a1").user_id == org.ids["rep_a1"]
    assert subject(org, "leader_a").team_id == org.team_a.id
    assert subject(org, "admin").team_id == org.company.id
    assert subject(org, "exec").label == "Company"


@pytest.mark.parametrize(
    ("who", "kwargs"),
    [
        ("leader_a", {"team_id": "team_b"}),
        ("rep_a1", {"team_id": "team_a"}),
        ("rep_a1", {"user_id": "rep_a2"}),
        ("leader_a", {"user_id": "rep_b1"}),
    ],
)
def test_subjects_outside_the_scope_do_not_exist(org, who, kwargs):
    resolved = {
        key: (getattr(org, value).id if key == "team_id" else org.ids[value])
        for key, value in kwargs.items()
    }
    with pytest.raises(NotFound):
        subject(org, who, **resolved)


def test_members_are_listed_best_first_with_their_targets(org, deals):
    deals.contract("rep_a2", "300.00", dt.date(2026, 6, 1))
    deals.contract("rep_a1", "100.00", dt.date(2026, 6, 2))
    save_targets(
        org.session,
        org.actor("admin"),
        team_id=org.team_a.id,
        year=2026,
        metric="contract_amount",
        rows=[TargetRowIn("user", org.ids["rep_a1"], ["400"] * 12)],
    )

    rows = member_performance(
        org.session,
        org.actor("leader_a"),
        metric="contract_amount",
        period=month_period(2026, 6),
        last_year_period=month_period(2025, 6),
        subject=subject(org, "leader_a"),
    )

    assert [(r.name, r.actual, r.target) for r in rows] == [
        ("Rep A2", D("300.00"), None),
        ("Rep A1", D("100.00"), D("400")),
        ("Leader A", D(0), None),
    ]
    assert rows[1].attainment == D("0.25")


def test_a_moved_rep_stays_credited_to_the_old_team(org, deals):
    deals.contract("rep_a1", "40.00", dt.date(2026, 2, 2))
    org.move_user("rep_a1", org.team_b)

    rows = member_performance(
        org.session,
        org.actor("admin"),
        metric="contract_amount",
        period=year_period(2026),
        last_year_period=year_period(2025),
        subject=subject(org, "admin", team_id=org.team_a.id),
    )

    assert {r.name: r.actual for r in rows}["Rep A1"] == D("40.00")


def test_drill_down_total_equals_the_number_clicked(org, deals):
    rng = random.Random(3)
    for _ in range(45):
        contract = deals.contract(
            rng.choice(("rep_a1", "rep_a2", "rep_b1")),
            f"{rng.randint(100, 9999)}.00",
            dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
            status=rng.choice(("approved", "approved", "pending")),
        )
        if contract.status == "approved" and rng.random() < 0.5:
            deals.payment(contract, "10.00", contract.sign_date)
    leader = org.actor("leader_a")
    team = subject(org, "leader_a")
    for metric in ("contract_amount", "payment_amount"):
        for month in range(1, 13):
            period = month_period(2026, month)
            clicked = actual_total(
                org.session, leader, metric, period, **team.filters(org.session)
            )

            page = drill_down(
                org.session,
                leader,
                metric=metric,
                period=period,
                subject=team,
                page_size=200,
            )

            assert page.extra["sum"] == clicked
            assert sum((row["amount"] for row in page.rows), D(0)) == clicked
            assert page.total == len(page.rows)


def test_month_kpis_compare_with_the_target_and_last_month(org, deals):
    from services.analytics.performance_report import focus_subject, month_kpis

    deals.contract("rep_a1", "300.00", dt.date(2026, 5, 10))
    deals.contract("rep_a2", "100.00", dt.date(2026, 4, 30))
    contract = deals.contract("rep_a1", "900.00", dt.date(2026, 4, 1))
    deals.payment(contract, "250.00", dt.date(2026, 5, 2))
    save_targets(
        org.session,
        org.actor("leader_a"),
        team_id=org.team_a.id,
        year=2026,
        metric="contract_amount",
        rows=[TargetRowIn("team", org.team_a.id, ["600"] * 12)],
    )

    leader = org.actor("leader_a")
    subject = focus_subject(org.session, leader, None)
    contracts, payments = month_kpis(
        org.session, leader, today=dt.date(2026, 5, 20), subject=subject
    )

    assert subject.team_id == org.team_a.id
    assert (contracts.actual, contracts.target, contracts.previous) == (
        D("300.00"),
        D("600"),
        D("1000.00"),
    )
    assert contracts.attainment == D("0.5")
    assert (payments.actual, payments.target, payments.previous) == (
        D("250.00"),
        None,
        D(0),
    )
