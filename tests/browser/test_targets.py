"""Performance targets in a real browser: edit cells, see the members total,
get cell-level errors, save, spread a yearly number."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import (
    fill,
    grid_cell,
    login,
    row_cell,
    visit,
    wait_for_grid,
    wait_until,
)

pytestmark = pytest.mark.browser
GRID = "targets-grid"


def cell(crm, row_name: str, col_id: str):
    return row_cell(crm, GRID, row_name, col_id)


def type_into(crm, row_name: str, col_id: str, text: str) -> None:
    cell(crm, row_name, col_id).click()
    editor = crm.wait_for_element(f"#{GRID} .ag-cell-inline-editing input")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(text, Keys.ENTER)


def members_total(crm, col_id: str) -> str:
    return crm.driver.execute_script(
        "const c = document.querySelector(arguments[0]); return c ? c.innerText : '';",
        f"#{GRID} .ag-floating-bottom .ag-row [col-id='{col_id}']",
    )


def test_a_leader_sets_targets_for_the_team_and_its_members(crm):
    login(crm, "leader_a")
    visit(crm, "/targets")
    wait_for_grid(
        crm,
        GRID,
        lambda names: names == ["Team A", "Leader A", "Rep A1", "Rep A2"],
        "the grid never listed team A",
    )

    type_into(crm, "Rep A1", "m1", "500")
    type_into(crm, "Rep A2", "m1", "250.50")
    wait_until(
        crm, lambda: members_total(crm, "m1") == "750.50", "members total not summed"
    )

    type_into(crm, "Rep A2", "m2", "abc")
    crm.find_element("#targets-save").click()
    crm.wait_for_contains_text("#targets-message", "Rep A2 · Month 2")

    type_into(crm, "Rep A2", "m2", "100")
    crm.find_element("#targets-save").click()
    crm.wait_for_contains_text("#targets-message", "Targets saved (3 months).")

    # A yearly number for the team, spread over the months.
    grid_cell(crm, GRID, "Team A").click()
    fill(crm, "#targets-yearly", "12000")
    crm.find_element("#targets-distribute").click()
    wait_until(
        crm,
        lambda: cell(crm, "Team A", "m12").text == "1000.00",
        "the yearly amount was not spread",
    )
    crm.find_element("#targets-save").click()
    crm.wait_for_contains_text("#targets-message", "Targets saved (15 months).")

    visit(crm, "/targets")
    wait_until(
        crm,
        lambda: cell(crm, "Rep A1", "m1").text == "500.00",
        "the saved target did not come back",
    )
    assert cell(crm, "Team A", "year_total").text == "12,000.00"
    assert crm.get_logs() == []


def test_reps_may_not_set_targets(crm):
    login(crm, "rep_a1")
    visit(crm, "/targets")

    crm.wait_for_contains_text(".admin-forbidden", "You do not have permission")
    assert crm.get_logs() == []
