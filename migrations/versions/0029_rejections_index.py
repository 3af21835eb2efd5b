"""ix_approval_actions_action_created also holds request_id and comment

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-24 01:40:00

"""

# Reject reasons count a period's rejections per comment, on requests in the
# viewer's scope: the year's 37,000 were read from the table one by one
# (~70 ms for everyone's), and now from the index alone.

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0029"
down_revision: str | Sequence[str] | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_approval_actions_action_created"
COLUMNS = ["action", "created_at"]


def _rebuild(columns: list[str]) -> None:
    op.drop_index(NAME, table_name="approval_actions")
    op.create_index(NAME, "approval_actions", columns)


def upgrade() -> None:
    _rebuild([*COLUMNS, "request_id", "comment"])


def downgrade() -> None:
    _rebuild(COLUMNS)
