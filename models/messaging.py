"""Messaging: email/SMS templates, the SMTP and SMS provider settings (one row,
id 1) and every message sent from a record (each one is also a follow-up)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, created_at, int_pk, utcnow

CHANNELS = ("email", "sms")
SMTP_SECURITY = ("none", "starttls", "ssl")
SMS_PROVIDERS = ("log", "webhook")
# sending: recorded, the transport has not answered yet (only inside the send's
# transaction); logged: the log-only SMS provider kept it and sent nothing.
MESSAGE_STATUSES = ("sending", "sent", "failed", "logged")


class MessageTemplate(Base):
    """A reusable email or SMS text with {variables}; disabled templates are no
    longer offered but the messages sent with them keep pointing at them."""

    __tablename__ = "message_templates"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str | None] = mapped_column(String(200))  # email only
    body: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class MessagingSettings(Base):
    """The single settings row. Secrets are Fernet tokens made with a key derived
    from the app's secret key (services/crypto.py), never clear text."""

    __tablename__ = "messaging_settings"

    id: Mapped[int_pk]
    smtp_host: Mapped[str | None] = mapped_column(String(200))
    smtp_port: Mapped[int | None] = mapped_column(Integer)
    smtp_security: Mapped[str] = mapped_column(String(10), default="starttls")
    smtp_username: Mapped[str | None] = mapped_column(String(200))
    smtp_password_encrypted: Mapped[str | None] = mapped_column(Text)
    from_address: Mapped[str | None] = mapped_column(String(200))
    from_name: Mapped[str | None] = mapped_column(String(100))
    sms_provider: Mapped[str] = mapped_column(String(10), default="log")
    sms_webhook_url: Mapped[str | None] = mapped_column(String(500))
    sms_webhook_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    sms_timeout_seconds: Mapped[int] = mapped_column(Integer, default=10)
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class OutboundMessage(Base):
    """One email or SMS sent (or attempted) from a record: the follow-up it is
    logged as, the rendered text, and how the transport answered."""

    __tablename__ = "outbound_messages"

    id: Mapped[int_pk]
    followup_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("followups.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("message_templates.id", ondelete="SET NULL")
    )
    channel: Mapped[str] = mapped_column(String(10))
    provider: Mapped[str] = mapped_column(String(10))  # smtp | log | webhook
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="sending")
    error: Mapped[str | None] = mapped_column(String(500))
    sent_by_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"))
    created_at: Mapped[created_at]
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
