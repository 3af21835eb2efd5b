"""Approval flow administration in the browser: list, create with field errors,
steps editor, deactivate; non-admins are refused."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import fill, is_invalid, login, visit, wait_until

pytestmark = pytest.mark.browser


def flow_names(crm) -> list[str]:
    return [e.text for e in crm.find_elements(".approval-flow-name")]


def open_page(crm) -> None:
    login(crm, "admin")
    visit(crm, "/admin/approval-flows")
    wait_until(
        crm,
        lambda: flow_names(crm) == ["Contract approval"],
        lambda: f"flows listed: {flow_names(crm)}",
    )


def step_select(crm, kind: str, row: int) -> Select:
    selector = f'[id*="{kind}"][id*="\\"index\\":{row}"]'
    return Select(crm.wait_for_element(selector))


def test_seeded_contract_flow_lists_its_steps(crm):
    open_page(crm)
    crm.wait_for_contains_text(".approval-flow", "The submitter's supervisor")
    crm.wait_for_contains_text(".approval-flow", "Everyone with a role: Executive")
    assert crm.get_logs() == []


def test_create_a_flow_with_field_errors_then_save_and_deactivate(crm):
    open_page(crm)
    crm.find_element("#approval-flows-new").click()
    crm.wait_for_text_to_equal("#approval-flows-modal-title", "New approval flow")

    # A user step without a user, no name, a bad amount: every error at once.
    step_select(crm, "approval-flows-step-kind", 0).select_by_visible_text("A user")
    fill(crm, "#approval-flows-min-amount", "lots")
    crm.find_element("#approval-flows-save").click()
    crm.wait_for_text_to_equal("#approval-flows-name-feedback", "Name is required.")
    crm.wait_for_text_to_equal(
        "#approval-flows-min-amount-feedback",
        "Enter an amount between 0 and 999,999,999,999.99.",
    )
    crm.wait_for_contains_text(".approval-flow-step", "Choose an active user.")
    assert is_invalid(crm, "#approval-flows-name")

    fill(crm, "#approval-flows-name", "Large contracts")
    fill(crm, "#approval-flows-min-amount", "1000000")
    step_select(crm, "approval-flows-step-user", 0).select_by_visible_text("Exec")
    crm.find_element("#approval-flows-add-step").click()
    wait_until(
        crm,
        lambda: len(crm.find_elements(".approval-flow-step")) == 2,
        "the second step row never appeared",
    )
    crm.find_element("#approval-flows-save").click()

    wait_until(
        crm,
        lambda: flow_names(crm) == ["Contract approval", "Large contracts"],
        lambda: f"flows listed: {flow_names(crm)}",
    )
    large = crm.find_elements(".approval-flow")[1]
    assert "From ¥1,000,000.00" in large.text
    assert "A user: Exec (Any one approves)" in large.text
    assert "The submitter's supervisor (Any one approves)" in large.text

    large.find_element("css selector", "button.btn-outline-warning").click()
    wait_until(
        crm,
        lambda: "Inactive" in crm.find_elements(".approval-flow")[1].text,
        "the flow was never shown inactive",
    )
    assert crm.get_logs() == []


def test_reps_are_refused(crm):
    login(crm, "rep_a1")
    visit(crm, "/admin/approval-flows")
    crm.wait_for_contains_text(".admin-forbidden", "permission")
    assert crm.get_logs() == []
