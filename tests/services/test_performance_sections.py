"""The performance page's sections: period total, months (custom ranges clip
their months), members, forecast, and drill-downs equal to the clicked cell."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from services.analytics import performance_sections as sections
from services.analytics.performance_report import resolve_subject
from services.analytics.periods import Period, year_period
from services.analytics.report import ReportFilters
from services.errors import NotFound
from services.targets import TargetRowIn, save_targets
from tests.services.test_analytics_performance import Deals

D = Decimal


@pytest.fixture
def deals(org):
    return Deals(org)


def filters(org, who="leader_a", period=None, metric="contract_amount", **subject):
    subject.setdefault("team_id", None)
    subject.setdefault("user_id", None)
    return ReportFilters(
        period or year_period(2026),
        resolve_subject(org.session, org.actor(who), **subject),
        dt.date(2026, 5, 20),
        "Asia/Shanghai",
        {"metric": metric},
    )


def test_months_hold_actual_target_and_the_year_before(org, deals):
    deals.contract("rep_a1", "100.00", dt.date(2026, 3, 5))
    deals.contract("rep_a2", "50.00", dt.date(2026, 3, 20))
    deals.contract("rep_a1", "80.00", dt.date(2025, 3, 9))
    deals.contract("rep_b1", "999.00", dt.date(2026, 3, 9))  # another team
    save_targets(
        org.session,
        org.actor("leader_a"),
        team_id=org.team_a.id,
        year=2026,
        metric="contract_amount",
        rows=[TargetRowIn("team", org.team_a.id, ["200"] * 12)],
    )
    leader = org.actor("leader_a")

    table = sections.months_table(org.session, leader, filters(org))
    total = sections.summary_table(org.session, leader, filters(org))

    march = table.rows[2]
    assert len(table.rows) == 12
    assert (march["month"], march["actual"], march["target"], march["last_year"]) == (
        "2026-03",
        D("150.00"),
        D("200"),
        D("80.00"),
    )
    assert march["attainment"] == D("0.75")
    assert march["yoy"] == (D("150") - D("80")) / D("80")
    assert table.rows[0]["actual"] == 0 and table.rows[0]["yoy"] is None
    (row,) = total.rows
    assert (row["actual"], row["target"], row["last_year"]) == (
        D("150.00"),
        D("2400"),
        D("80.00"),
    )


def test_a_custom_range_clips_its_months_and_drills_within_them(org, deals):
    deals.contract("rep_a1", "10.00", dt.date(2026, 3, 14))  # before the range
    deals.contract("rep_a1", "20.00", dt.date(2026, 3, 15))
    deals.contract("rep_a1", "40.00", dt.date(2026, 4, 10))
    deals.contract("rep_a1", "80.00", dt.date(2026, 4, 11))  # after the range
    period = Period(dt.date(2026, 3, 15), dt.date(2026, 4, 10))
    leader = org.actor("leader_a")
    chosen = filters(org, period=period)

    table = sections.months_table(org.session, leader, chosen)
    page = sections.months_drill(
        org.session, leader, chosen, "2026-03", "actual", 1, 50
    )

    assert [(r["month"], r["actual"]) for r in table.rows] == [
        ("2026-03", D("20.00")),
        ("2026-04", D("40.00")),
    ]
    assert (page.total, page.amount) == (1, D("20.00"))
    assert page.rows[0]["open"][0] == "contract"


def test_every_drillable_cell_drills_to_its_number(org, deals):
    rng = random.Random(7)
    for _ in range(40):
        contract = deals.contract(
            rng.choice(("rep_a1", "rep_a2", "rep_b1")),
            f"{rng.randint(100, 9999)}.00",
            dt.date(rng.choice((2025, 2026)), rng.randint(1, 12), rng.randint(1, 28)),
        )
        if rng.random() < 0.5:
            deals.payment(contract, "10.00", contract.sign_date)
    leader = org.actor("leader_a")
    for metric in ("contract_amount", "payment_amount"):
        chosen = filters(org, metric=metric)
        for section in (
            sections.REPORT.section(k) for k in ("summary", "months", "members")
        ):
            table = section.load(org.session, leader, chosen)
            for row in table.rows:
                for column in ("actual", "last_year"):
                    page = section.drill(
                        org.session, leader, chosen, row["drill"], column, 1, 500
                    )
                    assert page.amount == row[column]
                    assert sum((r["amount"] for r in page.rows), D(0)) == row[column]


@pytest.mark.parametrize(
    ("section", "row", "column"),
    [
        ("months", "2026-13", "actual"),
        ("months", "2026-03", "target"),
        ("summary", "period", "attainment"),
        ("members", "{rep_b1}", "actual"),  # another team's rep
        ("members", "abc", "actual"),
    ],
)
def test_cells_that_cannot_be_drilled_are_not_found(org, section, row, column):
    row = row.format(rep_b1=org.ids["rep_b1"])
    drill = sections.REPORT.section(section).drill
    with pytest.raises(NotFound):
        drill(org.session, org.actor("leader_a"), filters(org), row, column, 1, 20)


def test_the_forecast_row_is_this_months(org, deals):
    deals.contract("rep_a1", "70.00", dt.date(2026, 5, 2))
    deals.contract("rep_a1", "30.00", dt.date(2026, 4, 2))

    table = sections.forecast_table(org.session, org.actor("leader_a"), filters(org))

    (row,) = table.rows
    assert row["actual"] == D("70.00")
    assert row["expected"] >= row["actual"] and row["high"] >= row["expected"]
