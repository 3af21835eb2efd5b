"""Each approval step and each of its approvers carries its request's
submitter (`submitter_id`), copied by triggers (models/parent_copy.py): a
narrow scope's decisions of a period are then an index range per submitter
in view (services/analytics/approvals.py), not every decision of the period
(a million for a year) hashed against the scope's requests."""

from __future__ import annotations

from models.parent_copy import parent_copy

STEP_SUBMITTER = parent_copy(
    "approval_steps",
    parent="approval_requests",
    link="request_id",
    columns={"submitter_id": "submitter_id"},
    name="step_submitter",
    parent_trigger="request_step_submitters",
)
APPROVER_SUBMITTER = parent_copy(
    "approval_step_approvers",
    parent="approval_requests",
    link="request_id",
    columns={"submitter_id": "submitter_id"},
    name="approver_submitter",
    parent_trigger="request_approver_submitters",
)
