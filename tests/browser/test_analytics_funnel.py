"""The sales funnel and customer analytics pages in a real browser: they render
with data, a filter change updates them, and a clicked cell lists the records
behind it."""

from __future__ import annotations

import pytest

import models
from dashboard.ids import ReportPage
from services.database import Database
from services.opportunities import close_opportunity, move_opportunity_stage
from services.opportunity_stages import list_stages
from services.org import build_actor
from tests.browser.conftest import (
    LEADER_A_CUSTOMERS,
    REP_A1_CUSTOMERS,
    REP_A2_CUSTOMERS,
    close_drill,
    count,
    dash_prop,
    grid_column,
    login,
    row_cell,
    select_value,
    visit,
    wait_for_grid,
    wait_until,
)
from tests.factories import make_opportunity

pytestmark = pytest.mark.browser
FUNNEL = ReportPage("funnel")
CUSTOMERS = ReportPage("customers")
TEAM_A_CUSTOMERS = REP_A1_CUSTOMERS + LEADER_A_CUSTOMERS + REP_A2_CUSTOMERS


def add_deals(seeded_db) -> None:
    """This month: team A's deal in proposal, one won, one in the first stage;
    team B's deal in the first stage."""
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            stages = {s.code: s for s in list_stages(session)}

            def deal(owner: str, customer: str, name: str, amount: str):
                actor = build_actor(session, seeded_db.user_ids[owner])
                customer_row = session.get(
                    models.Customer, seeded_db.customer_ids[customer]
                )
                opportunity = make_opportunity(
                    session, actor, customer_row, name=name, amount=amount
                )
                return actor, opportunity

            actor, alpha = deal("rep_a1", "Acme Client 01", "Alpha deal", "1000")
            move_opportunity_stage(session, actor, alpha.id, stages["proposal"].id)
            actor, beta = deal("rep_a1", "Acme Client 02", "Beta deal", "500")
            close_opportunity(
                session, actor, beta.id, outcome="won", reason="Best offer"
            )
            deal("rep_a2", "Rep A2 Account", "Gamma deal", "300")
            deal("rep_b1", "Customer of rep_b1", "Other team deal", "9999")
    finally:
        db.dispose()


def test_the_funnel_shows_the_teams_pipeline_and_drills_into_a_stage(crm, seeded_db):
    add_deals(seeded_db)
    login(crm, "leader_a")
    visit(crm, "/analytics/funnel")

    grid = FUNNEL.grid("stages")
    wait_for_grid(
        crm,
        grid,
        lambda names: len(names) == 6,
        "the stages table never filled",
    )
    wait_until(
        crm,
        lambda: grid_column(crm, grid, "count") == ["1", "0", "1", "0", "1", "0"],
        lambda: f"stage counts are {grid_column(crm, grid, 'count')}",
    )
    assert grid_column(crm, grid, "amount")[2] == "¥1,000.00"
    assert grid_column(crm, grid, "weighted")[2] == "¥600.00"
    wait_until(
        crm,
        lambda: count(crm, f"#{FUNNEL.graph('stages')} .funnellayer .point") == 5,
        "the funnel chart does not show the open stages and won",
    )
    wait_until(
        crm,
        lambda: grid_column(crm, FUNNEL.grid("leads"), "member") == [],
        "leads were listed although none was created",
    )

    row_cell(crm, grid, "Proposal / quote", "count", name_col="stage").click()

    crm.wait_for_text_to_equal(f"#{FUNNEL.DRILL_TITLE}", "Proposal / quote")
    wait_for_grid(
        crm,
        FUNNEL.DRILL_GRID,
        lambda names: names == ["Alpha deal"],
        "the drill-down did not list the deal in proposal",
    )
    close_drill(crm, FUNNEL)

    select_value(crm, FUNNEL.PERIOD, "last_year")
    wait_until(
        crm,
        lambda: grid_column(crm, grid, "count") == ["0"] * 6,
        lambda: f"last year's counts are {grid_column(crm, grid, 'count')}",
    )
    assert crm.get_logs() == []


def test_customer_analytics_by_field_with_basis_and_drill(crm, seeded_db):
    login(crm, "leader_a")
    visit(crm, "/analytics/customers")

    source = CUSTOMERS.grid("source")
    wait_until(
        crm,
        lambda: (
            grid_column(crm, source, "value") == ["Not set"]
            and grid_column(crm, source, "customers") == [str(TEAM_A_CUSTOMERS)]
        ),
        lambda: f"sources read {grid_column(crm, source, 'customers')}",
    )
    wait_until(
        crm,
        lambda: count(crm, f"#{CUSTOMERS.graph('stage')} .pielayer .slice") == 4,
        "the stage donut does not have the four stages",
    )

    row_cell(crm, source, "Not set", "customers", name_col="value").click()

    crm.wait_for_contains_text(
        f"#{CUSTOMERS.DRILL_SUMMARY}", f"{TEAM_A_CUSTOMERS} records"
    )
    # The dialog's grid renders only the rows in view: read what it holds.
    wait_until(
        crm,
        lambda: len(dash_prop(crm, CUSTOMERS.DRILL_GRID, "rowData") or []) == 20,
        "the drill-down's first page is not full",
    )
    close_drill(crm, CUSTOMERS)

    select_value(crm, CUSTOMERS.PERIOD, "last_year")
    wait_until(
        crm,
        lambda: grid_column(crm, source, "value") == [],
        "last year's new customers are not empty",
    )
    select_value(crm, CUSTOMERS.option("basis"), "all")
    wait_until(
        crm,
        lambda: grid_column(crm, source, "customers") == [str(TEAM_A_CUSTOMERS)],
        "all current customers are not counted",
    )
    assert "basis=all" in crm.driver.current_url
    assert crm.get_logs() == []
