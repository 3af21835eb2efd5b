"""Transfer customers from the list and from the detail page (team leader)."""

import pytest

from tests.browser.conftest import (
    LEADER_A_CUSTOMERS,
    REP_A1_CUSTOMERS,
    REP_A2_CUSTOMERS,
    UNIQUE_CUSTOMER,
    click_tab,
    dash_prop,
    fill,
    grid_column,
    login,
    open_customers,
    open_detail,
    select_grid_row,
    wait_for_grid,
    wait_until,
)

pytestmark = pytest.mark.browser

SCOPE = "#shell-scope"
TEAM_A_TOTAL = LEADER_A_CUSTOMERS + REP_A1_CUSTOMERS + REP_A2_CUSTOMERS
LEADER_ACCOUNTS = ["Leader Account 2", "Leader Account 1"]


def choose_scope(dash_duo, label: str) -> None:
    dash_duo.select_dcc_dropdown(SCOPE, value=label)
    dash_duo.wait_for_text_to_equal(f"{SCOPE} .Select-value-label", label)


def choose_new_owner(dash_duo, prefix: str, seeded_db, username: str, label: str):
    """Pick the new owner once the dialog has loaded its options."""
    field = f"{prefix}-transfer-to-user-id"
    wait_until(
        dash_duo,
        lambda: label in [o["label"] for o in dash_prop(dash_duo, field, "options")],
        f"{label!r} never offered as new owner",
    )
    dash_duo.select_dcc_dropdown(f"#{field}", value=label)
    wait_until(
        dash_duo,
        lambda: (
            dash_prop(dash_duo, field, "value") == str(seeded_db.user_ids[username])
        ),
        f"{label!r} never chosen",
    )


def owner_of(dash_duo, name: str) -> str:
    names = grid_column(dash_duo, "customers-grid", "name")
    owners = grid_column(dash_duo, "customers-grid", "owner")
    return dict(zip(names, owners, strict=True)).get(name, "")


def test_leader_transfers_two_customers_from_the_list(crm, seeded_db):
    login(crm, "leader_a")
    open_customers(crm, TEAM_A_TOTAL)
    choose_scope(crm, "Only me")
    crm.wait_for_text_to_equal("#customers-total", f"Total: {LEADER_A_CUSTOMERS}")
    wait_for_grid(crm, "customers-grid", lambda n: n == LEADER_ACCOUNTS, "leader's own")
    for name in LEADER_ACCOUNTS:
        select_grid_row(crm, "customers-grid", name)

    crm.wait_for_element("#customers-transfer-open:enabled").click()
    crm.wait_for_text_to_equal(
        "#customers-transfer-summary", "Customers to transfer: 2"
    )
    # No new owner: a field error, and the dialog stays open.
    crm.find_element("#customers-transfer-confirm").click()
    crm.wait_for_text_to_equal(
        "#customers-transfer-to-user-id-feedback",
        "Choose the user who takes over the customers.",
    )
    choose_new_owner(crm, "customers", seeded_db, "rep_a2", "Rep A2")
    fill(crm, "#customers-transfer-note", "Leader on leave")
    crm.find_element("#customers-transfer-confirm").click()

    crm.wait_for_contains_text("#customers-message", "Transferred: 2")
    crm.wait_for_text_to_equal("#customers-total", "Total: 0")
    assert dash_prop(crm, "customers-transfer-modal", "is_open") is False

    # Back to the whole team: the owner column says who has them now.
    choose_scope(crm, "Team A")
    crm.wait_for_text_to_equal("#customers-total", f"Total: {TEAM_A_TOTAL}")
    wait_until(
        crm,
        lambda: (
            [owner_of(crm, name) for name in LEADER_ACCOUNTS] == ["Rep A2", "Rep A2"]
        ),
        "the owner column never changed",
    )
    assert crm.get_logs() == []


def test_leader_transfers_one_customer_from_its_detail_page(crm, seeded_db):
    login(crm, "leader_a")
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    crm.wait_for_contains_text("#customer-detail-header", "Rep A1")

    crm.find_element("#customer-detail-transfer-open").click()
    crm.wait_for_text_to_equal(
        "#customer-detail-transfer-summary", "Customers to transfer: 1"
    )
    # Team B is outside the leader's scope: never offered.
    choose_new_owner(crm, "customer-detail", seeded_db, "rep_a2", "Rep A2")
    labels = [
        o["label"]
        for o in dash_prop(crm, "customer-detail-transfer-to-user-id", "options")
    ]
    assert "Rep B1" not in labels
    crm.find_element("#customer-detail-transfer-confirm").click()

    crm.wait_for_contains_text("#customer-detail-message", "Transferred: 1")
    crm.wait_for_contains_text("#customer-detail-header", "Rep A2")
    click_tab(crm, "customer-detail-tabs", "Operation log")
    crm.wait_for_contains_text("#customer-detail-log", "Transferred")
    assert crm.get_logs() == []


def test_rep_has_no_transfer_button(crm, seeded_db):
    login(crm, "rep_a1")
    open_customers(crm)
    assert not crm.find_element("#customers-transfer-open").is_displayed()
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    assert not crm.find_element("#customer-detail-transfer-open").is_displayed()
    assert crm.get_logs() == []
