"""Duplicate check page: normalised matches, details only within the scope."""

import pytest
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import (
    REP_B1_CUSTOMER,
    UNIQUE_CUSTOMER,
    count,
    fill,
    login,
    visit,
    wait_for_path,
)

pytestmark = pytest.mark.browser

ROWS = "#duplicates-results tr.duplicate-row"


def test_finds_a_full_width_and_plus_86_variant_with_its_details(crm, seeded_db):
    login(crm, "rep_a1")
    crm.find_element("#nav-customers\\/duplicates").click()
    wait_for_path(crm, "/customers/duplicates")

    fill(crm, "#duplicates-name", "ＺＥＰＨＹＲ　harbour-trading")
    fill(crm, "#duplicates-mobile", "+86 139 1234 5678")
    crm.find_element("#duplicates-check").click()

    crm.wait_for_contains_text(
        "#duplicates-counts", "Same name or mobile: 1 · Similar names: 0"
    )
    row = crm.find_element(f"{ROWS}.in-scope")
    assert "Same name (normalised)" in row.text
    assert "Same mobile (normalised)" in row.text
    assert "13912345678" in row.text
    row.find_element("css selector", "a").click()
    wait_for_path(crm, f"/customers/{seeded_db.customer_ids[UNIQUE_CUSTOMER]}")
    assert crm.get_logs() == []


def test_another_teams_customer_shows_only_name_owner_and_team(crm):
    login(crm, "rep_a1")
    visit(crm, "/customers/duplicates")

    fill(crm, "#duplicates-name", REP_B1_CUSTOMER.upper())
    crm.find_element("#duplicates-name").send_keys(Keys.ENTER)

    crm.wait_for_contains_text(f"{ROWS}.out-of-scope", "Outside your scope")
    row = crm.find_element(f"{ROWS}.out-of-scope")
    cells = [cell.text for cell in row.find_elements("css selector", "td")]
    assert cells[1:] == [REP_B1_CUSTOMER, "Outside your scope", "Rep B1", "Team B", ""]
    assert count(crm, f"{ROWS} a") == 0
    assert count(crm, f"{ROWS}.in-scope") == 0
    assert crm.get_logs() == []


def test_query_string_prefills_and_runs_the_check_and_errors_show(crm):
    login(crm, "rep_a1")
    visit(crm, "/customers/duplicates?mobile=0086-139-1234-5678")
    crm.wait_for_contains_text(f"{ROWS}.in-scope", UNIQUE_CUSTOMER)

    fill(crm, "#duplicates-mobile", "call me")
    crm.find_element("#duplicates-check").click()
    crm.wait_for_text_to_equal(
        "#duplicates-mobile-feedback", "Enter the digits of a phone number."
    )
    assert count(crm, ROWS) == 0
    assert crm.get_logs() == []
