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
    in_language,
    is_invalid,
    login,
    open_detail,
    ui_text,
    visit,
    wait_for_callbacks,
    wait_for_value,
    wait_until,
)
from tests.factories import DICTIONARY
from tests.services.messaging_support import Received

pytestmark = pytest.mark.browser

# The email follow-up type's (English, Chinese) labels.
EMAIL_TYPE = next(
    (en, zh) for code, en, zh in DICTIONARY["followup_type"] if code == "email"
)

CONTACT_EMAIL = "wang.fang@example.com"
TEMPLATE = "产品介绍"
SUBJECT = "{customer.name} 产品介绍"
BODY = "{contact.name}您好，\n附件是我们的产品资料。\n{user.name}"


def save_smtp_settings(crm, port: int) -> None:
    visit(crm, "/admin/messaging")
    fill(crm, "#admin-messaging-smtp-host", "127.0.0.1")
    fill(crm, "#admin-messaging-smtp-port", str(port))
    Select(crm.find_element("#admin-messaging-smtp-security")).select_by_value("none")
    fill(crm, "#admin-messaging-from-address", "crm@pelago.example.com")
    fill(crm, "#admin-messaging-from-name", "沃行科技")
    crm.find_element("#admin-messaging-save").click()
    crm.wait_for_contains_text(
        "#admin-messaging-message", ui_text(crm, "Messaging settings saved.")
    )


def create_template(crm) -> None:
    visit(crm, "/admin/templates")
    crm.wait_for_contains_text(
        "#admin-templates-list", ui_text(crm, "No templates yet.")
    )
    crm.find_element("#admin-templates-new").click()
    wait_for_callbacks(crm)
    fill(crm, "#admin-templates-name", TEMPLATE)
    fill(crm, "#admin-templates-subject", SUBJECT)
    fill(crm, "#admin-templates-body", BODY + " {customer.nmae}")
    crm.find_element("#admin-templates-save").click()
    crm.wait_for_contains_text(
        "#admin-templates-body-feedback",
        ui_text(
            crm,
            "Unknown variable {body_variables}. Use one from the list.",
            body_variables="{customer.nmae}",
        ),
    )
    assert is_invalid(crm, "#admin-templates-body")
    fill(crm, "#admin-templates-body", BODY)
    crm.find_element("#admin-templates-save").click()
    crm.wait_for_contains_text(
        "#admin-templates-message",
        ui_text(crm, "Template {name} saved.", name=TEMPLATE),
    )
    crm.wait_for_contains_text("#admin-templates-list", TEMPLATE)
    assert not is_invalid(crm, "#admin-templates-body")


def send_template(crm, customer: str, contact: str, email: str) -> None:
    """On the customer's detail page: send TEMPLATE to its contact at `email`,
    after the preview showed it rendered."""
    crm.find_element("#customer-send-message-open-email").click()
    crm.wait_for_text_to_equal(
        "#customer-send-message-title", ui_text(crm, "Send email")
    )
    wait_for_value(crm, "#customer-send-message-recipient", email)
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
    crm.wait_for_contains_text("#customer-send-message-preview", f"{customer} 产品介绍")
    crm.wait_for_contains_text("#customer-send-message-preview", f"{contact}您好，")
    crm.find_element("#customer-send-message-send").click()
    crm.wait_for_contains_text(
        "#shell-flash", ui_text(crm, "Email sent to {recipient}.", recipient=email)
    )


def assert_template_received(
    received: Received, customer: str, contact: str, email: str, sender: str
) -> None:
    """The SMTP server got TEMPLATE rendered for the customer, contact and sender."""
    assert received.rcpt_tos == [email]
    assert received.mail_from == "crm@pelago.example.com"
    assert received.subject == f"{customer} 产品介绍"
    assert received.text == f"{contact}您好，\n附件是我们的产品资料。\n{sender}\n"


def wait_for_email_in_timeline(crm, customer: str, email: str) -> None:
    """The customer's follow-ups start with the email just sent to `email`."""
    click_tab(crm, "customer-detail-tabs", ui_text(crm, "Follow-ups"))
    crm.wait_for_contains_text("#customer-timeline", f"{customer} 产品介绍")
    first = crm.find_element("#customer-timeline .timeline-item")
    assert first.text.startswith(in_language(crm, *EMAIL_TYPE))
    assert f"→ {email}" in first.text


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
    send_template(crm, UNIQUE_CUSTOMER, CONTACT_NAME, CONTACT_EMAIL)
    received = smtp.wait_for(2)[1]
    assert_template_received(
        received, UNIQUE_CUSTOMER, CONTACT_NAME, CONTACT_EMAIL, "Rep A1"
    )
    wait_for_email_in_timeline(crm, UNIQUE_CUSTOMER, CONTACT_EMAIL)
    assert crm.get_logs() == []


def test_a_rep_cannot_open_the_messaging_admin_pages(crm):
    login(crm, "rep_a1")
    for path in ("/admin/templates", "/admin/messaging"):
        visit(crm, path)
        crm.wait_for_contains_text(
            ".admin-forbidden", "You do not have permission to do this."
        )
    assert crm.get_logs() == []
