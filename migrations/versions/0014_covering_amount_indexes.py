"""covering indexes for everyone's contract and payment amounts

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 09:00:00

"""

# An all-scope viewer's performance actuals (home KPIs, target vs actual) sum
# the approved contracts / payments of a period by owner or team at approval:
# with those columns and the amount in the index, PostgreSQL reads the index
# alone instead of ~10,000 heap pages for a month of 33,000 contracts.

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("contracts", "ix_contracts_status_sign", "sign_date"),
    ("payments", "ix_payments_status_paid", "paid_on"),
)


def _recreate(covering: bool) -> None:
    for table, name, day in INDEXES:
        extra = ["approved_team_id", "amount"] if covering else []
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(
                name, ["status", day, "approved_owner_id", *extra], unique=False
            )


def upgrade() -> None:
    _recreate(covering=True)


def downgrade() -> None:
    _recreate(covering=False)
