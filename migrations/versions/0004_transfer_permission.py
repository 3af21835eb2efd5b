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

from migrations.role_grants import grant, revoke

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERMISSION = "customer.transfer"
GRANTS = {"admin": (PERMISSION,), "leader": (PERMISSION,)}


def upgrade() -> None:
    grant(GRANTS)


def downgrade() -> None:
    revoke(GRANTS)
