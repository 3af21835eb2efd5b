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
