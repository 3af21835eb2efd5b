"""prefix search indexes in byte order on PostgreSQL

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-23 09:20:00

"""

# The customer, contact and lead searches match phones (and contact names) by
# prefix: LIKE 'term%'. Under a non-C collation PostgreSQL cannot use a plain
# btree for that and took the trigram indexes instead (~7-16 ms per phone
# branch of a search at 1M customers, 0.01 ms with these). The indexes keep
# their names and still serve equality; SQLite's are unchanged.

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("customers", "mobile_normalized"),
    ("customers", "phone_normalized"),
    ("contacts", "name_normalized"),
    ("contacts", "mobile_normalized"),
    ("leads", "mobile_normalized"),
)


def _recreate(ops: str | None) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(
            name, table, [column], postgresql_ops={column: ops} if ops else {}
        )


def upgrade() -> None:
    _recreate("varchar_pattern_ops")


def downgrade() -> None:
    _recreate(None)
