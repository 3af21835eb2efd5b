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
# (models/contract_tally.py). An all-scope viewer's opportunities and contracts,
# newest first, and follow-ups due come from indexes too.

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
LIVE_CUSTOMER_INDEXES = (
    ("ix_customers_live_updated", ["updated_at", "id", "owner_id"]),
    ("ix_customers_live_next_followup", ["next_followup_at", "owner_id"]),
)
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
        "ix_customers_pool_entered_nf",
        "customers (pool_entered_at NULLS FIRST, id) "
        f"WHERE owner_id IS NULL AND {LIVE}",
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
        for name, columns in LIVE_CUSTOMER_INDEXES:
            batch_op.create_index(
                name,
                columns,
                unique=False,
                sqlite_where=sa.text(LIVE),
                postgresql_where=sa.text(LIVE),
            )
    for table in ("opportunities", "contracts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(
                f"ix_{table}_updated", ["updated_at", "id"], unique=False
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
    for table in ("contracts", "opportunities"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_updated")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        for name, _columns in LIVE_CUSTOMER_INDEXES:
            batch_op.drop_index(name)
