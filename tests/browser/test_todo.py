"""To-do inbox in the browser: a leader approves a pending contract from /todo and
the count drops; rejecting needs a reason; the home card and the customers list
follow the same counts."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

from models import Customer
from models.base import utcnow
from services.approvals import submit
from services.contracts import ContractIn, create_contract
from services.database import Database
from services.org import build_actor
from tests.browser.conftest import (
    UNIQUE_CUSTOMER,
    fill,
    is_invalid,
    login,
    visit,
    wait_for_path_matching,
    wait_until,
)
from tests.factories import force_columns

pytestmark = pytest.mark.browser

CONTRACT = "Annual supply"
APPROVE_COUNT = "#todo-count-approve-contract"


def _work(seeded_db, work):
    database = Database(seeded_db.url)
    try:
        with database.unit_of_work() as session:
            return work(session)
    finally:
        database.dispose()


def submit_contract(seeded_db) -> None:
    """rep_a1's contract for UNIQUE_CUSTOMER, waiting for leader_a (step 1)."""

    def work(session):
        rep = build_actor(session, seeded_db.user_ids["rep_a1"], language="en")
        contract = create_contract(
            session,
            rep,
            ContractIn(
                name=CONTRACT,
                customer_id=seeded_db.customer_ids[UNIQUE_CUSTOMER],
                amount="12000",
                sign_date=dt.date.today(),
            ),
        )
        submit(session, rep, "contract", contract.id, version=contract.version)

    _work(seeded_db, work)


def count_text(dash_duo, selector: str) -> str:
    """The number of a count tile."""
    return dash_duo.find_element(f"{selector} .fs-5").text


def wait_for_count(dash_duo, selector: str, value: str) -> None:
    wait_until(
        dash_duo,
        lambda: count_text(dash_duo, selector) == value,
        lambda: f"{selector} shows {count_text(dash_duo, selector)!r}",
    )


def row_button(dash_duo, label: str):
    """The Approve/Reject button of the contract's row in the approvals list."""

    def found():
        for row in dash_duo.find_elements("#todo-approvals tbody tr"):
            if CONTRACT in row.text:
                return row.find_element(
                    By.XPATH, f".//button[normalize-space()='{label}']"
                )
        return None

    return wait_until(dash_duo, found, f"no {label} button for {CONTRACT!r}")


def open_dialog(dash_duo, label: str) -> None:
    row_button(dash_duo, label).click()
    dash_duo.wait_for_element(".modal.show #todo-decide-modal")
    dash_duo.wait_for_contains_text("#todo-decide-title", CONTRACT)


def test_leader_approves_from_the_inbox_and_the_count_drops(crm, seeded_db):
    submit_contract(seeded_db)
    login(crm, "leader_a")
    visit(crm, "/todo")
    wait_for_count(crm, APPROVE_COUNT, "1")

    open_dialog(crm, "Approve")
    fill(crm, "#todo-decide-text", "Fine by me")
    crm.find_element("#todo-decide-confirm").click()

    crm.wait_for_contains_text("#todo-message", "Approved.")
    wait_for_count(crm, APPROVE_COUNT, "0")
    crm.wait_for_contains_text("#todo-approvals", "Nothing waits for your approval.")
    assert crm.get_logs() == []


def test_reject_needs_a_reason_then_goes_back_to_the_submitter(crm, seeded_db):
    submit_contract(seeded_db)
    login(crm, "leader_a")
    visit(crm, "/todo")
    wait_for_count(crm, APPROVE_COUNT, "1")
    open_dialog(crm, "Reject")

    crm.find_element("#todo-decide-confirm").click()

    crm.wait_for_text_to_equal(
        "#todo-decide-text-feedback", "Give a reason for the rejection."
    )
    assert is_invalid(crm, "#todo-decide-text")
    assert count_text(crm, APPROVE_COUNT) == "1"
    fill(crm, "#todo-decide-text", "Discount too deep")
    crm.find_element("#todo-decide-confirm").click()
    crm.wait_for_contains_text("#todo-message", "Rejected")
    wait_for_count(crm, APPROVE_COUNT, "0")
    assert crm.get_logs() == []


def test_submitter_sees_the_submission_in_progress_on_home(crm, seeded_db):
    submit_contract(seeded_db)
    login(crm, "rep_a1")

    wait_for_count(crm, "#home-todo-count-submissions", "1")
    crm.find_element("#home-todo-count-submissions").click()
    wait_for_path_matching(crm, "/todo")
    crm.wait_for_contains_text("#todo-submissions", CONTRACT)
    crm.wait_for_contains_text("#todo-submissions", "Step 1: Leader A")
    assert crm.get_logs() == []


def test_overdue_follow_ups_link_to_the_filtered_customer_list(crm, seeded_db):
    def make_overdue(session):
        customer = session.get(Customer, seeded_db.customer_ids[UNIQUE_CUSTOMER])
        force_columns(
            session, customer, next_followup_at=utcnow() - dt.timedelta(days=3)
        )

    _work(seeded_db, make_overdue)
    login(crm, "rep_a1")
    wait_for_count(crm, "#home-todo-count-followups-overdue", "1")

    crm.find_element("#home-todo-count-followups-overdue").click()

    wait_for_path_matching(crm, r"/customers\?followup=overdue")
    crm.wait_for_text_to_equal("#customers-total", "Total: 1")
    assert crm.get_logs() == []
