"""Leads in the browser: list, create with validation, detail + follow-up,
release to the lead pool and claim, convert to a customer."""

from __future__ import annotations

import pytest

import models
from services.database import Database
from services.org import build_actor
from tests.browser.conftest import (
    click_tab,
    fill,
    is_invalid,
    login,
    select_grid_row,
    visit,
    wait_for_grid,
    wait_for_path_matching,
    wait_for_tab_labels,
    wait_until,
)
from tests.factories import make_lead

pytestmark = pytest.mark.browser

ZHANG = "Zhang Wei"


@pytest.fixture
def lead_ids(seeded_db) -> dict[str, int]:
    """rep_a1's leads, added to this test's copy of the seeded database."""
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            rep = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
            leads = [
                make_lead(
                    session,
                    rep,
                    ZHANG,
                    company="Harbour Lights Trading",
                    mobile="13811112222",
                    email="zhang@example.com",
                    source="web",
                ),
                make_lead(session, rep, "Li Na", status="qualified"),
                make_lead(session, rep, "Chen Jie", status="contacted"),
            ]
            return {lead.name: lead.id for lead in leads}
    finally:
        db.dispose()


def open_lead(crm, lead_ids, name: str = ZHANG) -> None:
    visit(crm, f"/leads/{lead_ids[name]}")
    crm.wait_for_contains_text("#lead-detail-name", name)


def test_list_shows_status_counts_and_searches(crm, lead_ids):
    login(crm, "rep_a1")
    visit(crm, "/leads")

    crm.wait_for_text_to_equal("#leads-total", "Total: 3")
    wait_for_tab_labels(
        crm,
        "leads-status-tabs",
        [
            "All (3)",
            "New (1)",
            "Contacted (1)",
            "Qualified (1)",
            "Unqualified (0)",
            "Converted (0)",
        ],
    )
    fill(crm, "#leads-search", "harbour\n")
    crm.wait_for_text_to_equal("#leads-total", "Total: 1")
    assert wait_for_grid(
        crm, "leads-grid", lambda names: len(names) == 1, "search narrows"
    ) == [ZHANG]
    click_tab(crm, "leads-status-tabs", "Qualified")
    crm.wait_for_text_to_equal("#leads-total", "Total: 0")
    assert crm.get_logs() == []


def test_create_shows_field_errors_then_saves(crm, lead_ids):
    login(crm, "rep_a1")
    visit(crm, "/leads")
    crm.wait_for_element("#leads-new").click()
    crm.wait_for_element("#lead-form-name")

    fill(crm, "#lead-form-email", "not-an-email")
    crm.find_element("#lead-form-save").click()
    crm.wait_for_text_to_equal("#lead-form-name-feedback", "Name is required.")
    crm.wait_for_text_to_equal(
        "#lead-form-email-feedback", "Enter a valid email address."
    )
    assert is_invalid(crm, "#lead-form-name")

    fill(crm, "#lead-form-name", "Wu Hao")
    fill(crm, "#lead-form-company", "Wu Logistics")
    fill(crm, "#lead-form-email", "wu@example.com")
    crm.find_element("#lead-form-save").click()

    wait_for_path_matching(crm, r"/leads/\d+")
    crm.wait_for_contains_text("#lead-detail-name", "Wu Hao")
    crm.wait_for_contains_text("#lead-detail-header", "Wu Logistics")
    assert crm.get_logs() == []


def test_detail_logs_a_follow_up(crm, lead_ids):
    login(crm, "rep_a1")
    open_lead(crm, lead_ids)
    crm.wait_for_contains_text("#lead-detail-name", "New")

    click_tab(crm, "lead-detail-tabs", "Follow-ups")
    fill(crm, "#lead-followup-content", "Called about the spring catalogue")
    crm.find_element("#lead-followup-save").click()

    crm.wait_for_contains_text(
        "#lead-detail-timeline", "Called about the spring catalogue"
    )
    crm.wait_for_contains_text("#lead-detail-name", "Contacted")
    crm.wait_for_text_to_equal("#lead-followup-content", "")
    assert crm.get_logs() == []


def test_release_to_the_pool_then_claim_it_back(crm, lead_ids):
    login(crm, "rep_a1")
    open_lead(crm, lead_ids)

    crm.wait_for_element("#lead-detail-release").click()
    crm.wait_for_element("#lead-detail-in-pool")
    wait_until(
        crm,
        lambda: not crm.find_element("#lead-detail-edit").is_displayed(),
        "a pool lead still offers Edit",
    )

    visit(crm, "/lead-pool")
    crm.wait_for_text_to_equal("#lead-pool-total", "Total: 1")
    wait_for_grid(crm, "lead-pool-grid", lambda n: n == [ZHANG], "pool lists it")
    select_grid_row(crm, "lead-pool-grid", ZHANG)
    crm.find_element("#lead-pool-claim").click()

    crm.wait_for_contains_text("#lead-pool-message", "Claimed: 1")
    crm.wait_for_text_to_equal("#lead-pool-total", "Total: 0")
    visit(crm, "/leads")
    crm.wait_for_text_to_equal("#leads-total", "Total: 3")
    assert crm.get_logs() == []


def test_convert_lands_on_the_new_customer(crm, lead_ids, seeded_db):
    login(crm, "rep_a1")
    open_lead(crm, lead_ids)

    crm.wait_for_element("#lead-detail-convert").click()
    wait_until(
        crm,
        lambda: (
            crm.find_element("#lead-convert-customer-name").get_attribute("value")
            == "Harbour Lights Trading"
        ),
        "the dialog is not prefilled",
    )
    fill(crm, "#lead-convert-opportunity-amount", "5000")
    crm.find_element("#lead-convert-save").click()
    crm.wait_for_text_to_equal(
        "#lead-convert-opportunity-name-feedback",
        "Name the opportunity, or leave the amount empty.",
    )
    fill(crm, "#lead-convert-opportunity-name", "Spring order")
    crm.find_element("#lead-convert-save").click()

    match = wait_for_path_matching(crm, r"/customers/(\d+)")
    crm.wait_for_contains_text("#customer-detail-name", "Harbour Lights Trading")
    click_tab(crm, "customer-detail-tabs", "Contacts")
    crm.wait_for_contains_text("#customer-detail-contacts", ZHANG)

    open_lead(crm, lead_ids)
    crm.wait_for_contains_text("#lead-detail-converted", "Harbour Lights Trading")
    link = crm.find_element("#lead-detail-customer-link")
    assert link.get_attribute("href").endswith(f"/customers/{match[1]}")
    assert not crm.find_element("#lead-detail-convert").is_displayed()

    db = Database(seeded_db.url)
    try:
        with db.read_only() as session:
            lead = session.get(models.Lead, lead_ids[ZHANG])
            assert lead.status == "converted"
            assert lead.opportunity_name == "Spring order"
    finally:
        db.dispose()
    assert crm.get_logs() == []


def test_every_lead_page_loads_and_out_of_scope_is_not_found(crm, lead_ids, seeded_db):
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            rep_b1 = build_actor(session, seeded_db.user_ids["rep_b1"])
            other = make_lead(session, rep_b1, "Lead of rep_b1").id
    finally:
        db.dispose()
    zhang = lead_ids[ZHANG]
    pages = [
        ("/leads", "#leads-total", "Total: 3"),
        ("/leads/new", "h2.page-title", "New lead"),
        (f"/leads/{zhang}", "#lead-detail-name", ZHANG),
        (f"/leads/{zhang}/edit", "h2.page-title", "Edit lead"),
        ("/lead-pool", "#lead-pool-total", "Total: 0"),
        (f"/leads/{other}", "#lead-detail-header .alert-danger", "Record not found."),
        ("/leads/abc", "#lead-detail-header .alert-danger", "Record not found."),
    ]
    login(crm, "rep_a1")
    crm.wait_for_element("#nav-leads")
    crm.wait_for_element("#nav-lead-pool")
    for path, selector, text in pages:
        visit(crm, path)
        crm.wait_for_contains_text(selector, text)
    assert crm.get_logs() == []


def test_bulk_delete_asks_first(crm, lead_ids):
    login(crm, "rep_a1")
    visit(crm, "/leads")
    crm.wait_for_text_to_equal("#leads-total", "Total: 3")
    select_grid_row(crm, "leads-grid", "Li Na")
    crm.wait_for_text_to_equal("#leads-selection", "Selected: 1")

    crm.find_element("#leads-delete").click()
    crm.wait_for_element("#leads-delete-confirm").click()

    crm.wait_for_text_to_equal("#leads-total", "Total: 2")
    crm.wait_for_contains_text("#leads-message", "Leads deleted: 1")
    assert crm.get_logs() == []
