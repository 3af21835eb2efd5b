"""list sort indexes, contract tallies

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 05:00:00

"""

# Measured with bench/ at 1,000,000 customers: an all-scope customer list's deep
# page reads its ids from a covering index of the live customers, and the sorts
# that put never-set dates last when newest come first (last follow-up, pool
# entry) get PostgreSQL indexes in that order (scanned backwards); before, each
# such page sorted every customer in scope. SQLite's indexes already order NULLs
# first, so the PostgreSQL-only ones are models.base.POSTGRESQL_ONLY_INDEXES.
# The contract list's status tabs (count and amount) read a trigger-kept rollup
# (models/contract_tally.py).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.contract_tally import CONTRACT_TALLY

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "deleted_at IS NULL"
POSTGRESQL_ONLY = (
    (
        "ix_customers_owner_last_followup_nf",
        "customers (owner_id, last_followup_at NULLS FIRST, id)",
    ),
    (
        "ix_customers_last_followup_nf",
        f"customers (last_followup_at NULLS FIRST, id) WHERE {LIVE}",
    ),
    (
        "ix_customers_owner_pool_entered_nf",
        "customers (owner_id, pool_entered_at NULLS FIRST, id)",
    ),
)


def upgrade() -> None:
    op.create_table(
        "contract_tallies",
        sa.Column("owner_key", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("contracts", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.PrimaryKeyConstraint(
            "owner_key", "status", name=op.f("pk_contract_tallies")
        ),
    )
    CONTRACT_TALLY.install(op.get_bind())
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customers_live_updated",
            ["updated_at", "id", "owner_id"],
            unique=False,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )
    if op.get_bind().dialect.name == "postgresql":
        for name, definition in POSTGRESQL_ONLY:
            op.execute(f"CREATE INDEX {name} ON {definition}")


def downgrade() -> None:
    CONTRACT_TALLY.uninstall(op.get_bind())
    op.drop_table("contract_tallies")
    if op.get_bind().dialect.name == "postgresql":
        for name, _definition in POSTGRESQL_ONLY:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_live_updated")
