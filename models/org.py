"""Organisation: teams tree, roles (permissions + data scope), users."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, BigId, Json, created_at, int_pk

DATA_SCOPES = ("own", "team", "all")


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("teams.id"), index=True
    )
    leader_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", use_alter=True), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[created_at]

    parent: Mapped[Team | None] = relationship(remote_side="Team.id")


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int_pk]
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))
    permissions: Mapped[list] = mapped_column(Json, default=list)
    data_scope: Mapped[str] = mapped_column(String(10), default="own")
    # Navigation paths shown first in the sidebar of this role's users (0 or 2–5).
    pinned_nav: Mapped[list] = mapped_column(Json, default=list, server_default="[]")
    created_at: Mapped[created_at]


class User(Base):
    __tablename__ = "users"

    id: Mapped[int_pk]
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(255))
    team_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("teams.id"), index=True
    )
    supervisor_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id"))
    role_id: Mapped[int] = mapped_column(BigId, ForeignKey("roles.id"), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Empty = follow the browser's Accept-Language.
    language: Mapped[str | None] = mapped_column(String(10))
    # Bumped on password change / disable: every older login cookie stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Set when an admin creates the account or resets its password: the user
    # must choose their own password before anything else.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_login_window_start: Mapped[dt.datetime | None]
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    created_at: Mapped[created_at]

    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])
    role: Mapped[Role] = relationship()
    supervisor: Mapped[User | None] = relationship(remote_side="User.id")
