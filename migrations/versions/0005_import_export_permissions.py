"""import and export permissions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 12:00:00

"""

# Data only: databases created before `customer.export` / `customer.import`
# existed have seeded roles without them (services.users.ensure_roles only creates
# missing roles). Grant them to the seeded roles that now include them; downgrade
# takes them back. Roles an admin created are left alone. The values are frozen
# here on purpose: later changes to services/permissions.py must not change what
# this revision did.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXPORT = "customer.export"
IMPORT = "customer.import"
# Scope still applies: a rep exports their own customers, a leader the team's.
GRANTS = {
    "admin": (EXPORT, IMPORT),
    "leader": (EXPORT, IMPORT),
    "rep": (EXPORT, IMPORT),
    "executive": (EXPORT,),
}

# The column types as the models declare them: JSON on SQLite, JSONB on PostgreSQL.
roles = sa.table(
    "roles",
    sa.column("id", sa.BigInteger()),
    sa.column("code", sa.String(50)),
    sa.column("permissions", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
)


def _update_permissions(change) -> None:
    """Rewrite each seeded role's permission list with `change(code, list) -> list`;
    read and written through SQLAlchemy's JSON type, so both backends agree."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(roles.c.id, roles.c.code, roles.c.permissions).where(
            roles.c.code.in_(GRANTS)
        )
    ).all()
    for role_id, code, permissions in rows:
        current = list(permissions or [])
        updated = change(code, current)
        if updated != current:
            connection.execute(
                roles.update().where(roles.c.id == role_id).values(permissions=updated)
            )


def upgrade() -> None:
    _update_permissions(
        lambda code, permissions: [
            *permissions,
            *(p for p in GRANTS[code] if p not in permissions),
        ]
    )


def downgrade() -> None:
    _update_permissions(
        lambda code, permissions: [p for p in permissions if p not in GRANTS[code]]
    )
