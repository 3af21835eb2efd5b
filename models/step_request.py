"""Each approval step carries its request's record type
(`approval_steps.object_type`), copied by triggers (models/parent_copy.py):
the approval analytics select and group a period's steps by record type from
an index alone (everyone's month of 128,000 steps joined to 900,000 requests
took ~250 ms)."""

from __future__ import annotations

from models.parent_copy import parent_copy

STEP_REQUEST = parent_copy(
    "approval_steps",
    parent="approval_requests",
    link="request_id",
    columns={"object_type": "object_type"},
    name="step_request",
    parent_trigger="request_steps",
)
