"""The approval panel in the browser, hosted by the payment detail page: submit,
reject (reason required, field message), resubmit, withdraw, and the log."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import models
from services.database import Database
from services.org import build_actor
from services.users import create_user
from tests.browser.conftest import UNIQUE_CUSTOMER, fill, login, visit, wait_until
from tests.factories import PASSWORD, display_name, make_approved_contract, make_payment

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Draft:
    payment_id: int


@pytest.fixture
def draft(seeded_db) -> Draft:
    """A finance user and a draft payment of 5,000 on rep_a1's approved contract
    (the seeded payment flow: any member of finance approves)."""
    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            user = create_user(
                session,
                None,
                username="fin",
                password=PASSWORD,
                display_name=display_name("fin"),
                role_code="finance",
                team_id=None,
            )
            seeded_db.user_ids["fin"] = user.id
            customer = session.get(
                models.Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER]
            )
            contract = make_approved_contract(
                session, seeded_db.user_ids["rep_a1"], customer, "20000.00"
            )
            rep = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
            payment = make_payment(session, rep, contract, "5000")
            return Draft(payment.id)
    finally:
        db.dispose()


def part(kind: str) -> str:
    return f"""[id='{{"index":"payment","type":"approval-{kind}"}}']"""


def shown(crm, kind: str) -> bool:
    elements = crm.driver.find_elements("css selector", part(kind))
    return bool(elements) and elements[0].is_displayed()


def open_payment(crm, draft: Draft, username: str) -> None:
    crm.driver.delete_all_cookies()
    login(crm, username)
    visit(crm, f"/payments/{draft.payment_id}")
    crm.wait_for_element(".approval-summary")


def log_text(crm) -> str:
    tables = crm.driver.find_elements("css selector", ".approval-log")
    return tables[0].text if tables else ""


def test_reject_needs_a_reason_and_the_record_can_be_resubmitted(crm, draft):
    open_payment(crm, draft, "rep_a1")
    wait_until(crm, lambda: shown(crm, "submit"), "Submit never offered")
    crm.find_element(part("submit")).click()
    crm.wait_for_contains_text(".approval-summary", "Pending approval")
    wait_until(crm, lambda: shown(crm, "withdraw"), "Withdraw never offered")
    assert not shown(crm, "approve")

    open_payment(crm, draft, "fin")
    wait_until(crm, lambda: shown(crm, "reject"), "Reject never offered")
    crm.find_element(part("reject")).click()
    crm.wait_for_element(part("reject-confirm")).click()
    crm.wait_for_text_to_equal(
        part("reason-feedback"), "Give a reason for the rejection."
    )
    fill(crm, part("reason"), "Wrong amount")
    crm.find_element(part("reject-confirm")).click()
    crm.wait_for_contains_text(".approval-summary", "Rejected")
    wait_until(
        crm,
        lambda: "Wrong amount" in log_text(crm),
        lambda: f"log: {log_text(crm)}",
    )
    assert not shown(crm, "approve")

    open_payment(crm, draft, "rep_a1")
    wait_until(crm, lambda: shown(crm, "submit"), "Resubmit never offered")
    crm.find_element(part("submit")).click()
    crm.wait_for_contains_text(".approval-summary", "Pending approval")
    wait_until(
        crm,
        lambda: log_text(crm).count("Submitted") == 2,
        lambda: f"log: {log_text(crm)}",
    )
    assert crm.get_logs() == []


def test_the_submitter_withdraws_a_pending_record(crm, draft):
    open_payment(crm, draft, "rep_a1")
    wait_until(crm, lambda: shown(crm, "submit"), "Submit never offered")
    crm.find_element(part("submit")).click()
    wait_until(crm, lambda: shown(crm, "withdraw"), "Withdraw never offered")
    crm.find_element(part("withdraw")).click()
    wait_until(
        crm,
        lambda: "Withdrawn" in log_text(crm),
        lambda: f"log: {log_text(crm)}",
    )
    crm.wait_for_contains_text(".approval-summary", "Draft")
    wait_until(crm, lambda: shown(crm, "submit"), "Submit not offered again")
    assert crm.get_logs() == []


@pytest.fixture
def free_flow(seeded_db, draft) -> Draft:
    """The payment flow switched to a free flow, and a second finance user."""
    from tests.services.approval_support import make_flow

    db = Database(seeded_db.url)
    try:
        with db.unit_of_work() as session:
            make_flow(session, "payment", mode="free", name="Free payments")
            user = create_user(
                session,
                None,
                username="fin2",
                password=PASSWORD,
                display_name=display_name("fin2"),
                role_code="finance",
                team_id=None,
            )
            seeded_db.user_ids["fin2"] = user.id
    finally:
        db.dispose()
    return draft


def test_free_flow_each_approver_picks_the_next(crm, free_flow):
    open_payment(crm, free_flow, "rep_a1")
    wait_until(crm, lambda: shown(crm, "submit"), "Submit never offered")
    crm.find_element(part("submit")).click()
    crm.wait_for_text_to_equal(part("picker-feedback"), "Choose at least one approver.")
    crm.select_dcc_dropdown(part("picker"), value=display_name("fin"))
    crm.find_element(part("submit")).click()
    crm.wait_for_contains_text(".approval-summary", "Pending approval")

    open_payment(crm, free_flow, "fin")
    wait_until(crm, lambda: shown(crm, "approve"), "Approve never offered")
    crm.select_dcc_dropdown(part("picker"), value=display_name("fin2"))
    crm.find_element(part("approve")).click()
    crm.wait_for_contains_text(".approval-summary", "Pending approval")
    wait_until(
        crm,
        lambda: f"Next: {display_name('fin2')}" in log_text(crm),
        lambda: f"log: {log_text(crm)}",
    )

    open_payment(crm, free_flow, "fin2")
    wait_until(crm, lambda: shown(crm, "approve"), "Approve never offered")
    crm.find_element(part("approve")).click()
    crm.wait_for_contains_text(".approval-summary", "Approved")
    assert crm.get_logs() == []
