"""Look of the app: company name, theme colour and logo (one row, id 1)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId, int_pk, utcnow

DEFAULT_THEME_COLOR = "#2563eb"


class AppearanceSettings(Base):
    """The single appearance row. The logo bytes are deferred: every page reads
    the name and colour, only /branding/logo reads the image."""

    __tablename__ = "appearance_settings"

    id: Mapped[int_pk]
    company_name: Mapped[str | None] = mapped_column(String(100))
    theme_color: Mapped[str] = mapped_column(String(7), default=DEFAULT_THEME_COLOR)
    logo_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_mime: Mapped[str | None] = mapped_column(String(20))
    logo_updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
