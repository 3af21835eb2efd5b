"""Roles as old revisions knew them: tests of data migrations write and read the
`roles` table through this frozen definition, never through the current model
(which may have columns an old schema lacks)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql

ROLES = sa.table(
    "roles",
    sa.column("id", sa.Integer()),
    sa.column("code", sa.String(50)),
    sa.column("name_en", sa.String(100)),
    sa.column("name_zh", sa.String(100)),
    sa.column("permissions", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    sa.column("data_scope", sa.String(10)),
    sa.column("created_at", sa.DateTime()),
)


def add_roles(engine: Engine, roles: dict[str, list[str]], scope: str = "own") -> None:
    """One role per code (names = the code) with the given permissions."""
    with engine.begin() as connection:
        connection.execute(
            ROLES.insert(),
            [
                {
                    "code": code,
                    "name_en": code,
                    "name_zh": code,
                    "permissions": list(granted),
                    "data_scope": scope,
                    "created_at": dt.datetime(2026, 1, 1),
                }
                for code, granted in roles.items()
            ],
        )


def role_permissions(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as connection:
        return dict(
            connection.execute(sa.select(ROLES.c.code, ROLES.c.permissions)).all()
        )


def add_user(engine: Engine, user_id: int = 1) -> None:
    """User `user_id` of a new role "rep", for records that need an owner. The
    users table as the model has it (unchanged since revision 0006)."""
    from models import User

    add_roles(engine, {"rep": []})
    with engine.begin() as connection:
        role_id = connection.scalar(sa.select(ROLES.c.id).where(ROLES.c.code == "rep"))
        connection.execute(
            User.__table__.insert().values(
                id=user_id,
                username=f"u{user_id}",
                display_name=f"U{user_id}",
                role_id=role_id,
                password_hash="x",
            )
        )
