"""The performance page in a real browser: KPIs, the months chart, members and
the drill-down behind a clicked month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from models import Contract
from services.database import Database
from services.targets import TargetRowIn, save_targets
from tests.browser.conftest import (
    count,
    grid_column,
    login,
    visit,
    wait_for_grid,
    wait_for_path_matching,
    wait_until,
)

pytestmark = pytest.mark.browser
YEAR = dt.date.today().year


def add_contracts(seeded_db, deals=None, month: int = 3) -> None:
    """Approved contracts (owner, amount, day of `month`): by default team A's in
    March and one of team B; plus team A's monthly target of 4,000."""
    from services.org import build_actor

    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            customer_id = next(iter(seeded_db.customer_ids.values()))
            deals = deals or [
                ("rep_a1", "1200.00", 5),
                ("rep_a1", "800.00", 20),
                ("rep_a2", "500.00", 11),
                ("rep_b1", "9999.00", 11),
            ]
            for index, (owner, amount, day) in enumerate(deals):
                owner_id = seeded_db.user_ids[owner]
                actor = build_actor(session, owner_id)
                session.add(
                    Contract(
                        number=f"HT-PERF-{index}",
                        name=f"Deal {index}",
                        name_normalized=f"deal{index}",
                        customer_id=customer_id,
                        amount=Decimal(amount),
                        paid_amount=Decimal(0),
                        sign_date=dt.date(YEAR, month, day),
                        owner_id=owner_id,
                        status="approved",
                        approved_owner_id=owner_id,
                        approved_team_id=actor.team_id,
                    )
                )
            leader = build_actor(session, seeded_db.user_ids["leader_a"])
            save_targets(
                session,
                leader,
                team_id=leader.team_id,
                year=YEAR,
                metric="contract_amount",
                rows=[TargetRowIn("team", leader.team_id, ["4000"] * 12)],
            )
    finally:
        db.dispose()


def grid_text(dash_duo, grid_id: str) -> str:
    return dash_duo.find_element(f"#{grid_id}").text


def test_a_leader_reads_the_year_and_drills_into_march(crm, seeded_db):
    add_contracts(seeded_db)
    login(crm, "leader_a")
    visit(crm, "/performance")

    crm.wait_for_contains_text("#report-performance-summary-grid", "¥2,500.00")
    summary = grid_text(crm, "report-performance-summary-grid")
    assert "¥48,000.00" in summary
    assert "5.2%" in summary
    wait_for_grid(
        crm,
        "report-performance-members-grid",
        lambda names: names[:2] == ["Rep A1", "Rep A2"],
        "members not listed best first",
    )

    march = wait_until(
        crm,
        lambda: crm.driver.find_elements(
            "css selector", "#report-performance-months-graph .barlayer .point"
        )[2],
        "no bar for March",
    )
    ActionChains(crm.driver).move_to_element(march).click().perform()

    crm.wait_for_contains_text("#report-performance-drill-summary", "¥2,500.00")
    wait_for_grid(
        crm,
        "report-performance-drill-grid",
        lambda names: len(names) == 3,
        "the drill-down did not list March's three contracts",
        col_id="number",
    )
    assert sorted(grid_column(crm, "report-performance-drill-grid", "number")) == [
        "HT-PERF-0",
        "HT-PERF-1",
        "HT-PERF-2",
    ]
    assert "3 records" in crm.find_element("#report-performance-drill-summary").text
    assert crm.get_logs() == []


def test_a_rep_sees_only_their_own_results(crm, seeded_db):
    add_contracts(seeded_db)
    login(crm, "rep_a2")
    visit(crm, "/performance")

    crm.wait_for_contains_text("#report-performance-summary-grid", "¥500.00")
    wait_for_grid(
        crm,
        "report-performance-members-grid",
        lambda names: names == ["Rep A2"],
        "a rep saw other members",
    )
    assert crm.get_logs() == []


def test_the_home_page_shows_this_months_amounts_against_the_target(crm, seeded_db):
    today = dt.date.today()
    add_contracts(
        seeded_db, [("rep_a1", "1000.00", 1), ("rep_a2", "200.00", 1)], today.month
    )
    login(crm, "leader_a")

    crm.wait_for_contains_text("#home-month", "Contracts signed this month")
    text = crm.find_element("#home-month").text
    assert "¥1,200.00" in text
    assert "Target ¥4,000.00 · 30.0%" in text
    assert "Team A" in text
    assert crm.get_logs() == []


def grain_option(grain: str) -> str:
    return f"label[for='_dbcprivate_radioitems_home-chart-grain_input_{grain}']"


def test_the_home_chart_switches_grain_and_opens_the_performance_page(crm, seeded_db):
    today = dt.date.today()
    add_contracts(seeded_db, [("rep_a1", "1000.00", 1)], today.month)
    login(crm, "leader_a")

    def bars() -> int:
        return count(crm, "#home-chart .barlayer .point")

    wait_until(crm, lambda: bars() == 12, "no month bars on the home chart")
    crm.find_element(grain_option("quarter")).click()
    wait_until(crm, lambda: bars() == 4, "the chart did not switch to quarters")
    crm.find_element(grain_option("year")).click()
    wait_until(crm, lambda: bars() == 5, "the chart did not switch to years")

    last = crm.driver.find_elements("css selector", "#home-chart .barlayer .point")[-1]
    ActionChains(crm.driver).move_to_element(last).click().perform()
    wait_for_path_matching(
        crm, r"/performance\?period=this_year&metric=contract_amount"
    )
    crm.wait_for_contains_text("#report-performance-forecast-grid", "¥1,000.00")
    assert crm.get_logs() == []
