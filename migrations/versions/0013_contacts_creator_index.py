"""contacts by creator, pool aging

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 06:35:00

"""

# Work statistics count a member's new contacts in a period: by creator and
# creation time (a rep's month: ~140 ms over the month's 55,000 contacts at 2
# million before, bench/), and the pool's age buckets from an index of the pool
# alone (~130 ms over 31,000 pool customers' rows before).

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

POOL = "owner_id IS NULL AND deleted_at IS NULL"

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contacts_creator_created", ["created_by_id", "created_at"], unique=False
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customers_pool_aging",
            ["pool_entered_at", "created_at"],
            unique=False,
            sqlite_where=sa.text(POOL),
            postgresql_where=sa.text(POOL),
        )


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_pool_aging")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_creator_created")
