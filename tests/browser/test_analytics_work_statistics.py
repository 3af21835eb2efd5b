"""Work statistics and rankings in a real browser: the pages render the seeded
work, a filter change updates them, and a click on a number lists the records
behind it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from dashboard.ids import ReportPage
from models import Contract, Customer
from models.base import utcnow
from services.database import Database
from services.org import build_actor
from tests.browser.conftest import (
    OLD_FOLLOWUP,
    REP_A1_CUSTOMERS,
    UNIQUE_CUSTOMER,
    close_drill,
    count,
    grid_cell,
    grid_column,
    login,
    row_cell,
    select_value,
    visit,
    wait_for_grid,
    wait_until,
)
from tests.factories import make_followup

pytestmark = pytest.mark.browser
WORK = ReportPage("work-statistics")
RANKINGS = ReportPage("rankings")


def seed_work(seeded_db) -> None:
    """Minutes ago: rep_a1 logs two calls and a visit, rep_a2 one call; approved
    contracts signed today: rep_a2 900.00, rep_a1 300.00, rep_b1 5,000.00."""
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            unique = session.get(Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER])
            rep_a1 = build_actor(session, seeded_db.user_ids["rep_a1"])
            moment = utcnow() - dt.timedelta(minutes=5)
            for followup_type in ("call", "call", "visit"):
                make_followup(
                    session,
                    rep_a1,
                    unique,
                    f"Work statistics {followup_type}",
                    followup_type=followup_type,
                    occurred_at=moment,
                )
            rep_a2 = build_actor(session, seeded_db.user_ids["rep_a2"])
            own = session.get(Customer, seeded_db.customer_ids["Rep A2 Account"])
            make_followup(session, rep_a2, own, "Checked in", occurred_at=moment)
            for index, (owner, amount) in enumerate(
                (("rep_a2", "900.00"), ("rep_a1", "300.00"), ("rep_b1", "5000.00"))
            ):
                actor = build_actor(session, seeded_db.user_ids[owner])
                session.add(
                    Contract(
                        number=f"HT-RANK-{index}",
                        name=f"Ranked deal {index}",
                        name_normalized=f"rankeddeal{index}",
                        customer_id=unique.id,
                        amount=Decimal(amount),
                        paid_amount=Decimal(0),
                        sign_date=dt.date.today(),
                        owner_id=actor.user_id,
                        status="approved",
                        approved_owner_id=actor.user_id,
                        approved_team_id=actor.team_id,
                    )
                )
    finally:
        db.dispose()


def recent_days() -> str:
    """A custom range around today that holds everything the seed wrote (the
    seeded rows are minutes old; a day either side covers any time zone)."""
    today = dt.date.today()
    start, end = today - dt.timedelta(days=3), today + dt.timedelta(days=1)
    return f"period=custom&start={start.isoformat()}&end={end.isoformat()}"


def wait_for_cell(crm, grid_id: str, name: str, column: str, text: str) -> None:
    wait_until(
        crm,
        lambda: row_cell(crm, grid_id, name, column).text == text,
        lambda: f"{name}'s {column} in #{grid_id} is not {text!r}",
    )


def test_work_statistics_render_filter_and_drill(crm, seeded_db):
    seed_work(seeded_db)
    login(crm, "leader_a")
    visit(crm, f"/analytics/work-statistics?{recent_days()}")

    grid = WORK.grid("members")
    wait_for_grid(
        crm,
        grid,
        lambda names: sorted(names) == ["Leader A", "Rep A1", "Rep A2"],
        "the member table did not list team A",
    )
    # The seed's call of yesterday, and the two calls and a visit just logged.
    wait_for_cell(crm, grid, "Rep A1", "followups_call", "3")
    assert row_cell(crm, grid, "Rep A1", "followups").text == "4"
    assert row_cell(crm, grid, "Rep A1", "new_customers").text == str(REP_A1_CUSTOMERS)
    assert row_cell(crm, grid, "Rep A2", "contract_amount").text == "¥900.00"
    assert row_cell(crm, grid, "Leader A", "followups").text == "0"
    wait_until(
        crm,
        lambda: count(crm, f"#{WORK.graph('followups')} .barlayer .point") > 0,
        "no follow-up bars",
    )

    row_cell(crm, grid, "Rep A1", "followups_call").click()
    crm.wait_for_text_to_equal(f"#{WORK.DRILL_TITLE}", "Rep A1")
    crm.wait_for_text_to_equal(f"#{WORK.DRILL_SUMMARY}", "3 records")
    wait_until(
        crm,
        lambda: (
            sorted(grid_column(crm, WORK.DRILL_GRID, "content"))
            == sorted([OLD_FOLLOWUP, "Work statistics call", "Work statistics call"])
        ),
        "the drill-down did not list the three calls",
    )
    close_drill(crm, WORK)

    select_value(crm, WORK.PERIOD, "last_year")
    wait_for_cell(crm, grid, "Rep A1", "followups", "0")
    assert row_cell(crm, grid, "Rep A2", "contract_amount").text == "¥0.00"
    assert "period=last_year" in crm.driver.current_url
    assert crm.get_logs() == []


def test_rankings_highlight_me_switch_metric_and_drill(crm, seeded_db):
    seed_work(seeded_db)
    login(crm, "leader_a")
    visit(crm, f"/analytics/rankings?{recent_days()}&metric=contract_amount")

    grid = RANKINGS.grid("ranking")
    wait_for_grid(
        crm,
        grid,
        lambda names: names == ["Rep A2", "Rep A1", "Leader A"],
        "members not ranked by contract amount",
    )
    assert grid_column(crm, grid, "rank") == ["1", "2", "3"]
    me = grid_cell(crm, grid, "Leader A").find_element(
        By.XPATH, "./ancestor::div[@role='row']"
    )
    assert "font-weight: 600" in me.get_attribute("style")
    bars = wait_until(
        crm,
        lambda: crm.driver.find_elements(
            By.CSS_SELECTOR, f"#{RANKINGS.graph('ranking')} .barlayer .point"
        ),
        "no ranking bars",
    )
    assert len(bars) == 3

    ActionChains(crm.driver).move_to_element(bars[0]).click().perform()
    crm.wait_for_text_to_equal(f"#{RANKINGS.DRILL_TITLE}", "Rep A2")
    crm.wait_for_text_to_equal(f"#{RANKINGS.DRILL_SUMMARY}", "1 records · ¥900.00")
    assert grid_column(crm, RANKINGS.DRILL_GRID, "number") == ["HT-RANK-0"]
    close_drill(crm, RANKINGS)

    select_value(crm, RANKINGS.option("metric"), "new_customers")
    wait_for_grid(
        crm,
        grid,
        lambda names: names == ["Rep A1", "Leader A", "Rep A2"],
        "members not ranked by new customers",
    )
    assert grid_column(crm, grid, "new_customers") == [
        str(REP_A1_CUSTOMERS),
        "2",
        "1",
    ]
    row_cell(crm, grid, "Rep A2", "new_customers").click()
    crm.wait_for_text_to_equal(f"#{RANKINGS.DRILL_SUMMARY}", "1 records")
    assert grid_column(crm, RANKINGS.DRILL_GRID, "name") == ["Rep A2 Account"]
    assert crm.get_logs() == []
