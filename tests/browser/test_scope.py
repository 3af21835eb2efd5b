"""A team leader sees the team's customers and narrows them with the scope switcher."""

import pytest
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import (
    LEADER_A_CUSTOMERS,
    REP_A1_CUSTOMERS,
    REP_A2_CUSTOMERS,
    REP_B1_CUSTOMER,
    UNIQUE_CUSTOMER,
    count,
    fill,
    login,
    open_customers,
    wait_for_grid,
)

pytestmark = pytest.mark.browser

SCOPE = "#shell-scope"
TEAM_A_TOTAL = LEADER_A_CUSTOMERS + REP_A1_CUSTOMERS + REP_A2_CUSTOMERS


def choose_scope(dash_duo, label: str) -> None:
    """Pick a scope; the page reloads with it once the server has stored it."""
    dash_duo.select_dcc_dropdown(SCOPE, value=label)
    dash_duo.wait_for_text_to_equal(f"{SCOPE} .Select-value-label", label)


def test_leader_sees_the_team_and_narrows_to_own_customers(crm):
    login(crm, "leader_a")
    names = open_customers(crm, TEAM_A_TOTAL)
    assert UNIQUE_CUSTOMER in names  # rep_a1's
    assert crm.find_element(f"{SCOPE} .Select-value-label").text == "Team A"

    choose_scope(crm, "Only me")
    crm.wait_for_text_to_equal("#customers-total", f"Total: {LEADER_A_CUSTOMERS}")
    assert wait_for_grid(
        crm, "customers-grid", lambda names: len(names) == 2, "only leader_a's"
    ) == ["Leader Account 2", "Leader Account 1"]

    choose_scope(crm, "Team A")
    crm.wait_for_text_to_equal("#customers-total", f"Total: {TEAM_A_TOTAL}")
    # Team B is out of reach whatever the scope.
    fill(crm, "#customers-search", REP_B1_CUSTOMER)
    crm.find_element("#customers-search").send_keys(Keys.ENTER)
    crm.wait_for_text_to_equal("#customers-total", "Total: 0")
    assert crm.get_logs() == []


def test_rep_has_no_scope_switcher(crm):
    login(crm, "rep_a1")
    open_customers(crm)
    assert count(crm, SCOPE) == 0
    assert crm.get_logs() == []
