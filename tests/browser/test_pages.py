"""Every page loads for a rep, in one browser session, with no console errors."""

import pytest

from tests.browser.conftest import (
    CONTACT_NAME,
    REP_A1_CUSTOMERS,
    REP_B1_CUSTOMER,
    UNIQUE_CUSTOMER,
    login,
    visit,
)

pytestmark = pytest.mark.browser


def test_every_page_loads(crm, seeded_db):
    customer = seeded_db.customer_ids[UNIQUE_CUSTOMER]
    contact = seeded_db.contact_ids[CONTACT_NAME]
    pages = [
        ("/", "#home-summary", f"{REP_A1_CUSTOMERS}\nCustomers"),
        ("/customers", "#customers-total", f"Total: {REP_A1_CUSTOMERS}"),
        ("/customers/new", "h2.page-title", "New customer"),
        (f"/customers/{customer}", "#customer-detail-name", UNIQUE_CUSTOMER),
        (f"/customers/{customer}/edit", "h2.page-title", "Edit customer"),
        ("/contacts", "#contacts-total", "Total: 1"),
        ("/contacts/new", "h2.page-title", "New contact"),
        (f"/contacts/{contact}", "#contact-detail-name", CONTACT_NAME),
        (f"/contacts/{contact}/edit", "h2.page-title", "Edit contact"),
        ("/recycle-bin", "#recycle-total", "Total: 0"),
        ("/account", "h2.page-title", "Account"),
        ("/no-such-page", "#not-found-title", "Page not found"),
        # Out of scope looks exactly like missing: existence does not leak.
        (
            f"/customers/{seeded_db.customer_ids[REP_B1_CUSTOMER]}",
            "#customer-detail-header .alert-danger",
            "Record not found.",
        ),
        (
            "/customers/abc",
            "#customer-detail-header .alert-danger",
            "Record not found.",
        ),
    ]
    login(crm, "rep_a1")
    for path, selector, text in pages:
        visit(crm, path)
        crm.wait_for_contains_text(selector, text)
    assert crm.get_logs() == []
