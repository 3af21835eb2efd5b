"""Messaging in the browser, against a real SMTP server on loopback: an admin
points the app at it (and a test email arrives), creates an email template (an
unknown variable is flagged first); a rep opens a customer, sends the template
to its contact, the server receives the rendered UTF-8 message and the
customer's timeline shows the email follow-up. A rep cannot open the admin
pages."""

import pytest
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import (
    CONTACT_NAME,
    UNIQUE_CUSTOMER,
    click_tab,
    dash_prop,
    fill,
    is_invalid,
    login,
    open_detail,
    visit,
    wait_for_value,
    wait_until,
)
from tests.services.messaging_support import SmtpSink

pytestmark = pytest.mark.browser

CONTACT_EMAIL = "wang.fang@example.com"
TEMPLATE = "产品介绍"
SUBJECT = "{customer.name} 产品介绍"
BODY = "{contact.name}您好，\n附件是我们的产品资料。\n{user.name}"


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


def save_smtp_settings(crm, port: int) -> None:
    visit(crm, "/admin/messaging")
    fill(crm, "#admin-messaging-smtp-host", "127.0.0.1")
    fill(crm, "#admin-messaging-smtp-port", str(port))
    Select(crm.find_element("#admin-messaging-smtp-security")).select_by_value("none")
    fill(crm, "#admin-messaging-from-address", "crm@pelago.example.com")
    fill(crm, "#admin-messaging-from-name", "沃行科技")
    crm.find_element("#admin-messaging-save").click()
    crm.wait_for_contains_text("#admin-messaging-message", "Messaging settings saved.")


def create_template(crm) -> None:
    visit(crm, "/admin/templates")
    crm.wait_for_contains_text("#admin-templates-list", "No templates yet.")
    crm.find_element("#admin-templates-new").click()
    fill(crm, "#admin-templates-name", TEMPLATE)
    fill(crm, "#admin-templates-subject", SUBJECT)
    fill(crm, "#admin-templates-body", BODY + " {customer.nmae}")
    crm.find_element("#admin-templates-save").click()
    crm.wait_for_contains_text(
        "#admin-templates-body-feedback", "Unknown variable {customer.nmae}"
    )
    assert is_invalid(crm, "#admin-templates-body")
    fill(crm, "#admin-templates-body", BODY)
    crm.find_element("#admin-templates-save").click()
    crm.wait_for_contains_text(
        "#admin-templates-message", f"Template {TEMPLATE} saved."
    )
    crm.wait_for_contains_text("#admin-templates-list", TEMPLATE)
    assert not is_invalid(crm, "#admin-templates-body")


def test_admin_sets_up_email_and_a_rep_sends_a_templated_email(crm, seeded_db, smtp):
    login(crm, "admin")
    save_smtp_settings(crm, smtp.port)
    fill(crm, "#admin-messaging-test-to", "ops@example.com")
    crm.find_element("#admin-messaging-test-send").click()
    crm.wait_for_contains_text("#admin-messaging-test-result", "Test email sent")
    [test_email] = smtp.wait_for(1)
    assert test_email.rcpt_tos == ["ops@example.com"]
    create_template(crm)
    assert crm.get_logs() == []

    crm.driver.delete_all_cookies()
    login(crm, "rep_a1")
    open_detail(crm, seeded_db, UNIQUE_CUSTOMER)
    crm.find_element("#customer-send-message-open-email").click()
    crm.wait_for_text_to_equal("#customer-send-message-title", "Send email")
    wait_for_value(crm, "#customer-send-message-recipient", CONTACT_EMAIL)
    wait_until(
        crm,
        lambda: (
            TEMPLATE
            in [
                o["label"]
                for o in dash_prop(crm, "customer-send-message-template-id", "options")
            ]
        ),
        "the template is not offered",
    )
    Select(
        crm.find_element("#customer-send-message-template-id")
    ).select_by_visible_text(TEMPLATE)
    wait_for_value(crm, "#customer-send-message-subject", SUBJECT)
    crm.wait_for_contains_text(
        "#customer-send-message-preview", f"{UNIQUE_CUSTOMER} 产品介绍"
    )
    crm.wait_for_contains_text(
        "#customer-send-message-preview", f"{CONTACT_NAME}您好，"
    )
    crm.find_element("#customer-send-message-send").click()
    crm.wait_for_contains_text("#shell-flash", f"Email sent to {CONTACT_EMAIL}.")

    received = smtp.wait_for(2)[1]
    assert received.rcpt_tos == [CONTACT_EMAIL]
    assert received.mail_from == "crm@pelago.example.com"
    assert received.subject == f"{UNIQUE_CUSTOMER} 产品介绍"
    assert received.text == f"{CONTACT_NAME}您好，\n附件是我们的产品资料。\nRep A1\n"

    click_tab(crm, "customer-detail-tabs", "Follow-ups")
    crm.wait_for_contains_text("#customer-timeline", f"{UNIQUE_CUSTOMER} 产品介绍")
    first = crm.find_element("#customer-timeline .timeline-item")
    assert first.text.startswith("Email")
    assert f"→ {CONTACT_EMAIL}" in first.text
    assert crm.get_logs() == []


def test_a_rep_cannot_open_the_messaging_admin_pages(crm):
    login(crm, "rep_a1")
    for path in ("/admin/templates", "/admin/messaging"):
        visit(crm, path)
        crm.wait_for_contains_text(
            ".admin-forbidden", "You do not have permission to do this."
        )
    assert crm.get_logs() == []
