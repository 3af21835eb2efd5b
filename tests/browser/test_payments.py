"""Payments in the browser: finance records a payment against an approved
contract and a second finance user approves it; field errors; the list's status
tabs; the installments page; the customer's payments tab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from selenium.webdriver.support.ui import Select

import models
from services.approvals import submit
from services.database import Database
from services.org import build_actor
from services.payment_plans import InstallmentIn, add_installment
from services.users import create_user
from tests.browser.conftest import (
    UNIQUE_CUSTOMER,
    click_tab,
    count,
    fill,
    grid_column,
    is_invalid,
    login,
    visit,
    wait_for_path_matching,
    wait_for_tab_labels,
    wait_until,
)
from tests.factories import (
    PASSWORD,
    display_name,
    make_approved_contract,
    make_payment,
)

pytestmark = pytest.mark.browser

CONTRACT = "HT-BROWSER-0001"
TODAY = dt.date.today()


@dataclass(frozen=True)
class Deal:
    contract_id: int
    customer_id: int


@pytest.fixture
def deal(seeded_db) -> Deal:
    """Two finance users and rep_a1's approved contract of 100,000 with UNIQUE
    CUSTOMER: an overdue installment of 40,000 and an upcoming one of 60,000."""
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            for username in ("fin", "fin2"):
                user = create_user(
                    session,
                    None,
                    username=username,
                    password=PASSWORD,
                    display_name=display_name(username),
                    role_code="finance",
                    team_id=None,
                )
                seeded_db.user_ids[username] = user.id
            customer = session.get(
                models.Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER]
            )
            contract = make_approved_contract(
                session,
                seeded_db.user_ids["rep_a1"],
                customer,
                "100000.00",
                name="Cold chain rollout",
                number=CONTRACT,
            )
            rep = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
            for days, amount in ((-5, "40000"), (20, "60000")):
                add_installment(
                    session,
                    rep,
                    contract.id,
                    InstallmentIn(
                        due_date=TODAY + dt.timedelta(days=days), amount=amount
                    ),
                )
            return Deal(contract.id, customer.id)
    finally:
        db.dispose()


def wait_for_column(crm, grid_id: str, col_id: str, expected: list[str]) -> None:
    wait_until(
        crm,
        lambda: grid_column(crm, grid_id, col_id) == expected,
        lambda: f"#{grid_id} {col_id}: {grid_column(crm, grid_id, col_id)}",
    )


def relogin(crm, username: str) -> None:
    crm.driver.delete_all_cookies()
    login(crm, username)


def test_create_reports_field_errors(crm, deal):
    login(crm, "fin")
    visit(crm, "/payments/new")
    crm.wait_for_element("#payment-form-save").click()
    crm.wait_for_text_to_equal(
        "#payment-form-customer-id-feedback", "Choose a customer."
    )
    crm.wait_for_text_to_equal(
        "#payment-form-contract-id-feedback", "Choose a contract."
    )
    crm.wait_for_text_to_equal(
        "#payment-form-amount-feedback",
        "Enter an amount greater than 0 (at most 2 decimals).",
    )
    assert is_invalid(crm, "#payment-form-amount")

    visit(crm, f"/payments/new?contract_id={deal.contract_id}")
    crm.wait_for_contains_text("#payment-form-receivable", "¥100,000.00")
    fill(crm, "#payment-form-amount", "100000.01\t")
    crm.find_element("#payment-form-save").click()
    crm.wait_for_text_to_equal(
        "#payment-form-amount-feedback",
        "The amount is more than the contract's receivable balance.",
    )
    assert crm.get_logs() == []


def test_installments_page_lists_the_overdue_installment(crm, deal):
    login(crm, "rep_a1")
    visit(crm, "/payments/installments?due=overdue")
    crm.wait_for_text_to_equal("#payment-installments-total", "Total: 1")
    wait_for_column(
        crm,
        "payment-installments-grid",
        "contract",
        [f"{CONTRACT} · Cold chain rollout"],
    )
    assert grid_column(crm, "payment-installments-grid", "remaining_text") == [
        "¥40,000.00"
    ]
    click_tab(crm, "payment-installments-due", "Next 30 days")
    crm.wait_for_text_to_equal("#payment-installments-total", "Total: 1")
    assert crm.get_logs() == []


def panel_button(kind: str) -> str:
    """The selector of an approval panel button of the payment panel."""
    return f"""[id='{{"index":"payment","type":"approval-{kind}"}}']"""


def test_finance_records_a_payment_that_finance2_approves(crm, deal):
    login(crm, "fin")
    visit(crm, f"/payments/new?contract_id={deal.contract_id}")
    crm.wait_for_contains_text("#payment-form-receivable", "¥100,000.00")
    crm.select_dcc_dropdown("#payment-form-installment-id", index=0)
    fill(crm, "#payment-form-amount", "30000")
    Select(crm.find_element("#payment-form-method")).select_by_visible_text(
        "Bank transfer"
    )
    crm.find_element("#payment-form-save").click()

    wait_for_path_matching(crm, r"/payments/\d+")
    path = crm.driver.current_url
    crm.wait_for_contains_text("#payment-detail-number", "Draft")
    crm.wait_for_contains_text("#payment-detail-header", "¥30,000.00")
    crm.wait_for_element(panel_button("submit")).click()
    crm.wait_for_contains_text("#payment-detail-number", "Pending approval")

    relogin(crm, "fin2")
    crm.driver.get(path)
    crm.wait_for_contains_text("#payment-detail-number", "Pending approval")
    crm.wait_for_element(panel_button("approve")).click()
    crm.wait_for_contains_text("#payment-detail-number", "Approved")
    receivable = "#payment-detail-receivable"
    crm.wait_for_contains_text(receivable, "Received\n¥30,000.00")
    crm.wait_for_contains_text(receivable, "Receivable balance\n¥70,000.00")

    visit(crm, f"/contracts/{deal.contract_id}")
    click_tab(crm, "contract-detail-tabs", "Payments")
    crm.wait_for_contains_text(
        "#contract-payments-receivable", "Receivable balance\n¥70,000.00"
    )
    click_tab(crm, "contract-detail-tabs", "Payment plan")
    crm.wait_for_contains_text("#payment-plan-row-1", "¥30,000.00")
    crm.wait_for_contains_text("#payment-plan-row-1", "¥10,000.00")  # remaining

    visit(crm, f"/customers/{deal.customer_id}")
    click_tab(crm, "customer-detail-tabs", "Payments")
    crm.wait_for_contains_text(
        "#customer-payments-receivable", "Receivable balance\n¥70,000.00"
    )
    crm.wait_for_contains_text("#customer-detail-payments", "Approved")
    assert crm.get_logs() == []


def test_list_shows_status_tabs_with_counts_and_sums(crm, deal, seeded_db):
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            fin = build_actor(session, seeded_db.user_ids["fin"], language="en")
            contract = session.get(models.Contract, deal.contract_id)
            pending = make_payment(session, fin, contract, "1200")
            submit(session, fin, "payment", pending.id)
            make_payment(session, fin, contract, "800")
            number = pending.number
    finally:
        db.dispose()
    login(crm, "fin")
    visit(crm, "/payments?status=pending")
    crm.wait_for_text_to_equal("#payments-total", "Total: 1")
    wait_for_tab_labels(
        crm,
        "payments-status-tabs",
        [
            "All (2 · ¥2,000.00)",
            "Draft (1 · ¥800.00)",
            "Pending approval (1 · ¥1,200.00)",
            "Approved (0 · ¥0.00)",
            "Rejected (0 · ¥0.00)",
            "Voided (0 · ¥0.00)",
        ],
    )
    wait_for_column(crm, "payments-grid", "number", [number])
    click_tab(crm, "payments-status-tabs", "All")
    crm.wait_for_text_to_equal("#payments-total", "Total: 2")
    fill(crm, "#payments-amount-min", "1000\t")
    crm.wait_for_text_to_equal("#payments-total", "Total: 1")
    assert crm.get_logs() == []


def test_contract_plan_tab_edits_the_installments(crm, deal):
    login(crm, "rep_a1")
    visit(crm, f"/contracts/{deal.contract_id}")
    click_tab(crm, "contract-detail-tabs", "Payment plan")
    crm.wait_for_contains_text("#payment-plan-summary", "Not planned\n¥0.00")
    crm.wait_for_contains_text("#payment-plan-row-1", "Overdue")

    crm.find_element("#payment-plan-add").click()
    crm.wait_for_element("#payment-plan-modal")
    fill(crm, "#payment-plan-amount", "10000")
    crm.find_element("#payment-plan-save").click()
    crm.wait_for_text_to_equal(
        "#payment-plan-amount-feedback",
        "The plan total would exceed the contract amount.",
    )
    crm.find_element("#payment-plan-cancel").click()

    crm.find_element("#payment-plan-row-2 button").click()  # its edit button
    wait_until(
        crm,
        lambda: (
            crm.find_element("#payment-plan-amount").get_attribute("value")
            == "60000.00"
        ),
        "the edit dialog never loaded installment 2",
    )
    fill(crm, "#payment-plan-amount", "50000")
    crm.find_element("#payment-plan-save").click()
    crm.wait_for_contains_text("#payment-plan-summary", "Not planned\n¥10,000.00")
    crm.wait_for_contains_text("#payment-plan-row-2", "¥50,000.00")

    crm.find_element("#payment-plan-add").click()
    wait_until(
        crm,
        lambda: crm.find_element("#payment-plan-amount").get_attribute("value") == "",
        "the add dialog kept the edited values",
    )
    fill(crm, "#payment-plan-amount", "10000")
    crm.find_element("#payment-plan-save").click()
    # Due today: it sorts between the overdue and the later installment.
    crm.wait_for_contains_text("#payment-plan-row-2", "Due today")
    crm.wait_for_contains_text("#payment-plan-summary", "Not planned\n¥0.00")

    crm.find_elements("#payment-plan-row-2 button")[1].click()  # delete
    crm.wait_for_element("#payment-plan-delete-confirm").click()
    crm.wait_for_contains_text("#payment-plan-row-2", "¥50,000.00")
    crm.wait_for_contains_text("#payment-plan-summary", "Not planned\n¥10,000.00")
    assert count(crm, "tr[id^='payment-plan-row-']") == 2
    assert crm.get_logs() == []
