"""Contacts list, and adding a contact from a customer's detail page."""

import pytest

from tests.browser.conftest import (
    CONTACT_NAME,
    UNIQUE_CUSTOMER,
    click_tab,
    fill,
    grid_cell,
    grid_column,
    is_invalid,
    login,
    open_detail,
    visit,
    wait_for_grid,
    wait_for_path,
    wait_for_path_matching,
)

pytestmark = pytest.mark.browser


def save_contact(crm, name: str, mobile: str, email: str) -> None:
    """Fill and save the open contact form; wait for the new contact's page."""
    fill(crm, "#contact-form-name", name)
    fill(crm, "#contact-form-mobile", mobile)
    fill(crm, "#contact-form-email", email)
    crm.find_element("#contact-form-save").click()
    wait_for_path_matching(crm, r"/contacts/\d+")
    crm.wait_for_contains_text("#contact-detail-name", name)
    crm.wait_for_text_to_equal(f"a[href='tel:{mobile}']", mobile)
    crm.wait_for_text_to_equal(f"a[href='mailto:{email}']", email)


def test_contacts_list_opens_a_contact_with_call_and_mail_links(crm, seeded_db):
    login(crm, "rep_a1")
    visit(crm, "/contacts")
    crm.wait_for_text_to_equal("#contacts-total", "Total: 1")
    assert wait_for_grid(
        crm, "contacts-grid", lambda names: len(names) == 1, "rep_a1's contact"
    ) == [CONTACT_NAME]
    assert grid_column(crm, "contacts-grid", "customer") == [UNIQUE_CUSTOMER]

    grid_cell(crm, "contacts-grid", CONTACT_NAME).click()
    wait_for_path_matching(crm, r"/contacts/\d+")
    crm.wait_for_contains_text("#contact-detail-name", CONTACT_NAME)
    assert crm.find_element("a[href='tel:13700001111']").text == "13700001111"
    assert (
        crm.find_element("a[href='mailto:wang.fang@example.com']").text
        == "wang.fang@example.com"
    )
    crm.wait_for_text_to_equal("#contact-detail-customer", UNIQUE_CUSTOMER)
    assert crm.get_logs() == []


def test_add_contact_from_customer_detail(crm, seeded_db):
    customer_id = seeded_db.customer_ids[UNIQUE_CUSTOMER]
    login(crm, "rep_a1")
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    crm.find_element("#customer-detail-add-contact").click()

    wait_for_path(crm, f"/contacts/new?customer_id={customer_id}")
    crm.wait_for_text_to_equal(
        "#contact-form-customer-id .Select-value-label", UNIQUE_CUSTOMER
    )
    crm.find_element("#contact-form-save").click()
    crm.wait_for_text_to_equal("#contact-form-name-feedback", "Name is required.")
    assert is_invalid(crm, "#contact-form-name")

    save_contact(crm, "Zhao Lei", "13600002222", "zhao.lei@example.com")
    crm.find_element("#contact-detail-customer").click()
    wait_for_path(crm, f"/customers/{customer_id}")
    click_tab(crm, "customer-detail-tabs", "Contacts")
    crm.wait_for_contains_text("#customer-detail-contacts", "Zhao Lei")
    assert crm.get_logs() == []
