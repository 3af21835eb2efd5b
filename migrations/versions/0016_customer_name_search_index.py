"""customer name search index on SQLite

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23 12:00:00

"""

# An FTS5 trigram table over customers.name_normalized, kept by triggers
# (models/substring_index.py): SQLite's customer search read every one of a
# million names for the substring match (~1.3 s, bench/). PostgreSQL already
# has its pg_trgm index (0008) and gets nothing.

from collections.abc import Sequence

from alembic import op

from models.substring_index import CUSTOMER_NAME_INDEX

# revision identifiers, used by Alembic.
revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    CUSTOMER_NAME_INDEX.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    CUSTOMER_NAME_INDEX.uninstall(bind)
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {CUSTOMER_NAME_INDEX.table}")
