"""Contracts in the browser: the issue's flow (a rep creates a contract with a
product line from the customer page and submits it; the leader and then an
executive approve it, the customer becomes cooperating), the same with a
rejection, an edit and a resubmission first; field errors; the list's status
tabs and the to-do filters; voiding; the numbering admin page."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

import models
from dashboard.i18n import to_local
from models.base import utcnow
from services.database import Database
from services.org import build_actor
from services.product_lines import LineIn
from tests.browser.conftest import (
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
from tests.factories import make_contract, make_opportunity, make_product

pytestmark = pytest.mark.browser

PRODUCT = "ERP licence"
# The company's day (numbers and previews use it), whatever the machine's zone.
TODAY = to_local(utcnow()).date()


def _with_db(seeded_db, work):
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            return work(session)
    finally:
        db.dispose()


@pytest.fixture
def product_id(seeded_db) -> int:
    return _with_db(
        seeded_db,
        lambda session: make_product(session, PRODUCT, "1200.00", code="ERP-1").id,
    )


@pytest.fixture
def contracts(seeded_db) -> dict[str, int]:
    """rep_a1's contracts with UNIQUE_CUSTOMER: two drafts (one ending in 20
    days), one pending approval."""
    from services.approvals import submit

    def work(session):
        rep = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
        customer = session.get(models.Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER])
        made = [
            make_contract(session, rep, customer, "Support 2025", amount="5000"),
            make_contract(
                session,
                rep,
                customer,
                "Licences 2025",
                amount="20000",
                end_date=TODAY + dt.timedelta(days=20),
            ),
            make_contract(session, rep, customer, "Hardware", amount="8000"),
        ]
        submit(session, rep, "contract", made[2].id)
        return {c.name: c.id for c in made}

    return _with_db(seeded_db, work)


def stored(seeded_db, model, object_id):
    return _with_db(seeded_db, lambda session: session.get(model, object_id))


def status_text(crm) -> str:
    return crm.find_element("#contract-detail-status").text


# --- the flow --------------------------------------------------------------


def create_from_customer(crm, seeded_db, name: str) -> int:
    """As the logged-in rep: customer page → Contracts tab → New contract, one
    product line, no amount (the lines' total), save. Returns the contract id."""
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    click_tab(crm, "customer-detail-tabs", "Contracts")
    crm.wait_for_element("#customer-contracts-new").click()
    wait_for_path_matching(crm, r"/contracts/new\?customer_id=\d+")
    crm.wait_for_text_to_equal(
        "#contract-form-customer-id .Select-value-label", UNIQUE_CUSTOMER
    )
    fill(crm, "#contract-form-name", name)
    picker = crm.find_element(".contract-form .line-items-picker")
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
    crm.find_element("#contract-form-save").click()
    match = wait_for_path_matching(crm, r"/contracts/(\d+)")
    crm.wait_for_contains_text("#contract-detail-name", name)
    crm.wait_for_text_to_equal("#contract-detail-amount", "¥1,200.00")
    assert status_text(crm) == "Draft"
    return int(match.group(1))


def switch_user(crm, username: str, contract_id: int) -> None:
    crm.driver.delete_all_cookies()
    login(crm, username)
    visit(crm, f"/contracts/{contract_id}")
    crm.wait_for_element("#contract-detail-name")


def open_approval(crm) -> None:
    click_tab(crm, "contract-detail-tabs", "Approval")
    crm.wait_for_element(".approval-summary")


def part(kind: str) -> str:
    """A control of the contract's approval panel."""
    return f"""[id='{{"index":"contract","type":"approval-{kind}"}}']"""


def offered(crm, kind: str) -> bool:
    elements = crm.driver.find_elements(By.CSS_SELECTOR, part(kind))
    return bool(elements) and elements[0].is_displayed()


def click_when_offered(crm, kind: str) -> None:
    wait_until(crm, lambda: offered(crm, kind), f"{kind} never offered")
    crm.find_element(part(kind)).click()


def submit_for_approval(crm) -> None:
    click_when_offered(crm, "submit")
    crm.wait_for_contains_text(".approval-summary", "Pending approval")


def approve_step(crm, comment: str) -> None:
    wait_until(crm, lambda: offered(crm, "approve"), "Approve never offered")
    if comment:
        fill(crm, part("comment"), comment)
    crm.find_element(part("approve")).click()
    wait_until(crm, lambda: not offered(crm, "approve"), "the approval was not taken")


def reject_step(crm, reason: str) -> None:
    click_when_offered(crm, "reject")
    fill(crm, part("reason"), reason)
    crm.find_element(part("reject-confirm")).click()
    crm.wait_for_contains_text(".approval-summary", "Rejected")


def test_rep_creates_submits_and_leader_then_executive_approve(
    crm, seeded_db, product_id
):
    login(crm, "rep_a1")
    contract_id = create_from_customer(crm, seeded_db, "Harbour ERP contract")
    number = stored(seeded_db, models.Contract, contract_id).number
    assert number == f"HT{TODAY:%Y%m%d}-0001"

    open_approval(crm)
    submit_for_approval(crm)
    crm.wait_for_text_to_equal("#contract-detail-status", "Pending approval")

    switch_user(crm, "leader_a", contract_id)
    open_approval(crm)
    approve_step(crm, "Looks good")
    # The second step (executive) is still ahead.
    wait_until(
        crm,
        lambda: stored(seeded_db, models.Contract, contract_id).status == "pending",
        "the contract left pending after the first step",
    )

    switch_user(crm, "exec", contract_id)
    open_approval(crm)
    approve_step(crm, "")
    crm.wait_for_text_to_equal("#contract-detail-status", "Approved")

    contract = stored(seeded_db, models.Contract, contract_id)
    assert contract.status == "approved"
    assert contract.approved_owner_id == seeded_db.user_ids["rep_a1"]
    customer = stored(
        seeded_db, models.Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER]
    )
    assert customer.stage == "cooperating"
    assert crm.get_logs() == []


def test_leader_rejects_rep_edits_and_resubmits_then_it_is_approved(
    crm, seeded_db, product_id
):
    login(crm, "rep_a1")
    contract_id = create_from_customer(crm, seeded_db, "Harbour support contract")
    open_approval(crm)
    submit_for_approval(crm)
    crm.wait_for_text_to_equal("#contract-detail-status", "Pending approval")

    switch_user(crm, "leader_a", contract_id)
    open_approval(crm)
    reject_step(crm, "Add the end date")
    crm.wait_for_text_to_equal("#contract-detail-status", "Rejected")

    switch_user(crm, "rep_a1", contract_id)
    crm.wait_for_element("#contract-detail-edit").click()
    wait_for_path_matching(crm, rf"/contracts/{contract_id}/edit")
    end = crm.wait_for_element("#contract-form-end-date")
    crm.driver.execute_script(
        "const [input, value] = arguments;"
        "const setter = Object.getOwnPropertyDescriptor("
        "  HTMLInputElement.prototype, 'value').set;"
        "setter.call(input, value);"
        "input.dispatchEvent(new Event('input', {bubbles: true}));"
        "input.dispatchEvent(new Event('change', {bubbles: true}));",
        end,
        (TODAY + dt.timedelta(days=365)).isoformat(),
    )
    crm.find_element("#contract-form-save").click()
    wait_for_path_matching(crm, rf"/contracts/{contract_id}")
    crm.wait_for_text_to_equal("#contract-detail-status", "Rejected")
    open_approval(crm)
    submit_for_approval(crm)
    crm.wait_for_text_to_equal("#contract-detail-status", "Pending approval")

    for approver in ("leader_a", "exec"):
        switch_user(crm, approver, contract_id)
        open_approval(crm)
        approve_step(crm, "")
    crm.wait_for_text_to_equal("#contract-detail-status", "Approved")
    contract = stored(seeded_db, models.Contract, contract_id)
    assert contract.end_date == TODAY + dt.timedelta(days=365)
    assert crm.get_logs() == []


# --- form, list, void ---------------------------------------------------------


def test_form_shows_every_field_error_and_keeps_the_input(crm, seeded_db):
    login(crm, "rep_a1")
    customer_id = seeded_db.customer_ids[UNIQUE_CUSTOMER]
    visit(crm, f"/contracts/new?customer_id={customer_id}")
    crm.wait_for_element("#contract-form-name")
    fill(crm, "#contract-form-amount", "12,00.5x")
    fill(crm, "#contract-form-remark", "Keep me")
    crm.find_element("#contract-form-save").click()
    crm.wait_for_text_to_equal("#contract-form-name-feedback", "Name is required.")
    crm.wait_for_text_to_equal(
        "#contract-form-amount-feedback",
        "Enter an amount between 0.01 and 999,999,999,999.99.",
    )
    assert is_invalid(crm, "#contract-form-name")
    assert crm.find_element("#contract-form-remark").get_attribute("value") == (
        "Keep me"
    )
    assert crm.get_logs() == []


def test_list_tabs_sums_and_the_to_do_filters(crm, contracts):
    login(crm, "rep_a1")
    visit(crm, "/contracts")
    crm.wait_for_text_to_equal("#contracts-total", "Total: 3")
    wait_for_tab_labels(
        crm,
        "contracts-status-tabs",
        [
            "All (3)",
            "Draft (2)",
            "Pending approval (1)",
            "Approved (0)",
            "Rejected (0)",
            "Voided (0)",
        ],
    )
    crm.wait_for_text_to_equal("#contracts-summary", "3 contracts, amount ¥33,000.00")
    fill(crm, "#contracts-search", "licen\n")
    crm.wait_for_text_to_equal("#contracts-total", "Total: 1")

    visit(crm, "/contracts?status=pending")
    crm.wait_for_text_to_equal("#contracts-total", "Total: 1")
    names = wait_for_grid(
        crm, "contracts-grid", lambda rows: len(rows) == 1, "pending tab"
    )
    assert names == ["Hardware"]
    assert crm.find_element("#contracts-status-tabs .nav-link.active").text.startswith(
        "Pending approval"
    )
    # Only approved contracts count as ending soon: none yet.
    visit(crm, "/contracts?ending_within=30")
    crm.wait_for_text_to_equal("#contracts-total", "Total: 0")
    assert crm.get_logs() == []


def test_opportunity_tab_lists_its_contracts_and_starts_a_new_one(
    crm, seeded_db, product_id
):
    def work(session):
        rep = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
        customer = session.get(models.Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER])
        deal = make_opportunity(
            session,
            rep,
            customer,
            "Harbour ERP rollout",
            lines=(LineIn(product_id, "2", "1200.00"),),
        )
        make_contract(
            session, rep, customer, "Phase 1", amount="900", opportunity_id=deal.id
        )
        return deal.id

    deal_id = _with_db(seeded_db, work)
    login(crm, "rep_a1")
    visit(crm, f"/opportunities/{deal_id}")
    click_tab(crm, "opportunity-detail-tabs", "Contracts")
    crm.wait_for_contains_text("#opportunity-detail-contracts", "Phase 1")
    crm.find_element("#opportunity-contracts-new").click()
    wait_for_path_matching(crm, rf"/contracts/new\?opportunity_id={deal_id}")
    crm.wait_for_text_to_equal(
        "#contract-form-customer-id .Select-value-label", UNIQUE_CUSTOMER
    )
    assert crm.find_element("#contract-form-name").get_attribute("value") == (
        "Harbour ERP rollout"
    )
    crm.find_element("#contract-form-save").click()
    wait_for_path_matching(crm, r"/contracts/\d+")
    crm.wait_for_text_to_equal("#contract-detail-amount", "¥2,400.00")
    crm.wait_for_contains_text("#contract-detail-opportunity-link", "Harbour ERP")
    assert crm.get_logs() == []


def test_rep_b1_cannot_open_rep_a1s_contract(crm, contracts):
    login(crm, "rep_b1")
    visit(crm, f"/contracts/{contracts['Hardware']}")
    crm.wait_for_contains_text("#contract-detail-header", "Record not found.")
    visit(crm, "/contracts/abc")
    crm.wait_for_contains_text("#contract-detail-header", "Record not found.")
    assert crm.get_logs() == []


@pytest.fixture
def approved_id(seeded_db, contracts) -> int:
    """rep_a1's pending "Hardware" contract, approved by the leader and exec."""
    from services.approvals import approval_state, approve

    def work(session):
        contract_id = contracts["Hardware"]
        for username, position in (("leader_a", 1), ("exec", 2)):
            actor = build_actor(session, seeded_db.user_ids[username], language="en")
            state = approval_state(session, actor, "contract", contract_id)
            approve(session, actor, state.request.id, step_position=position)
        return contract_id

    return _with_db(seeded_db, work)


def test_leader_voids_an_approved_contract_with_a_reason(crm, seeded_db, approved_id):
    login(crm, "leader_a")
    visit(crm, f"/contracts/{approved_id}")
    crm.wait_for_text_to_equal("#contract-detail-status", "Approved")
    assert crm.find_element("#contract-detail-record-payment").is_displayed()
    assert not crm.find_element("#contract-detail-edit").is_displayed()
    crm.find_element("#contract-detail-void").click()
    crm.wait_for_element("#contract-detail-void-confirm").click()
    crm.wait_for_text_to_equal(
        "#contract-detail-void-reason-feedback", "Give a reason for voiding."
    )
    fill(crm, "#contract-detail-void-reason", "Customer cancelled the order")
    crm.find_element("#contract-detail-void-confirm").click()
    crm.wait_for_text_to_equal("#contract-detail-status", "Voided")
    crm.wait_for_contains_text(
        "#contract-detail-voided", "Customer cancelled the order"
    )
    click_tab(crm, "contract-detail-tabs", "Operation log")
    crm.wait_for_contains_text("#contract-detail-log", "Contract voided")
    contract = stored(seeded_db, models.Contract, approved_id)
    assert (contract.status, contract.void_reason) == (
        "voided",
        "Customer cancelled the order",
    )
    assert crm.get_logs() == []


def test_admin_edits_the_number_patterns_with_a_live_preview(crm, seeded_db):
    login(crm, "admin")
    visit(crm, "/admin/numbering")
    crm.wait_for_text_to_equal(
        "#admin-numbering-contract-preview", f"HT{TODAY:%Y%m%d}-0001"
    )
    fill(crm, "#admin-numbering-contract", "HT{yyyy}")
    crm.wait_for_text_to_equal(
        "#admin-numbering-contract-feedback",
        "The pattern needs exactly one counter such as {seq:4}.",
    )
    assert is_invalid(crm, "#admin-numbering-contract")
    fill(crm, "#admin-numbering-contract", "C-{yy}{mm}-{seq:3}")
    crm.wait_for_text_to_equal(
        "#admin-numbering-contract-preview", f"C-{TODAY:%y%m}-001"
    )
    crm.find_element("#admin-numbering-save").click()
    crm.wait_for_contains_text("#admin-numbering-message", "Number patterns saved.")
    pattern = stored(seeded_db, models.NumberPattern, "contract").pattern
    assert pattern == "C-{yy}{mm}-{seq:3}"
    assert crm.get_logs() == []


def test_rep_cannot_open_the_numbering_page(crm, seeded_db):
    login(crm, "rep_a1")
    visit(crm, "/admin/numbering")
    crm.wait_for_contains_text(".admin-forbidden", "You do not have permission")
    assert crm.get_logs() == []
