"""Messaging over HTTP: a rep calling the admin callbacks directly gets "no
permission" and changes nothing; an admin's settings are stored encrypted with
the app's secret key; a rep cannot send from another rep's customer."""

from __future__ import annotations

from sqlalchemy import func, select

from dashboard.callback_client import call_callback
from dashboard.callbacks.admin_messaging import save_settings, send_test
from dashboard.callbacks.admin_templates import save
from dashboard.callbacks.send_message import SENDERS
from dashboard.ids import AdminMessaging, SendMessage
from models import AuditLog, FollowUp, MessageTemplate, MessagingSettings
from services.crypto import SecretBox
from tests.callbacks.conftest import dash_response, login

DENIED = "You do not have permission to do this."
SETTINGS = {
    "smtp_host": "127.0.0.1",
    "smtp_port": "2525",
    "smtp_security": "none",
    "smtp_username": "crm",
    "smtp_password": "pw-typed-by-admin",
    "from_address": "crm@example.com",
    "from_name": "CRM",
    "sms_provider": "log",
    "sms_webhook_url": "",
    "sms_webhook_secret": "",
    "sms_timeout_seconds": "10",
}


def count(world, model) -> int:
    with world.database.read_only() as session:
        return session.scalar(select(func.count()).select_from(model))


def settings_values() -> list:
    return [SETTINGS[name] for name in AdminMessaging.FIELDS]


def test_rep_cannot_save_templates_or_settings_or_test_email(client, app, world):
    login(client, "rep_a1")
    audits = count(world, AuditLog)

    template = call_callback(
        client, app, save, 1, None, None, "Hello", "email", "Hi", "Body", 0
    )
    settings = call_callback(client, app, save_settings, 1, 0, *settings_values())
    test = call_callback(client, app, send_test, 1, "ops@example.com")

    for response in (template, settings, test):
        assert DENIED in response.get_data(as_text=True)
    assert count(world, MessageTemplate) == 0
    assert count(world, MessagingSettings) == 0
    assert count(world, AuditLog) == audits


def test_admin_settings_are_stored_encrypted_with_the_app_key(client, app, world):
    login(client, "admin")
    response = call_callback(client, app, save_settings, 1, 0, *settings_values())

    outputs = dash_response(response)
    assert outputs[AdminMessaging.VERSION]["data"] == 1
    assert outputs[AdminMessaging.field("smtp_password")]["value"] == ""
    with world.database.read_only() as session:
        token = session.scalar(select(MessagingSettings.smtp_password_encrypted))
    assert "pw-typed-by-admin" not in token
    assert SecretBox("test").decrypt(token) == "pw-typed-by-admin"


def test_rep_cannot_send_from_another_reps_customer(client, app, world):
    login(client, "rep_b1")
    ids = SendMessage("customer")
    response = call_callback(
        client,
        app,
        SENDERS["customer"],
        1,
        "sms",
        str(world.customers["rep_a1"]),
        "-",
        "-",
        "13800000000",
        "",
        "Hello",
        0,
    )

    outputs = dash_response(response)
    assert "Record not found." in str(outputs[ids.MESSAGE]["children"])
    assert count(world, FollowUp) == 0
