"""contacts by creator

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 06:35:00

"""

# Work statistics count a member's new contacts in a period: by creator and
# creation time (a rep's month: ~140 ms over the month's 55,000 contacts at 2
# million before, bench/).

from collections.abc import Sequence

from alembic import op

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


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_creator_created")
