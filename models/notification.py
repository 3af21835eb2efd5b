"""In-app notifications: a message for one user, rendered from `kind` + `params`
in the user's language, with a link to what it is about."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, created_at, int_pk


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at", "created_at"),
        # Jobs that run every few minutes send a message once: (user, key) is
        # unique; NULL keys (one-off messages) never collide.
        UniqueConstraint("user_id", "dedupe_key"),
    )

    id: Mapped[int_pk]
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(default=dict)
    link: Mapped[str | None] = mapped_column(String(200))
    dedupe_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[created_at]
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
