"""Messaging on both backends: templates (unknown variables named at save time,
safe rendering), settings (secrets encrypted with the secret key, optimistic
lock, test email), and sending from customers, contacts, leads and
opportunities through a real SMTP server and a real HTTP webhook on loopback;
each send is a follow-up with its status, failures included."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import FollowUp, MessagingSettings, OutboundMessage
from services.crypto import SecretBox, SecretUnreadable
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.message_templates import (
    TemplateIn,
    list_templates,
    render,
    save_template,
    set_template_active,
    template_choices,
)
from services.messaging import (
    MessageIn,
    Target,
    message_form,
    preview_message,
    preview_template,
    send_message,
    template_text,
)
from services.messaging_settings import (
    EmailNotConfigured,
    MessagingSettingsIn,
    get_messaging_settings,
    send_test_email,
    update_messaging_settings,
)
from tests.factories import (
    audit_rows,
    make_contact,
    make_customer,
    make_lead,
    make_opportunity,
    reloaded,
)
from tests.services.messaging_support import SmtpSink, WebhookSink, free_port

BOX = SecretBox("the-app-secret-key")
TODAY = dt.date(2026, 3, 14)
FROM = "crm@pelago.example.com"
PASSWORD = "s3cret-SMTP-pw"
WEBHOOK_SECRET = "hook-secret-42"


@pytest.fixture(scope="module")
def smtp():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def inbox(smtp):
    """The module's SMTP server, emptied for this test."""
    smtp.received.clear()
    return smtp


@pytest.fixture(scope="module")
def webhook():
    with WebhookSink() as sink:
        yield sink


@pytest.fixture
def hook(webhook):
    webhook.state.requests.clear()
    webhook.state.status, webhook.state.delay = 200, 0.0
    return webhook


def configure(org, *, port: int, version: int = 0, **fields):
    data = MessagingSettingsIn(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        from_address=FROM,
        from_name="沃行科技 CRM",
        **fields,
    )
    return update_messaging_settings(
        org.session, org.actor("admin"), data, box=BOX, version=version
    )


def use_webhook(org, url: str, *, timeout: int = 5):
    return update_messaging_settings(
        org.session,
        org.actor("admin"),
        MessagingSettingsIn(
            sms_provider="webhook",
            sms_webhook_url=url,
            sms_webhook_secret=WEBHOOK_SECRET,
            sms_timeout_seconds=timeout,
        ),
        box=BOX,
        version=get_messaging_settings(org.session, org.actor("admin")).version,
    )


def template(org, name="Welcome", channel="email", subject=None, body="Hi", **kw):
    return save_template(
        org.session,
        org.actor(kw.pop("actor", "admin")),
        kw.pop("template_id", None),
        TemplateIn(name=name, channel=channel, subject=subject, body=body),
        **kw,
    )


def errors_of(call, *args, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as exc:
        call(*args, **kwargs)
    return exc.value


@pytest.fixture
def acme(org):
    """rep_a1's customer with a primary contact (Chinese name, email, mobile)."""
    customer = make_customer(
        org.session,
        org.actor("rep_a1"),
        "上海艾克美贸易",
        email="info@acme.example.com",
        mobile="13800001111",
    )
    contact = make_contact(
        org.session,
        org.actor("rep_a1"),
        customer,
        "王芳",
        email="wang.fang@example.com",
        mobile="13700001111",
        title="采购经理",
        is_primary=True,
    )
    return customer, contact


def send(org, actor="rep_a1", **fields):
    data = MessageIn(**({"channel": "email"} | fields))
    return send_message(org.session, org.actor(actor), data, box=BOX, today=TODAY)


def messages(org) -> list[OutboundMessage]:
    return list(
        org.session.scalars(select(OutboundMessage).order_by(OutboundMessage.id))
    )


# --- encryption -------------------------------------------------------------------


def test_secret_box_round_trip_and_wrong_key():
    token = BOX.encrypt(PASSWORD)
    assert PASSWORD not in token
    assert BOX.decrypt(token) == PASSWORD
    assert SecretBox("the-app-secret-key").decrypt(token) == PASSWORD
    with pytest.raises(SecretUnreadable) as exc:
        SecretBox("another-secret-key").decrypt(token)
    assert "secret key has changed" in exc.value.message


def test_smtp_password_is_stored_encrypted_never_in_clear(org):
    view = configure(org, port=25, smtp_username="crm", smtp_password=PASSWORD)
    assert view.has_smtp_password
    row = org.session.get(MessagingSettings, 1)
    stored = [str(getattr(row, c.key)) for c in row.__table__.columns]
    assert not any(PASSWORD in value for value in stored)
    assert BOX.decrypt(row.smtp_password_encrypted) == PASSWORD
    logged = json.dumps([(a.before, a.after) for a in audit_rows(org.session)])
    assert PASSWORD not in logged
    assert (
        audit_rows(org.session, "messaging_settings.update")[-1].after["smtp_password"]
        == "changed"
    )


def test_blank_password_keeps_the_stored_one_and_no_username_drops_it(org):
    first = configure(org, port=25, smtp_username="crm", smtp_password=PASSWORD)
    token = org.session.get(MessagingSettings, 1).smtp_password_encrypted
    second = configure(
        org, port=2525, version=first.version, smtp_username="crm", smtp_password=""
    )
    row = reloaded(org.session, org.session.get(MessagingSettings, 1))
    assert (row.smtp_port, row.smtp_password_encrypted) == (2525, token)
    configure(org, port=2525, version=second.version, smtp_username="")
    assert reloaded(org.session, row).smtp_password_encrypted is None


def test_sending_with_another_secret_key_fails_clearly_and_records_nothing(
    org, acme, inbox
):
    configure(org, port=inbox.port, smtp_username="crm", smtp_password=PASSWORD)
    customer, contact = acme
    with pytest.raises(SecretUnreadable):
        send_message(
            org.session,
            org.actor("rep_a1"),
            MessageIn(
                channel="email",
                target=Target("customer", customer.id),
                recipient=contact.email,
                subject="Hello",
                body="Hi",
            ),
            box=SecretBox("a-new-secret-key"),
            today=TODAY,
        )
    assert messages(org) == [] and inbox.received == []


# --- settings ----------------------------------------------------------------------


def test_settings_need_messaging_manage(org):
    rep = org.actor("rep_a1")
    with pytest.raises(PermissionDenied):
        get_messaging_settings(org.session, rep)
    with pytest.raises(PermissionDenied):
        update_messaging_settings(
            org.session, rep, MessagingSettingsIn(), box=BOX, version=0
        )
    with pytest.raises(PermissionDenied):
        send_test_email(org.session, rep, "a@example.com", box=BOX)


def test_settings_report_every_bad_field(org):
    error = errors_of(
        update_messaging_settings,
        org.session,
        org.actor("admin"),
        MessagingSettingsIn(
            smtp_host="mail.example.com",
            smtp_port="70000",
            smtp_security="tls1.0",
            from_address="not an address",
            sms_provider="webhook",
            sms_webhook_url="file:///etc/passwd",
            sms_timeout_seconds="0",
        ),
        box=BOX,
        version=0,
    )
    assert set(error.errors) == {
        "smtp_port",
        "smtp_security",
        "from_address",
        "sms_webhook_url",
        "sms_timeout_seconds",
    }
    assert error.params == {"min_timeout": 1, "max_timeout": 60}


def test_settings_saved_by_someone_else_meanwhile_conflict(org):
    configure(org, port=25)
    with pytest.raises(Conflict) as exc:
        configure(org, port=26, version=0)
    assert exc.value.params == {"name": "Admin"}


def test_test_email_arrives_and_is_logged(org, inbox):
    configure(org, port=inbox.port)
    result = send_test_email(
        org.session, org.actor("admin"), "ops@example.com", box=BOX
    )
    assert (result.sent, result.error) == (True, None)
    [received] = inbox.received
    assert (received.mail_from, received.rcpt_tos) == (FROM, ["ops@example.com"])
    assert received.subject == "Pelago test email"
    assert "这是一封来自 Pelago 的测试邮件" in received.text
    assert audit_rows(org.session, "messaging_settings.test_email")[-1].after == {
        "to": "ops@example.com",
        "sent": True,
        "error": None,
    }


def test_test_email_reports_the_error_of_an_unreachable_server(org):
    configure(org, port=free_port())
    result = send_test_email(
        org.session, org.actor("admin"), "ops@example.com", box=BOX
    )
    assert not result.sent and "refused" in result.error.lower()
    assert (
        audit_rows(org.session, "messaging_settings.test_email")[-1].after["sent"]
        is False
    )


def test_test_email_needs_smtp_settings_and_an_address(org):
    with pytest.raises(EmailNotConfigured):
        send_test_email(org.session, org.actor("admin"), "ops@example.com", box=BOX)
    assert errors_of(
        send_test_email, org.session, org.actor("admin"), "nope", box=BOX
    ).errors == {"test_to": "Enter a valid email address."}


# --- templates ---------------------------------------------------------------------


def test_unknown_variables_are_named_at_save_time(org):
    error = errors_of(
        template,
        org,
        subject="Hello {customer.nmae}",
        body="Dear {contact.name}, from {user.name} {customer.__class__} {foo}",
    )
    assert error.errors == {
        "subject": "Unknown variable {subject_variables}. Use one from the list.",
        "body": "Unknown variable {body_variables}. Use one from the list.",
    }
    assert error.params == {
        "subject_variables": "{customer.nmae}",
        "body_variables": "{customer.__class__}, {foo}",
    }
    assert list_templates(org.session, org.actor("admin")) == []


def test_template_fields_are_checked_together(org):
    template(org, name="Taken", subject="S")
    error = errors_of(
        template, org, name="taken", channel="fax", subject=None, body="Price { 5"
    )
    assert set(error.errors) == {"name", "channel", "body"}
    assert error.errors["body"].startswith("A brace is not closed")
    email_error = errors_of(template, org, name="New", subject="", body="x")
    assert email_error.errors == {"subject": "Enter a subject."}
    sms_error = errors_of(template, org, name="Long", channel="sms", body="字" * 501)
    assert sms_error.errors == {"body": "At most {body_limit} characters."}
    assert sms_error.params == {"body_limit": 500}


def test_templates_need_messaging_manage(org):
    with pytest.raises(PermissionDenied):
        template(org, actor="rep_a1", subject="S")
    with pytest.raises(PermissionDenied):
        list_templates(org.session, org.actor("leader_a"))


def test_create_edit_disable_with_audit_and_version(org):
    created = template(org, subject="Hi {contact.name}", body="Body")
    edited = template(
        org,
        name="Welcome v2",
        subject="Hi {contact.name}",
        body="New body",
        template_id=created["id"],
        version=created["version"],
    )
    assert (edited["name"], edited["body"], edited["version"]) == (
        "Welcome v2",
        "New body",
        created["version"] + 1,
    )
    with pytest.raises(Conflict):
        template(
            org,
            subject="S",
            template_id=created["id"],
            version=created["version"],
        )
    update = audit_rows(org.session, "message_template.update")[-1]
    assert (update.before, update.after) == (
        {"name": "Welcome", "body": "Body"},
        {"name": "Welcome v2", "body": "New body"},
    )
    sms = template(org, name="Reminder", channel="sms", subject="ignored", body="Hi")
    assert sms["subject"] is None
    assert template_choices(org.session, "email") == [(created["id"], "Welcome v2")]
    set_template_active(org.session, org.actor("admin"), created["id"], False)
    assert template_choices(org.session, "email") == []
    assert [
        t["is_active"] for t in list_templates(org.session, org.actor("admin"))
    ] == [
        True,
        False,
    ]
    assert audit_rows(org.session, "message_template.disable")[-1].after == {
        "is_active": False
    }


def test_rendering_is_a_whitelist_lookup_never_evaluated():
    values = {"customer.name": "{user.name} & {0.__class__}", "user.name": "Li"}
    rendered = render("Dear {customer.name}, {{not a variable}} — {user.name}", values)
    assert rendered.text == "Dear {user.name} & {0.__class__}, {not a variable} — Li"
    spaced = render("{ user.name } {contact.name}", values)
    assert (spaced.text, spaced.unfilled) == ("Li {contact.name}", ("contact.name",))


def test_admin_preview_renders_with_a_customer_and_contact(org, acme):
    customer, contact = acme
    admin = org.actor("admin")
    draft = preview_template(
        org.session,
        admin,
        channel="email",
        subject="致 {customer.name}",
        body="{contact.name}（{contact.title}）您好，{lead.name}",
        customer_id=customer.id,
        contact_id=contact.id,
        today=TODAY,
    )
    assert draft.subject == "致 上海艾克美贸易"
    assert draft.body == "王芳（采购经理）您好，{lead.name}"
    assert draft.errors == {"body": "This record has nothing for {body_variables}."}
    assert draft.params == {"body_variables": "{lead.name}"}
    with pytest.raises(PermissionDenied):
        preview_template(
            org.session,
            org.actor("rep_a1"),
            channel="sms",
            subject=None,
            body="x",
            customer_id=customer.id,
            today=TODAY,
        )


# --- the send dialog -----------------------------------------------------------------


def test_dialog_prefills_the_primary_contact_and_lists_templates(org, acme, inbox):
    customer, contact = acme
    make_contact(org.session, org.actor("rep_a1"), customer, "No email")
    created = template(org, subject="S {customer.name}", body="B")
    form = message_form(
        org.session, org.actor("rep_a1"), Target("customer", customer.id), "email"
    )
    assert form["templates"] == [(created["id"], "Welcome")]
    assert [c["name"] for c in form["contacts"]] == ["王芳", "No email"]
    assert (form["contact_id"], form["recipient"], form["record_address"]) == (
        contact.id,
        "wang.fang@example.com",
        "info@acme.example.com",
    )
    assert form["ready"] is False  # no SMTP server saved yet
    assert "opportunity.name" not in form["variables"]
    sms = message_form(
        org.session, org.actor("rep_a1"), Target("customer", customer.id), "sms"
    )
    assert (sms["recipient"], sms["ready"], sms["log_only"]) == (
        "13700001111",
        True,
        True,
    )
    assert template_text(org.session, org.actor("rep_a1"), created["id"], "email") == (
        "S {customer.name}",
        "B",
    )
    with pytest.raises(NotFound):
        template_text(org.session, org.actor("rep_a1"), created["id"], "sms")


def test_preview_renders_with_the_record(org, acme):
    customer, contact = acme
    draft = preview_message(
        org.session,
        org.actor("rep_a1"),
        MessageIn(
            channel="sms",
            target=Target("customer", customer.id),
            recipient="13700001111",
            body="{contact.name}您好，我是{customer.owner}（{company.name}），{today}",
            contact_id=contact.id,
        ),
        today=TODAY,
    )
    assert draft.body == "王芳您好，我是Rep A1（Pelago），2026-03-14"
    assert draft.errors == {}


# --- sending email ---------------------------------------------------------------


def test_templated_email_arrives_and_becomes_a_followup(org, acme, inbox):
    configure(org, port=inbox.port)
    customer, contact = acme
    created = template(
        org,
        subject="{customer.name} 报价单",
        body="{contact.name}您好：\n附上报价。\n{user.name}\n{company.name}",
    )
    result = send(
        org,
        target=Target("customer", customer.id),
        contact_id=contact.id,
        template_id=created["id"],
        recipient=contact.email,
        subject=created["subject"],
        body=created["body"],
    )
    assert (result.status, result.error, result.recipient) == (
        "sent",
        None,
        "wang.fang@example.com",
    )
    [received] = inbox.received
    assert received.mail_from == FROM
    assert received.rcpt_tos == ["wang.fang@example.com"]
    assert received.message["To"] == "wang.fang@example.com"
    assert received.subject == "上海艾克美贸易 报价单"
    assert received.text == "王芳您好：\n附上报价。\nRep A1\nPelago\n"
    assert received.message["From"].addresses[0].display_name == "沃行科技 CRM"
    followup = org.session.get(FollowUp, result.followup_id)
    assert (followup.customer_id, followup.contact_id, followup.followup_type) == (
        customer.id,
        contact.id,
        "email",
    )
    assert followup.content == (
        "→ wang.fang@example.com\n上海艾克美贸易 报价单\n\n"
        "王芳您好：\n附上报价。\nRep A1\nPelago"
    )
    [message] = messages(org)
    assert (message.status, message.provider, message.template_id) == (
        "sent",
        "smtp",
        created["id"],
    )
    assert message.finished_at is not None
    assert reloaded(org.session, customer).last_followup_at == followup.occurred_at
    audit = audit_rows(org.session, "message.sent")[-1]
    assert (audit.object_type, audit.object_id) == ("customer", customer.id)
    assert audit.after["followup_id"] == followup.id


def test_a_refused_connection_is_recorded_as_a_failed_followup(org, acme):
    configure(org, port=free_port())  # nothing listens there
    customer, contact = acme
    result = send(
        org,
        target=Target("customer", customer.id),
        recipient=contact.email,
        subject="Hello",
        body="Are you there?",
    )
    assert result.status == "failed"
    assert "refused" in result.error.lower()
    followup = org.session.get(FollowUp, result.followup_id)
    assert followup.followup_type == "email"
    assert followup.content.endswith(f"Are you there?\n\n⚠ {result.error}")
    [message] = messages(org)
    assert (message.status, message.error) == ("failed", result.error)
    assert audit_rows(org.session, "message.failed")[-1].after["error"] == result.error


def test_starttls_against_a_server_without_it_fails_and_is_recorded(org, acme, inbox):
    configure(org, port=inbox.port)
    org.session.get(MessagingSettings, 1).smtp_security = "starttls"
    customer, contact = acme
    result = send(
        org,
        target=Target("customer", customer.id),
        recipient=contact.email,
        subject="Hello",
        body="Hi",
    )
    assert result.status == "failed" and "STARTTLS" in result.error
    assert inbox.received == []


def test_bad_input_is_reported_at_once_and_nothing_is_sent(org, acme, inbox):
    configure(org, port=inbox.port)
    customer, _contact = acme
    other = make_customer(org.session, org.actor("rep_a1"), "Other")
    stranger = make_contact(org.session, org.actor("rep_a1"), other, "Stranger")
    error = errors_of(
        send,
        org,
        target=Target("customer", customer.id),
        contact_id=stranger.id,
        recipient="not-an-address",
        subject="Hi {custmer.name}",
        body="",
    )
    assert error.errors == {
        "contact_id": "Choose a contact of this customer.",
        "recipient": "Enter a valid email address.",
        "subject": "Unknown variable {subject_variables}. Use one from the list.",
        "body": "Enter the text of the message.",
    }
    assert messages(org) == [] and inbox.received == []


def test_contact_variables_need_a_contact(org, acme, inbox):
    configure(org, port=inbox.port)
    customer, _contact = acme
    error = errors_of(
        send,
        org,
        target=Target("customer", customer.id),
        recipient="info@acme.example.com",
        subject="Hello",
        body="Dear {contact.name}",
    )
    assert error.errors == {"body": "This record has nothing for {body_variables}."}
    assert error.params == {"body_variables": "{contact.name}"}


def test_text_too_long_once_filled_in_is_refused(org, inbox):
    configure(org, port=inbox.port)
    long_name = "长" * 150
    customer = make_customer(org.session, org.actor("rep_a1"), long_name)
    error = errors_of(
        send,
        org,
        target=Target("customer", customer.id),
        recipient="a@example.com",
        subject="{customer.name} {customer.name}",
        body="Hi",
    )
    assert error.errors == {
        "subject": "With the record filled in, the subject is longer than "
        "{subject_limit} characters."
    }
    assert error.params == {"subject_limit": 200}
    assert messages(org) == [] and inbox.received == []


def test_email_needs_the_smtp_settings(org, acme):
    customer, contact = acme
    with pytest.raises(EmailNotConfigured):
        send(
            org,
            target=Target("customer", customer.id),
            recipient=contact.email,
            subject="Hello",
            body="Hi",
        )
    assert messages(org) == []


def test_reps_send_only_from_records_in_their_scope(org, acme, inbox):
    configure(org, port=inbox.port)
    customer, contact = acme
    for kind, record_id in (("customer", customer.id), ("contact", contact.id)):
        with pytest.raises(NotFound):
            send(
                org,
                "rep_b1",
                target=Target(kind, record_id),
                recipient=contact.email,
                subject="Hello",
                body="Hi",
            )
        with pytest.raises(NotFound):
            message_form(
                org.session, org.actor("rep_b1"), Target(kind, record_id), "sms"
            )
    # Their leader sees the team's customers and may write to them.
    result = send(
        org,
        "leader_a",
        target=Target("customer", customer.id),
        recipient=contact.email,
        subject="Hello",
        body="Hi {customer.owner}",
    )
    assert result.status == "sent"
    assert inbox.received[0].text == "Hi Rep A1\n"


def test_a_disabled_template_cannot_be_sent(org, acme, inbox):
    configure(org, port=inbox.port)
    customer, contact = acme
    created = template(org, subject="S", body="B")
    set_template_active(org.session, org.actor("admin"), created["id"], False)
    error = errors_of(
        send,
        org,
        target=Target("customer", customer.id),
        template_id=created["id"],
        recipient=contact.email,
        subject="S",
        body="B",
    )
    assert error.errors == {"template_id": "This template is no longer available."}


def test_email_from_a_contact_page_names_the_contact(org, acme, inbox):
    configure(org, port=inbox.port)
    customer, contact = acme
    result = send(
        org,
        target=Target("contact", contact.id),
        recipient=contact.email,
        subject="{contact.name}",
        body="{customer.name}",
    )
    followup = org.session.get(FollowUp, result.followup_id)
    assert (followup.customer_id, followup.contact_id) == (customer.id, contact.id)
    assert (inbox.received[0].subject, inbox.received[0].text) == (
        "王芳",
        "上海艾克美贸易\n",
    )


def test_email_from_an_opportunity_is_on_its_timeline(org, acme, inbox):
    configure(org, port=inbox.port)
    customer, contact = acme
    opportunity = make_opportunity(
        org.session,
        org.actor("rep_a1"),
        customer,
        "ERP 升级",
        amount=Decimal("1234567.5"),
    )
    result = send(
        org,
        target=Target("opportunity", opportunity.id),
        contact_id=contact.id,
        recipient=contact.email,
        subject="{opportunity.name}",
        body="{opportunity.amount} · {opportunity.stage} · {contact.name}",
    )
    followup = org.session.get(FollowUp, result.followup_id)
    assert (followup.customer_id, followup.opportunity_id, followup.contact_id) == (
        customer.id,
        opportunity.id,
        contact.id,
    )
    assert inbox.received[0].text == "¥1,234,567.50 · Initial contact · 王芳\n"


# --- sending SMS -----------------------------------------------------------------


def test_sms_is_only_logged_by_default(org, acme, hook):
    customer, contact = acme
    result = send(
        org,
        channel="sms",
        target=Target("customer", customer.id),
        contact_id=contact.id,
        recipient=contact.mobile,
        subject="dropped",
        body="{contact.name}您好",
    )
    assert (result.status, result.error) == ("logged", None)
    [message] = messages(org)
    assert (message.provider, message.subject, message.body) == (
        "log",
        None,
        "王芳您好",
    )
    assert org.session.get(FollowUp, result.followup_id).followup_type == "sms"
    assert hook.state.requests == []


def test_sms_webhook_gets_signed_json(org, acme, hook):
    use_webhook(org, hook.url)
    customer, contact = acme
    result = send(
        org,
        channel="sms",
        target=Target("customer", customer.id),
        contact_id=contact.id,
        recipient=contact.mobile,
        body="{contact.name}您好，报价已发送。",
    )
    assert (result.status, result.error) == ("sent", None)
    [request] = hook.state.requests
    payload = json.loads(request.body)
    assert (payload["to"], payload["text"]) == ("13700001111", "王芳您好，报价已发送。")
    assert dt.datetime.fromisoformat(payload["sent_at"]).tzinfo is not None
    expected = hmac.new(WEBHOOK_SECRET.encode(), request.body, hashlib.sha256)
    assert request.headers["X-Pelago-Signature"] == f"sha256={expected.hexdigest()}"
    assert request.headers["Content-Type"].startswith("application/json")
    assert messages(org)[0].provider == "webhook"


def test_sms_webhook_error_status_is_a_failure(org, acme, hook):
    use_webhook(org, hook.url)
    hook.state.status = 500
    customer, contact = acme
    result = send(
        org,
        channel="sms",
        target=Target("customer", customer.id),
        recipient=contact.mobile,
        body="Hi",
    )
    assert (result.status, result.error) == (
        "failed",
        "The SMS webhook answered HTTP 500",
    )
    assert len(hook.state.requests) == 1
    assert org.session.get(FollowUp, result.followup_id).content.endswith(
        "⚠ The SMS webhook answered HTTP 500"
    )


def test_sms_webhook_timeout_is_a_failure(org, acme, hook):
    use_webhook(org, hook.url, timeout=1)
    hook.state.delay = 2.5
    customer, contact = acme
    result = send(
        org,
        channel="sms",
        target=Target("customer", customer.id),
        recipient=contact.mobile,
        body="Hi",
    )
    assert result.status == "failed" and "timed out" in result.error.lower()


def test_sms_to_a_lead_is_a_lead_followup(org, hook):
    lead = make_lead(
        org.session,
        org.actor("rep_a1"),
        "赵六",
        company="六六科技",
        mobile="13600002222",
    )
    form = message_form(
        org.session, org.actor("rep_a1"), Target("lead", lead.id), "sms"
    )
    assert (form["recipient"], form["contacts"]) == ("13600002222", [])
    result = send(
        org,
        channel="sms",
        target=Target("lead", lead.id),
        recipient=form["recipient"],
        body="{lead.name}（{lead.company}）您好",
    )
    followup = org.session.get(FollowUp, result.followup_id)
    assert (followup.lead_id, followup.customer_id) == (lead.id, None)
    assert messages(org)[0].body == "赵六（六六科技）您好"
    assert audit_rows(org.session, "message.logged")[-1].object_type == "lead"
    with pytest.raises(NotFound):
        send(
            org,
            "rep_b1",
            channel="sms",
            target=Target("lead", lead.id),
            recipient="13600002222",
            body="x",
        )


def test_sending_needs_the_followup_permission(org, acme):
    customer, contact = acme
    viewer = dataclasses.replace(
        org.actor("rep_a1"), permissions=frozenset({"customer.view"})
    )
    with pytest.raises(PermissionDenied):
        send_message(
            org.session,
            viewer,
            MessageIn(
                channel="sms",
                target=Target("customer", customer.id),
                recipient=contact.mobile,
                body="x",
            ),
            box=BOX,
            today=TODAY,
        )
    assert messages(org) == []
    assert reloaded(org.session, customer).last_followup_at is None
