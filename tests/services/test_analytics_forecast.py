"""Home and performance extras: the month / quarter / year target-vs-actual
series, the scope switcher's subject and the month-end forecast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import OpportunityStage, PaymentInstallment
from services.analytics.forecast import month_end_forecast
from services.analytics.performance_report import (
    focus_subject,
    resolve_subject,
    target_vs_actual_series,
)
from services.errors import ValidationFailed
from services.targets import TargetRowIn, save_targets
from tests.factories import make_customer, make_opportunity
from tests.services.test_analytics_performance import Deals

D = Decimal
TODAY = dt.date(2026, 5, 20)


@pytest.fixture
def deals(org):
    return Deals(org)


def team_a(org, who="leader_a"):
    return resolve_subject(
        org.session, org.actor(who), team_id=org.team_a.id, user_id=None
    )


def set_targets(org, monthly: str) -> None:
    save_targets(
        org.session,
        org.actor("leader_a"),
        team_id=org.team_a.id,
        year=TODAY.year,
        metric="contract_amount",
        rows=[TargetRowIn("team", org.team_a.id, [monthly] * 12)],
    )


def test_quarters_sum_their_months_with_targets_and_the_year_before(org, deals):
    signed = [
        ("rep_a1", "100.00", dt.date(2026, 1, 31)),
        ("rep_a2", "40.00", dt.date(2026, 3, 31)),
        ("rep_a1", "60.00", dt.date(2026, 4, 1)),
        ("rep_a1", "25.00", dt.date(2025, 2, 14)),
        ("rep_b1", "999.00", dt.date(2026, 2, 1)),  # team B: not team A's
    ]
    for owner, amount, day in signed:
        deals.contract(owner, amount, day)
    set_targets(org, "50")

    points = target_vs_actual_series(
        org.session,
        org.actor("leader_a"),
        metric="contract_amount",
        grain="quarter",
        today=TODAY,
        subject=team_a(org),
    )

    team_a_rows = [(D(a), d) for o, a, d in signed if o != "rep_b1"]

    def expected(year, quarter):
        months = range(3 * quarter - 2, 3 * quarter + 1)
        return sum(
            (a for a, d in team_a_rows if d.year == year and d.month in months),
            D(0),
        )

    assert [p.actual for p in points] == [expected(2026, q) for q in range(1, 5)]
    assert [p.before for p in points] == [expected(2025, q) for q in range(1, 5)]
    assert [p.target for p in points] == [D("150")] * 4
    assert points[0].period.start == dt.date(2026, 1, 1)
    assert points[-1].period.end == dt.date(2026, 12, 31)


def test_years_go_back_five_and_months_cover_the_year(org, deals):
    deals.contract("rep_a1", "70.00", dt.date(2022, 12, 31))
    deals.contract("rep_a1", "30.00", dt.date(2021, 12, 31))  # before the window
    deals.contract("rep_a1", "10.00", dt.date(2026, 12, 31))
    leader = org.actor("leader_a")
    years = target_vs_actual_series(
        org.session,
        leader,
        metric="contract_amount",
        grain="year",
        today=TODAY,
        subject=team_a(org),
    )
    months = target_vs_actual_series(
        org.session,
        leader,
        metric="contract_amount",
        grain="month",
        today=TODAY,
        subject=team_a(org),
    )

    assert [p.period.start.year for p in years] == [2022, 2023, 2024, 2025, 2026]
    assert [p.actual for p in years] == [D("70.00"), 0, 0, 0, D("10.00")]
    assert years[0].before == D("30.00")
    assert all(p.target is None for p in years)
    assert len(months) == 12 and months[11].actual == D("10.00")


def test_unknown_grain_is_a_field_error(org):
    with pytest.raises(ValidationFailed) as error:
        target_vs_actual_series(
            org.session,
            org.actor("leader_a"),
            metric="contract_amount",
            grain="decade",
            today=TODAY,
            subject=team_a(org),
        )
    assert set(error.value.errors) == {"grain"}


@pytest.mark.parametrize(
    ("who", "focus", "expected"),
    [
        ("leader_a", "me", ("user", "leader_a")),
        ("leader_a", None, ("team", "team_a")),
        ("leader_a", "team:{team_b}", ("team", "team_a")),  # not hers: fallback
        ("admin", "team:{team_b}", ("team", "team_b")),
        ("admin", "all", ("everyone", None)),
        ("leader_a", "all", ("team", "team_a")),
        ("rep_a1", "team:{team_a}", ("user", "rep_a1")),
        ("leader_a", "team:99999999999999999999999", ("team", "team_a")),
    ],
)
def test_the_scope_switcher_chooses_the_subject(org, who, focus, expected):
    if focus:
        focus = focus.format(team_b=org.team_b.id, team_a=org.team_a.id)
    subject = focus_subject(org.session, org.actor(who), focus)

    kind, name = expected
    if kind == "user":
        assert (subject.user_id, subject.team_id) == (org.ids[name], None)
    elif kind == "team":
        assert (subject.user_id, subject.team_id) == (None, getattr(org, name).id)
    else:
        assert (subject.user_id, subject.team_id, subject.label) == (None, None, None)


def stage(org, probability_at_least: int) -> OpportunityStage:
    return org.session.scalars(
        select(OpportunityStage)
        .where(
            OpportunityStage.outcome == "open",
            OpportunityStage.probability >= probability_at_least,
        )
        .order_by(OpportunityStage.probability)
    ).first()


def test_contract_forecast_adds_the_weighted_pipeline_closing_this_month(org, deals):
    deals.contract("rep_a1", "1000.00", dt.date(2026, 5, 3))
    deals.contract("rep_a1", "500.00", dt.date(2026, 4, 30))  # last month
    set_targets(org, "5000")
    rep = org.actor("rep_a1")
    customer = make_customer(org.session, rep, "Pipeline Co")
    late = stage(org, 50)
    early = stage(org, 1)
    opportunities = [
        ("2000.00", dt.date(2026, 5, 31), late),
        ("800.00", dt.date(2026, 5, 1), early),
        ("9000.00", dt.date(2026, 6, 1), late),  # next month
        ("300.00", None, late),  # no expected date
    ]
    for amount, closes, at in opportunities:
        make_opportunity(
            org.session,
            rep,
            customer,
            amount=amount,
            expected_close_date=closes,
            stage_id=at.id,
        )
    other = make_customer(org.session, org.actor("rep_b1"), "Elsewhere")
    make_opportunity(
        org.session,
        org.actor("rep_b1"),
        other,
        amount="7000",
        expected_close_date=dt.date(2026, 5, 10),
        stage_id=late.id,
    )

    forecast = month_end_forecast(
        org.session,
        org.actor("leader_a"),
        metric="contract_amount",
        subject=team_a(org),
        today=TODAY,
    )

    in_month = [
        (D(a), s.probability)
        for a, closes, s in opportunities
        if closes and closes.month == 5
    ]
    weighted = sum((a * p / 100 for a, p in in_month), D(0))
    assert forecast.actual == D("1000.00")
    assert forecast.expected == D("1000.00") + weighted.quantize(D("0.01"))
    assert forecast.high == D("1000.00") + sum((a for a, _p in in_month), D(0))
    assert forecast.target == D("5000")
    assert forecast.expected_attainment == forecast.expected / D("5000")


def test_payment_forecast_adds_what_is_still_due_this_month(org, deals):
    contract = deals.contract("rep_a1", "10000.00", dt.date(2026, 3, 1))
    due = [
        (dt.date(2026, 5, 2), "3000.00", "1000.00"),  # partly collected
        (dt.date(2026, 5, 31), "2000.00", "0"),
        (dt.date(2026, 6, 1), "4000.00", "0"),  # next month
        (dt.date(2026, 5, 15), "1000.00", "1000.00"),  # fully collected
    ]
    for sequence, (day, amount, collected) in enumerate(due, start=1):
        item = PaymentInstallment(
            contract_id=contract.id, sequence=sequence, due_date=day, amount=D(amount)
        )
        org.session.add(item)
        org.session.flush()
        if D(collected):
            payment = deals.payment(contract, collected, dt.date(2026, 5, 10))
            payment.installment_id = item.id
    org.session.flush()

    forecast = month_end_forecast(
        org.session,
        org.actor("leader_a"),
        metric="payment_amount",
        subject=team_a(org),
        today=TODAY,
    )

    collected = sum((D(c) for _d, _a, c in due), D(0))
    still_due = sum(
        (max(D(a) - D(c), D(0)) for day, a, c in due if day.month == 5), D(0)
    )
    assert forecast.actual == collected
    assert forecast.expected == forecast.high == collected + still_due
    assert forecast.target is None and forecast.expected_attainment is None
