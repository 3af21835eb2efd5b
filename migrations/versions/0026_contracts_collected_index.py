"""ix_contracts_status_sign also holds paid_amount

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-24 00:00:00

"""

# Receivables' collection per member sums the amount and what has been
# collected of the approved contracts signed in the period: with paid_amount
# in the index, from the index alone (an admin's year read 120,000 contracts
# from the table on SQLite: 360 ms).

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_contracts_status_sign"
COLUMNS = ["status", "sign_date", "approved_owner_id", "approved_team_id", "amount"]


def _rebuild(columns: list[str]) -> None:
    op.drop_index(NAME, table_name="contracts")
    op.create_index(NAME, "contracts", columns)


def upgrade() -> None:
    _rebuild([*COLUMNS, "paid_amount"])


def downgrade() -> None:
    _rebuild(COLUMNS)
