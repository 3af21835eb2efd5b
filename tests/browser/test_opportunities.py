"""Opportunities in the browser: a rep creates one for a customer (its contact and
a product line), moves its stage and wins it; the list's stage tabs; the customer
detail tab; field errors; the stages admin edits a probability."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

import models
from services.database import Database
from services.org import build_actor
from tests.browser.conftest import (
    CONTACT_NAME,
    UNIQUE_CUSTOMER,
    click_tab,
    fill,
    is_invalid,
    login,
    open_detail,
    visit,
    wait_for_grid,
    wait_for_path_matching,
    wait_for_tab_labels,
    wait_until,
)
from tests.factories import make_opportunity, make_product

pytestmark = pytest.mark.browser

PRODUCT = "ERP licence"


@pytest.fixture
def product_id(seeded_db) -> int:
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            return make_product(session, PRODUCT, "1200.00", code="ERP-1").id
    finally:
        db.dispose()


@pytest.fixture
def pipeline(seeded_db) -> dict[str, int]:
    """Two opportunities of rep_a1's customer: 5,000 in the first stage and
    20,000 in "Proposal / quote"."""
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            rep = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
            customer = session.get(
                models.Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER]
            )
            proposal = (
                session.query(models.OpportunityStage).filter_by(code="proposal").one()
            )
            made = [
                make_opportunity(session, rep, customer, "Harbour ERP", amount="5000"),
                make_opportunity(
                    session,
                    rep,
                    customer,
                    "Harbour CRM",
                    amount="20000",
                    stage_id=proposal.id,
                ),
            ]
            return {o.name: o.id for o in made}
    finally:
        db.dispose()


def test_rep_creates_moves_and_wins_an_opportunity(crm, seeded_db, product_id):
    login(crm, "rep_a1")
    customer_id = seeded_db.customer_ids[UNIQUE_CUSTOMER]
    visit(crm, f"/opportunities/new?customer_id={customer_id}")
    crm.wait_for_text_to_equal(
        "#opportunity-form-customer-id .Select-value-label", UNIQUE_CUSTOMER
    )
    crm.select_dcc_dropdown("#opportunity-form-contact-ids", value=CONTACT_NAME)
    fill(crm, "#opportunity-form-name", "Harbour ERP rollout")
    picker = crm.find_element(".opportunity-form .line-items-picker")
    crm.select_dcc_dropdown(picker, value=f"{PRODUCT} (ERP-1)")
    crm.driver.find_element(
        By.XPATH, "//div[contains(@class,'line-items')]//button[contains(., 'Add')]"
    ).click()
    wait_until(
        crm,
        lambda: (
            PRODUCT in crm.find_element(".line-items .ag-center-cols-container").text
        ),
        "the product line never appeared",
    )
    crm.find_element("#opportunity-form-save").click()

    wait_for_path_matching(crm, r"/opportunities/\d+")
    crm.wait_for_contains_text("#opportunity-detail-name", "Harbour ERP rollout")
    # No amount entered: the product line's total.
    crm.wait_for_contains_text("#opportunity-detail-header", "1,200.00")
    click_tab(crm, "opportunity-detail-tabs", "Contacts")
    crm.wait_for_contains_text("#opportunity-detail-contacts-tab", CONTACT_NAME)

    crm.driver.find_element(
        By.XPATH,
        "//div[@id='opportunity-detail-stage-bar']//button[contains(., 'Proposal')]",
    ).click()
    wait_until(
        crm,
        lambda: (
            "current"
            in crm.driver.find_element(
                By.XPATH,
                "//div[@id='opportunity-detail-stage-bar']"
                "//button[contains(., 'Proposal')]",
            ).get_attribute("class")
        ),
        "the stage bar never moved to Proposal",
    )
    click_tab(crm, "opportunity-detail-tabs", "Stage history")
    crm.wait_for_contains_text("#opportunity-stage-history", "Proposal / quote")

    crm.find_element("#opportunity-detail-win").click()
    crm.wait_for_element("#opportunity-detail-close-reason")
    crm.find_element("#opportunity-detail-close-confirm").click()
    crm.wait_for_text_to_equal(
        "#opportunity-detail-close-reason-feedback",
        "Say why the opportunity was won or lost.",
    )
    fill(crm, "#opportunity-detail-close-reason", "Best integration offer")
    crm.find_element("#opportunity-detail-close-confirm").click()
    crm.wait_for_contains_text("#opportunity-detail-closed", "Best integration offer")
    crm.wait_for_contains_text("#opportunity-detail-name", "Won")
    assert crm.get_logs() == []


def test_list_shows_stage_tabs_with_counts_and_amounts(crm, pipeline):
    login(crm, "rep_a1")
    visit(crm, "/opportunities")
    crm.wait_for_text_to_equal("#opportunities-total", "Total: 2")
    wait_for_tab_labels(
        crm,
        "opportunities-stage-tabs",
        [
            "All (2 · ¥25,000.00)",
            "Initial contact (1 · ¥5,000.00)",
            "Needs confirmed (0 · ¥0.00)",
            "Proposal / quote (1 · ¥20,000.00)",
            "Negotiation / review (0 · ¥0.00)",
            "Won (0 · ¥0.00)",
            "Lost (0 · ¥0.00)",
        ],
    )
    click_tab(crm, "opportunities-stage-tabs", "Proposal")
    crm.wait_for_text_to_equal("#opportunities-total", "Total: 1")
    assert wait_for_grid(
        crm, "opportunities-grid", lambda names: names == ["Harbour CRM"], "stage tab"
    )
    fill(crm, "#opportunities-amount-min", "abc\n")
    wait_until(
        crm, lambda: is_invalid(crm, "#opportunities-amount-min"), "amount not flagged"
    )
    assert crm.get_logs() == []


def test_rep_b1_sees_none_of_rep_a1s_opportunities(crm, pipeline):
    login(crm, "rep_b1")
    visit(crm, "/opportunities")
    crm.wait_for_text_to_equal("#opportunities-total", "Total: 0")
    visit(crm, f"/opportunities/{pipeline['Harbour ERP']}")
    crm.wait_for_contains_text("#opportunity-detail-header", "Record not found.")


def test_customer_detail_tab_lists_its_opportunities(crm, seeded_db, pipeline):
    login(crm, "rep_a1")
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    click_tab(crm, "customer-detail-tabs", "Opportunities")
    crm.wait_for_contains_text("#customer-opportunities-table", "Harbour CRM")
    assert "Harbour ERP" in crm.find_element("#customer-opportunities-table").text
    href = crm.find_element("#customer-opportunities-new").get_attribute("href")
    assert href.endswith(
        f"/opportunities/new?customer_id={seeded_db.customer_ids[UNIQUE_CUSTOMER]}"
    )
    assert crm.get_logs() == []


def test_form_shows_field_errors(crm):
    login(crm, "rep_a1")
    visit(crm, "/opportunities/new")
    crm.wait_for_element("#opportunity-form-name")
    fill(crm, "#opportunity-form-amount", "12.345")
    crm.find_element("#opportunity-form-save").click()
    crm.wait_for_text_to_equal(
        "#opportunity-form-customer-id-feedback", "Choose a customer."
    )
    assert crm.find_element("#opportunity-form-name-feedback").text == (
        "Name is required."
    )
    assert is_invalid(crm, "#opportunity-form-amount")
    assert crm.get_logs() == []


def test_admin_edits_a_stage_probability(crm):
    login(crm, "admin")
    visit(crm, "/admin/opportunity-stages")
    wait_for_grid(
        crm,
        "opportunity-stages-grid",
        lambda rows: len(rows) == 6,
        "the stages never loaded",
    )
    cells = crm.driver.find_elements(
        By.CSS_SELECTOR, "#opportunity-stages-grid .ag-row [col-id='name_en']"
    )
    next(cell for cell in cells if cell.text == "Proposal / quote").click()
    edit = crm.find_element("#opportunity-stages-edit")
    wait_until(crm, edit.is_enabled, "edit never enabled")
    edit.click()
    crm.wait_for_element("#opportunity-stages-probability")
    wait_until(
        crm,
        lambda: (
            crm.find_element("#opportunity-stages-probability").get_attribute("value")
            == "60"
        ),
        "the dialog was not filled",
    )
    fill(crm, "#opportunity-stages-probability", "65")
    crm.find_element("#opportunity-stages-save").click()
    crm.wait_for_contains_text("#opportunity-stages-message", "Stage saved.")
    wait_until(
        crm,
        lambda: (
            "65%"
            in [
                c.text
                for c in crm.driver.find_elements(
                    By.CSS_SELECTOR,
                    "#opportunity-stages-grid .ag-row [col-id='probability_text']",
                )
            ]
        ),
        "the grid never showed 65%",
    )
    assert crm.get_logs() == []
