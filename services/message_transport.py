"""Delivering a rendered message: email over SMTP (smtplib), SMS through the
configured provider (log-only, or an HTTP webhook). No database access: callers
pass the decrypted configuration and record the outcome.

Every failure (refused connection, timeout, TLS, authentication, rejected
recipient, non-2xx webhook answer) becomes a TransportError whose text says
what happened; callers store and show it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 20
SIGNATURE_HEADER = "X-Pelago-Signature"
MAX_ERROR = 500


class TransportError(Exception):
    """The message was not delivered; str() says why (stored with the message)."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str  # none | starttls | ssl
    username: str | None
    password: str | None
    from_address: str
    from_name: str | None
    timeout: float = SMTP_TIMEOUT_SECONDS


@dataclass(frozen=True)
class SmsConfig:
    provider: str  # log | webhook
    webhook_url: str | None = None
    webhook_secret: str | None = None
    timeout: float = 10


def _describe(error: BaseException | str) -> str:
    """A one-line account of a transport error, at most MAX_ERROR characters."""
    if isinstance(error, str):
        text = error
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(
            f"{address}: {code} {_text(reply)}"
            for address, (code, reply) in error.recipients.items()
        )
        text = f"Recipient refused ({refused})"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"SMTP {error.smtp_code}: {_text(error.smtp_error)}"
    elif isinstance(error, TimeoutError):
        text = "Timed out waiting for the server"
    else:
        text = f"{type(error).__name__}: {error}".rstrip(": ")
    return " ".join(text.split())[:MAX_ERROR]


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def build_email(
    config: SmtpConfig, *, to: str, subject: str, body: str
) -> EmailMessage:
    """A UTF-8 text/plain message (base64 when the body is not ASCII, so servers
    without 8BITMIME still carry it)."""
    message = EmailMessage()
    message["From"] = Address(
        display_name=config.from_name or "", addr_spec=config.from_address
    )
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain=config.from_address.rpartition("@")[2])
    message.set_content(body, cte=None if body.isascii() else "base64")
    return message


def send_email(config: SmtpConfig, *, to: str, subject: str, body: str) -> None:
    """Deliver one email. Raises TransportError."""
    try:
        message = build_email(config, to=to, subject=subject, body=body)
        context = ssl.create_default_context()
        if config.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=context
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with client:
            if config.security == "starttls":
                client.starttls(context=context)
            if config.username:
                client.login(config.username, config.password or "")
            client.send_message(message)
    except (smtplib.SMTPException, OSError, ValueError) as error:
        # ValueError: a header the email package refuses (e.g. a bad address).
        raise TransportError(_describe(error)) from error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx: a failure, never followed."""

    def redirect_request(self, *_args, **_kwargs):
        return None


def webhook_payload(to: str, text: str, sent_at: dt.datetime) -> bytes:
    return json.dumps(
        {"to": to, "text": text, "sent_at": sent_at.isoformat()},
        ensure_ascii=False,
    ).encode()


def signature(secret: str, payload: bytes) -> str:
    """The signature header's value: sha256= and the hex HMAC of the raw body."""
    digest = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def send_sms(config: SmsConfig, *, to: str, text: str) -> bool:
    """Hand one SMS to the provider: True when it was sent, False when the
    log-only provider just logged it. Raises TransportError."""
    if config.provider != "webhook":
        log.info("SMS to %s recorded by the log-only provider: %s", to, text)
        return False
    payload = webhook_payload(to, text, dt.datetime.now(dt.UTC))
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if config.webhook_secret:
        headers[SIGNATURE_HEADER] = signature(config.webhook_secret, payload)
    request = urllib.request.Request(
        config.webhook_url or "", data=payload, headers=headers, method="POST"
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=config.timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        error.close()
        raise TransportError(f"The SMS webhook answered HTTP {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise TransportError(_describe(reason)) from error
    if not 200 <= status < 300:
        raise TransportError(f"The SMS webhook answered HTTP {status}")
    return True
