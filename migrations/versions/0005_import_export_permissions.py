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

from migrations.role_grants import grant, revoke

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


def upgrade() -> None:
    grant(GRANTS)


def downgrade() -> None:
    revoke(GRANTS)
