"""search and analytics indexes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 03:20:00

"""

# Measured with bench/ on the medium demo data (100,000 customers):
# - everyone's approved contracts / payments in a period, the open
#   opportunities closing in a month and the latest follow-ups (models: an
#   all-scope viewer's queries, which the owner/team indexes cannot serve; the
#   admin's home page went from ~680 ms to ~270 ms);
# - on PostgreSQL only, pg_trgm GIN indexes for the customer search, which
#   matches names anywhere (LIKE '%…%') and phone numbers and contact names by
#   prefix (a plain b-tree serves a LIKE prefix only in the C collation): a
#   phone search went from ~250 ms to ~15 ms for a rep. They are not models
#   (models.base.POSTGRESQL_ONLY_INDEXES). Without the right to create the
#   extension the migration skips them with a warning: search still works,
#   only slower.

import logging
from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, text

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

PORTABLE = (
    ("followups", "ix_followups_occurred", ["occurred_at"]),
    (
        "contracts",
        "ix_contracts_status_sign",
        ["status", "sign_date", "approved_owner_id"],
    ),
    ("payments", "ix_payments_status_paid", ["status", "paid_on", "approved_owner_id"]),
    (
        "opportunities",
        "ix_opportunities_status_close",
        ["status", "expected_close_date", "owner_id"],
    ),
)
# (table, index, column): the names are models.base.POSTGRESQL_ONLY_INDEXES.
TRIGRAM = (
    ("customers", "ix_customers_name_trgm", "name_normalized"),
    ("customers", "ix_customers_mobile_trgm", "mobile_normalized"),
    ("customers", "ix_customers_phone_trgm", "phone_normalized"),
    ("contacts", "ix_contacts_name_trgm", "name_normalized"),
    ("contacts", "ix_contacts_mobile_trgm", "mobile_normalized"),
)


def upgrade() -> None:
    for table, name, columns in PORTABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _trigram_schema(bind)
    if schema is None:
        log.warning(
            "pg_trgm is not installed and this user may not install it: the "
            "customer search indexes were skipped (run CREATE EXTENSION pg_trgm "
            "as a superuser, then `pelago init-db` after a downgrade to 0007)."
        )
        return
    for table, name, column in TRIGRAM:
        # The operator class is schema-qualified: the extension may live in a
        # schema outside this connection's search_path.
        opclass = f'"{schema}".gin_trgm_ops'
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} {opclass})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # The extension stays: it is database-wide and other schemas may use it.
        for _table, name, _column in TRIGRAM:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for table, name, _columns in reversed(PORTABLE):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)


def _trigram_schema(bind: Connection) -> str | None:
    """The schema of pg_trgm, installing it when missing and allowed (it is a
    trusted extension: the database's CREATE privilege suffices)."""
    installed = text(
        "SELECT n.nspname FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
    )
    schema = bind.scalar(installed)
    if schema is not None:
        return schema
    allowed = bind.scalar(
        text(
            "SELECT has_database_privilege(current_database(), 'CREATE') "
            "AND EXISTS (SELECT 1 FROM pg_available_extensions "
            "WHERE name = 'pg_trgm')"
        )
    )
    if not allowed:
        return None
    bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    return bind.scalar(installed)
