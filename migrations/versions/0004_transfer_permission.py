"""transfer permission

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00

"""

# Data only: databases created before `customer.transfer` existed have seeded
# roles without it (services.users.ensure_roles only creates missing roles). Grant
# it to the seeded roles that now include it; downgrade takes it back. Roles an
# admin created are left alone. The values are frozen here on purpose: later
# changes to services/permissions.py must not change what this revision did.

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERMISSION = "customer.transfer"
ROLE_CODES = ("admin", "leader")

# The column types as the models declare them: JSON on SQLite, JSONB on PostgreSQL.
roles = sa.table(
    "roles",
    sa.column("id", sa.BigInteger()),
    sa.column("code", sa.String(50)),
    sa.column("permissions", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
)


def _update_permissions(change) -> None:
    """Rewrite each seeded role's permission list with `change(list) -> list`;
    read and written through SQLAlchemy's JSON type, so both backends agree."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(roles.c.id, roles.c.permissions).where(roles.c.code.in_(ROLE_CODES))
    ).all()
    for role_id, permissions in rows:
        current = list(permissions or [])
        updated = change(current)
        if updated != current:
            connection.execute(
                roles.update().where(roles.c.id == role_id).values(permissions=updated)
            )


def upgrade() -> None:
    _update_permissions(
        lambda permissions: (
            permissions if PERMISSION in permissions else [*permissions, PERMISSION]
        )
    )


def downgrade() -> None:
    _update_permissions(lambda permissions: [p for p in permissions if p != PERMISSION])
