"""customer tallies

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 04:40:00

"""

# Live customers per owner and stage (models/customer_tally.py), kept by
# triggers, so the customer list and the pool count their stage tabs from a few
# hundred rows instead of every customer (bench/, 1,000,000 customers).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.customer_tally import install_tally

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_tallies",
        sa.Column("owner_key", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("owner_key", "stage", name=op.f("pk_customer_tallies")),
    )
    install_tally(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS customer_tally_write ON customers")
        op.execute("DROP TRIGGER IF EXISTS customer_tally_update ON customers")
        op.execute("DROP FUNCTION IF EXISTS customer_tally()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS customer_tally_{name}")
    op.drop_table("customer_tallies")
