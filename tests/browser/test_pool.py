"""Public pool in the browser: claim from the pool, a leader approves a
cross-team request, a leader releases and assigns team customers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Customer, Team
from services.database import Database
from services.org import build_actor
from services.pool import claim_customers, release_customers
from services.users import create_user
from tests.browser.conftest import (
    REP_B1_CUSTOMER,
    dash_prop,
    fill,
    grid_column,
    login,
    select_grid_row,
    visit,
    wait_for_grid,
    wait_until,
)
from tests.factories import PASSWORD, display_name

pytestmark = pytest.mark.browser


def _db_call(seeded_db, work):
    database = Database(seeded_db.url)
    try:
        with database.unit_of_work() as session:
            return work(session)
    finally:
        database.dispose()


def release(seeded_db, owner: str, name: str, reason: str = "No budget") -> None:
    def work(session):
        actor = build_actor(session, seeded_db.user_ids[owner], language="en")
        release_customers(session, actor, [seeded_db.customer_ids[name]], reason)

    _db_call(seeded_db, work)


def owner_of(seeded_db, name: str) -> int | None:
    return _db_call(
        seeded_db,
        lambda session: session.scalar(
            select(Customer.owner_id).where(Customer.id == seeded_db.customer_ids[name])
        ),
    )


def click(dash_duo, selector: str) -> None:
    element = dash_duo.wait_for_element(selector)
    wait_until(dash_duo, element.is_enabled, f"{selector} stays disabled")
    element.click()


def test_rep_claims_a_pool_customer(crm, seeded_db):
    release(seeded_db, "rep_a2", "Rep A2 Account", "Moved abroad")
    login(crm, "rep_a1")

    visit(crm, "/pool")
    crm.wait_for_text_to_equal("#pool-total", "Total: 1")
    wait_for_grid(
        crm,
        "pool-grid",
        lambda names: names == ["Rep A2 Account"],
        "the pool never listed the released customer",
    )
    assert grid_column(crm, "pool-grid", "last_owner") == ["Rep A2"]
    assert grid_column(crm, "pool-grid", "pool_note") == ["Moved abroad"]
    select_grid_row(crm, "pool-grid", "Rep A2 Account")
    click(crm, "#pool-claim")

    crm.wait_for_contains_text("#pool-message", "Now yours or your member's: 1")
    crm.wait_for_text_to_equal("#pool-total", "Total: 0")
    assert owner_of(seeded_db, "Rep A2 Account") == seeded_db.user_ids["rep_a1"]
    assert crm.get_logs() == []


def test_leader_approves_a_cross_team_request(crm, seeded_db):
    def setup(session):
        team_b = session.scalar(select(Team).where(Team.name == "Team B"))
        leader = create_user(
            session,
            None,
            username="leader_b",
            password=PASSWORD,
            display_name=display_name("leader_b"),
            role_code="leader",
            team_id=team_b.id,
        )
        team_b.leader_id = leader.id
        session.flush()
        rep_b1 = build_actor(session, seeded_db.user_ids["rep_b1"], language="en")
        customer_id = seeded_db.customer_ids[REP_B1_CUSTOMER]
        release_customers(session, rep_b1, [customer_id], "No budget")
        rep_a1 = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
        assert claim_customers(session, rep_a1, [customer_id]).requested

    _db_call(seeded_db, setup)
    login(crm, "leader_b")
    crm.wait_for_text_to_equal("#shell-notifications-badge", "1")

    visit(crm, "/pool-requests")
    wait_until(
        crm,
        lambda: grid_column(crm, "pool-requests-grid", "customer") == [REP_B1_CUSTOMER],
        "the request never showed",
    )
    assert grid_column(crm, "pool-requests-grid", "requester") == ["Rep A1"]
    crm.find_element("#pool-requests-grid .ag-selection-checkbox input").click()
    wait_until(
        crm,
        lambda: len(dash_prop(crm, "pool-requests-grid", "selectedRows") or []) == 1,
        "the request never joined the selection",
    )
    click(crm, "#pool-requests-approve")

    crm.wait_for_contains_text("#pool-requests-message", "Approved: 1")
    crm.wait_for_text_to_equal("#pool-requests-total", "Total: 0")
    assert owner_of(seeded_db, REP_B1_CUSTOMER) == seeded_db.user_ids["rep_a1"]
    assert crm.get_logs() == []


def test_leader_releases_and_assigns_team_customers(crm, seeded_db):
    login(crm, "leader_a")
    visit(crm, "/team-customers")
    crm.wait_for_text_to_equal("#team-customers-total", "Total: 48")

    fill(crm, "#team-customers-search", "Rep A2 Account\n")
    wait_for_grid(
        crm,
        "team-customers-grid",
        lambda names: names == ["Rep A2 Account"],
        "search never narrowed",
    )
    select_grid_row(crm, "team-customers-grid", "Rep A2 Account")
    click(crm, "#team-customers-release")
    click(crm, "#team-customers-release-confirm")  # no reason yet
    crm.wait_for_text_to_equal(
        "#team-customers-release-reason-feedback", "Give a reason."
    )
    fill(crm, "#team-customers-release-reason", "Not our market")
    click(crm, "#team-customers-release-confirm")
    crm.wait_for_contains_text(
        "#team-customers-message", "Released to the public pool: 1"
    )
    crm.wait_for_text_to_equal("#team-customers-total", "Total: 0")
    assert owner_of(seeded_db, "Rep A2 Account") is None

    fill(crm, "#team-customers-search", "Leader Account 1\n")
    wait_for_grid(
        crm,
        "team-customers-grid",
        lambda names: names == ["Leader Account 1"],
        "search never narrowed",
    )
    select_grid_row(crm, "team-customers-grid", "Leader Account 1")
    click(crm, "#team-customers-assign")
    # dbc.Select is a native <select>: typing picks the option.
    crm.wait_for_element("#team-customers-assign-user").send_keys("Rep A1")
    click(crm, "#team-customers-assign-confirm")
    crm.wait_for_contains_text("#team-customers-message", "Assigned: 1")
    assert owner_of(seeded_db, "Leader Account 1") == seeded_db.user_ids["rep_a1"]
    assert crm.get_logs() == []


def test_pool_pages_load_and_admin_saves_rules(crm, seeded_db):
    release(seeded_db, "rep_a2", "Rep A2 Account", "Moved abroad")
    pooled = seeded_db.customer_ids["Rep A2 Account"]
    login(crm, "admin")
    for path, selector, text in [
        ("/pool", "#pool-total", "Total: 1"),
        (f"/pool/{pooled}", "#customer-detail-name", "Rep A2 Account"),
        ("/pool/abc", "#pool-detail-header .alert-danger", "Record not found."),
        ("/pool-requests", "#pool-requests-total", "Total: 0"),
        ("/pool-expiring", "h2.page-title", "Returning to the pool"),
        ("/team-customers", "#team-customers-total", "Total: 48"),
        ("/notifications", "#notifications-list", "No notifications."),
        ("/admin/pool-rules", "h2.page-title", "Pool rules"),
    ]:
        visit(crm, path)
        crm.wait_for_contains_text(selector, text)

    fill(crm, "#pool-rules-warn-days", "40")
    crm.find_element("#pool-rules-save").click()
    crm.wait_for_text_to_equal(
        "#pool-rules-warn-days-feedback",
        "The warning must come before the shortest return rule.",
    )
    fill(crm, "#pool-rules-warn-days", "5")
    crm.find_element("#pool-rules-save").click()
    crm.wait_for_contains_text("#pool-rules-message", "Pool rules saved.")
    assert crm.get_logs() == []


def test_owner_releases_from_the_customer_detail_page(crm, seeded_db):
    login(crm, "rep_a2")
    visit(crm, f"/customers/{seeded_db.customer_ids['Rep A2 Account']}")
    crm.wait_for_contains_text("#customer-detail-name", "Rep A2 Account")
    click(crm, "#customer-detail-release")
    fill(crm, "#customer-detail-release-reason", "Wrong region")
    click(crm, "#customer-detail-release-confirm")
    crm.wait_for_contains_text("#shell-flash", "Released to the public pool: 1")
    assert owner_of(seeded_db, "Rep A2 Account") is None
    assert crm.get_logs() == []
