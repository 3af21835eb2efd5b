"""Each stage move carries its opportunity's owner, status, last stage change
and customer, copied by triggers (models/parent_copy.py): the funnel's stay
tally (models/funnel_tally.py) keys a move by the opportunity it belongs to
now, and drops it while the customer is in the recycle bin, without joining
the move to its opportunity."""

from __future__ import annotations

from models.parent_copy import parent_copy

MOVE_OPPORTUNITY = parent_copy(
    "opportunity_stage_changes",
    parent="opportunities",
    link="opportunity_id",
    columns={
        "owner_id": "opportunity_owner_id",
        "status": "opportunity_status",
        "stage_changed_at": "opportunity_stage_changed_at",
        "customer_id": "customer_id",
    },
    name="move_opportunity",
    parent_trigger="opportunity_moves",
)
