"""Messaging settings (one row, id 1): the SMTP server and sender, and the SMS
provider (log-only by default, or an HTTP webhook). Passwords and secrets are
stored encrypted (services/crypto.py); a blank password field keeps the stored
one. Until an admin saves, email is not set up and SMS is log-only."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import MessagingSettings, User
from models.messaging import SMS_PROVIDERS, SMTP_SECURITY
from services.actor import Actor
from services.audit import changed_fields, record_audit
from services.crypto import SecretBox
from services.errors import Conflict, ServiceError, ValidationFailed
from services.message_transport import (
    SmsConfig,
    SmtpConfig,
    TransportError,
    send_email,
)
from services.msgid import N_
from services.normalize import clean, email_problem
from services.permissions import MESSAGING_MANAGE

log = logging.getLogger(__name__)

SETTINGS_ID = 1
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
MIN_TIMEOUT, MAX_TIMEOUT = 1, 60
DEFAULT_SMS_TIMEOUT = 10
MAX_SECRET = 200


class EmailNotConfigured(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "Email is not set up yet: an administrator must enter the SMTP "
                "server in the messaging settings."
            )
        )


@dataclass(frozen=True)
class MessagingView:
    """The settings as the admin form shows them: secrets only as "set"."""

    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str = "starttls"
    smtp_username: str | None = None
    has_smtp_password: bool = False
    from_address: str | None = None
    from_name: str | None = None
    sms_provider: str = "log"
    sms_webhook_url: str | None = None
    has_webhook_secret: bool = False
    sms_timeout_seconds: int = DEFAULT_SMS_TIMEOUT
    version: int = 0  # 0 = never saved

    @property
    def email_ready(self) -> bool:
        return bool(self.smtp_host and self.from_address)


@dataclass(frozen=True)
class MessagingSettingsIn:
    smtp_host: str | None = None
    smtp_port: str | int | None = None
    smtp_security: str | None = "starttls"
    smtp_username: str | None = None
    # None or "" keeps the stored password; without a username none is kept.
    smtp_password: str | None = None
    from_address: str | None = None
    from_name: str | None = None
    sms_provider: str | None = "log"
    sms_webhook_url: str | None = None
    sms_webhook_secret: str | None = None  # None or "" keeps the stored one
    sms_timeout_seconds: str | int | None = DEFAULT_SMS_TIMEOUT


def _row(session: Session, *, lock: bool = False) -> MessagingSettings | None:
    query = select(MessagingSettings).where(MessagingSettings.id == SETTINGS_ID)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def _view(row: MessagingSettings | None) -> MessagingView:
    if row is None:
        return MessagingView()
    return MessagingView(
        smtp_host=row.smtp_host,
        smtp_port=row.smtp_port,
        smtp_security=row.smtp_security,
        smtp_username=row.smtp_username,
        has_smtp_password=row.smtp_password_encrypted is not None,
        from_address=row.from_address,
        from_name=row.from_name,
        sms_provider=row.sms_provider,
        sms_webhook_url=row.sms_webhook_url,
        has_webhook_secret=row.sms_webhook_secret_encrypted is not None,
        sms_timeout_seconds=row.sms_timeout_seconds,
        version=row.version,
    )


def get_messaging_settings(session: Session, actor: Actor) -> MessagingView:
    """The settings for the admin form. Raises PermissionDenied."""
    actor.require(MESSAGING_MANAGE)
    return _view(_row(session))


def messaging_status(session: Session) -> MessagingView:
    """The settings without secrets, for anyone about to send (is email set up?)."""
    return _view(_row(session))


def _whole_number(value: str | int | None) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _field_errors(data: MessagingSettingsIn) -> tuple[dict[str, str], dict[str, Any]]:
    errors: dict[str, str] = {}
    params: dict[str, Any] = {}
    host = clean(data.smtp_host)
    if host and (len(host) > 200 or any(ch.isspace() for ch in host)):
        errors["smtp_host"] = N_("Enter a host name or IP address.")
    port_text = clean(str(data.smtp_port) if data.smtp_port is not None else None)
    port = _whole_number(port_text)
    if port_text and (port is None or not 1 <= port <= 65535):
        errors["smtp_port"] = N_("Enter a port from 1 to 65535.")
    if data.smtp_security not in SMTP_SECURITY:
        errors["smtp_security"] = N_("Choose how the connection is secured.")
    username = clean(data.smtp_username)
    if username and len(username) > 200:
        errors["smtp_username"] = N_("At most 200 characters.")
    if data.smtp_password and len(data.smtp_password) > MAX_SECRET:
        errors["smtp_password"] = N_("At most 200 characters.")
    address = clean(data.from_address)
    if host and not address:
        errors["from_address"] = N_("Enter the address emails are sent from.")
    elif address and (problem := email_problem(address)):
        errors["from_address"] = problem
    name = clean(data.from_name)
    if name and (len(name) > 100 or "\n" in name or "\r" in name):
        errors["from_name"] = N_("One line of at most 100 characters.")
    if data.sms_provider not in SMS_PROVIDERS:
        errors["sms_provider"] = N_("Choose an SMS provider.")
    url = clean(data.sms_webhook_url)
    if data.sms_provider == "webhook" and not url:
        errors["sms_webhook_url"] = N_("Enter the webhook URL.")
    elif url and (len(url) > 500 or not _is_web_url(url)):
        errors["sms_webhook_url"] = N_("Enter an http:// or https:// URL.")
    if data.sms_webhook_secret and len(data.sms_webhook_secret) > MAX_SECRET:
        errors["sms_webhook_secret"] = N_("At most 200 characters.")
    timeout = _whole_number(data.sms_timeout_seconds)
    if timeout is None or not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        errors["sms_timeout_seconds"] = N_(
            "Enter whole seconds from {min_timeout} to {max_timeout}."
        )
        params |= {"min_timeout": MIN_TIMEOUT, "max_timeout": MAX_TIMEOUT}
    return errors, params


def _audited_state(row: MessagingSettings) -> dict[str, Any]:
    """What the operation log shows: secrets only as "changed", never their text."""
    return {
        "smtp_host": row.smtp_host,
        "smtp_port": row.smtp_port,
        "smtp_security": row.smtp_security,
        "smtp_username": row.smtp_username,
        "from_address": row.from_address,
        "from_name": row.from_name,
        "sms_provider": row.sms_provider,
        "sms_webhook_url": row.sms_webhook_url,
        "sms_timeout_seconds": row.sms_timeout_seconds,
    }


def _create_row(session: Session, values: dict[str, Any]) -> MessagingSettings:
    """Insert the row; a concurrent first save wins. Raises Conflict."""
    row = MessagingSettings(id=SETTINGS_ID, **values)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as error:
        raise Conflict(
            N_("Someone saved the messaging settings after you opened them. Reload.")
        ) from error
    return row


def _secret_values(
    row: MessagingSettings | None, data: MessagingSettingsIn, box: SecretBox
) -> dict[str, str | None]:
    """The encrypted columns that change: typed secrets, and no password once
    there is no user name."""
    values: dict[str, str | None] = {}
    if not clean(data.smtp_username):
        if row is not None and row.smtp_password_encrypted is not None:
            values["smtp_password_encrypted"] = None
    elif data.smtp_password:
        values["smtp_password_encrypted"] = box.encrypt(data.smtp_password)
    if data.sms_webhook_secret:
        values["sms_webhook_secret_encrypted"] = box.encrypt(data.sms_webhook_secret)
    return values


def update_messaging_settings(
    session: Session,
    actor: Actor,
    data: MessagingSettingsIn,
    *,
    box: SecretBox,
    version: int,
) -> MessagingView:
    """Save the settings edited on `version` (0 = never saved); typed secrets are
    encrypted with `box`. Raises PermissionDenied, ValidationFailed, Conflict."""
    actor.require(MESSAGING_MANAGE)
    errors, params = _field_errors(data)
    if errors:
        raise ValidationFailed(errors, **params)
    row = _row(session, lock=True)
    if (row.version if row is not None else 0) != version:
        editor = row and session.scalar(
            select(User.display_name).where(User.id == row.updated_by_id)
        )
        raise Conflict(
            N_("{name} changed the messaging settings after you opened them. Reload."),
            name=editor or "?",
        )
    security = data.smtp_security or "starttls"
    values: dict[str, Any] = {
        "smtp_host": clean(data.smtp_host),
        "smtp_port": _whole_number(data.smtp_port) or DEFAULT_PORTS[security],
        "smtp_security": security,
        "smtp_username": clean(data.smtp_username),
        "from_address": clean(data.from_address),
        "from_name": clean(data.from_name),
        "sms_provider": data.sms_provider or "log",
        "sms_webhook_url": clean(data.sms_webhook_url),
        "sms_timeout_seconds": _whole_number(data.sms_timeout_seconds),
        "updated_by_id": actor.user_id,
    }
    secrets = _secret_values(row, data, box)
    if row is None:
        before: dict[str, Any] = {}
        row = _create_row(session, values | secrets)
    else:
        before = _audited_state(row)
        for name, value in (values | secrets).items():
            setattr(row, name, value)
        session.flush()
    old, new = changed_fields(before, _audited_state(row))
    secret_names = [name.removesuffix("_encrypted") for name in secrets]
    if new or secret_names:
        record_audit(
            session,
            actor,
            "messaging_settings.update",
            "messaging_settings",
            row.id,
            before=old,
            after=new | {name: "changed" for name in secret_names},
        )
    return _view(row)


def smtp_config(session: Session, box: SecretBox) -> SmtpConfig:
    """The SMTP settings with the password decrypted.
    Raises EmailNotConfigured, SecretUnreadable."""
    row = _row(session)
    if row is None or not row.smtp_host or not row.from_address:
        raise EmailNotConfigured()
    password = (
        box.decrypt(row.smtp_password_encrypted)
        if row.smtp_password_encrypted
        else None
    )
    return SmtpConfig(
        host=row.smtp_host,
        port=row.smtp_port or DEFAULT_PORTS[row.smtp_security],
        security=row.smtp_security,
        username=row.smtp_username,
        password=password,
        from_address=row.from_address,
        from_name=row.from_name,
    )


def sms_config(session: Session, box: SecretBox) -> SmsConfig:
    """The SMS provider with its secret decrypted (log-only until set up).
    Raises SecretUnreadable."""
    row = _row(session)
    if row is None or row.sms_provider != "webhook":
        return SmsConfig(provider="log")
    secret = (
        box.decrypt(row.sms_webhook_secret_encrypted)
        if row.sms_webhook_secret_encrypted
        else None
    )
    return SmsConfig(
        provider="webhook",
        webhook_url=row.sms_webhook_url,
        webhook_secret=secret,
        timeout=row.sms_timeout_seconds,
    )


@dataclass(frozen=True)
class EmailCheck:
    sent: bool
    error: str | None = None


def send_test_email(
    session: Session, actor: Actor, to: str | None, *, box: SecretBox
) -> EmailCheck:
    """Send a short email with the saved settings to `to` and report how the
    server answered; the attempt goes to the operation log either way.
    Raises PermissionDenied, ValidationFailed, EmailNotConfigured,
    SecretUnreadable."""
    actor.require(MESSAGING_MANAGE)
    address = clean(to)
    problem = email_problem(address) if address else N_("Enter an email address.")
    if problem:
        raise ValidationFailed({"test_to": problem})
    config = smtp_config(session, box)
    sent_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    try:
        send_email(
            config,
            to=address,
            subject="Pelago test email",
            body=(
                f"This is a test email from Pelago, sent by {actor.display_name} "
                f"at {sent_at} through {config.host}:{config.port}.\n\n"
                "这是一封来自 Pelago 的测试邮件。"
            ),
        )
        result = EmailCheck(sent=True)
    except TransportError as error:
        log.warning("test email to %s failed: %s", address, error)
        result = EmailCheck(sent=False, error=str(error))
    record_audit(
        session,
        actor,
        "messaging_settings.test_email",
        "messaging_settings",
        SETTINGS_ID,
        after={"to": address, "sent": result.sent, "error": result.error},
    )
    return result
