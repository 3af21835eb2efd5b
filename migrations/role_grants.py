"""Granting and revoking permissions of the seeded roles in data migrations.

Databases created before a permission existed have seeded roles without it
(services.users.ensure_roles only creates missing roles). A revision names the
permissions it grants per role code, frozen in the revision itself; roles an
admin created are left alone."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

Grants = Mapping[str, Sequence[str]]

# The column types as the models declare them: JSON on SQLite, JSONB on PostgreSQL.
roles = sa.table(
    "roles",
    sa.column("id", sa.BigInteger()),
    sa.column("code", sa.String(50)),
    sa.column("permissions", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
)


def _update(grants: Grants, change: Callable[[str, list[str]], list[str]]) -> None:
    """Rewrite each seeded role's list with `change(code, list)`; read and written
    through SQLAlchemy's JSON type, so both backends agree."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(roles.c.id, roles.c.code, roles.c.permissions).where(
            roles.c.code.in_(list(grants))
        )
    ).all()
    for role_id, code, permissions in rows:
        current = list(permissions or [])
        updated = change(code, current)
        if updated != current:
            connection.execute(
                roles.update().where(roles.c.id == role_id).values(permissions=updated)
            )


def grant(grants: Grants) -> None:
    _update(
        grants,
        lambda code, current: [
            *current,
            *(p for p in grants[code] if p not in current),
        ],
    )


def revoke(grants: Grants) -> None:
    _update(grants, lambda code, current: [p for p in current if p not in grants[code]])
