"""Approval decisions by how long they took, as a trigger-kept rollup
(models/tally.py): per step (record type and position) and per approver, by
the month of the decision on the tally clock (models/tally_clock.py), whole
hours taken (the generated hours_taken columns) and decision, with their
number and total hours. Everyone's cycle times read a year of a million
decisions from a few thousand rows; the median then reads only the decisions
of its hour (services/analytics/approvals.py). Reports that narrow the
requests to a scope read the decisions themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.tally import Tally, grouped_tally
from models.tally_clock import MONTH, starts_on

STEP, APPROVER = "step", "approver"  # kind
NO_KEY = 0  # a step row's user, an approver row's position
NO_TYPE = ""  # an approver row's record type


class ApprovalCycleTally(Base):
    __tablename__ = "approval_cycle_tallies"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # clock's
    object_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[int] = mapped_column(BigId, primary_key=True)
    hours_taken: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision: Mapped[str] = mapped_column(String(10), primary_key=True)
    decisions: Mapped[int] = mapped_column(Integer, default=0)
    hours: Mapped[Decimal] = mapped_column(Numeric(30, 12), default=Decimal(0))


def _hours(start: str) -> dict[str, str]:
    """{dialect: SQL}: hours from `start` to the decision, as
    services.analytics.timestamps.hours_between computes them."""
    # Rounded as the column keeps it: the triggers' sum then equals a recount.
    return {
        "postgresql": "ROUND(EXTRACT(EPOCH FROM (CAST({row}.decided_at AS TIMESTAMP)"
        f" - CAST({{row}}.{start} AS TIMESTAMP))) / 3600.0, 12)",
        "sqlite": f"((julianday({{row}}.decided_at) - julianday({{row}}.{start}))"
        " * 24.0)",
    }


def _cycle_tally(
    kind: str,
    source: str,
    start: str,
    decision: str,
    group: dict[str, str],
    watched: tuple[str, ...],
    live: str,
) -> Tally:
    """The tally of `source`'s decisions (`decision`: its column) timed from
    `start`, grouped as `group` says (object_type, position, user_key), where
    `live` (and a start and a decision time) holds."""
    return grouped_tally(
        "approval_cycle_tallies",
        source,
        keys={
            "kind": f"'{kind}'",
            "month": starts_on("{row}.decided_at")[MONTH],
            **group,
            "hours_taken": "{row}.hours_taken",
            "decision": f"{{row}}.{decision}",
        },
        measures={"decisions": "1", "hours": _hours(start)},
        watched=(*watched, decision, start, "decided_at"),
        live=f"{live} AND {{row}}.{start} IS NOT NULL "
        "AND {row}.decided_at IS NOT NULL",
        label=f"approval_{kind}_cycle_tally",
        clocked=True,
    )


APPROVAL_CYCLE_TALLIES = {
    STEP: _cycle_tally(
        STEP,
        "approval_steps",
        "activated_at",
        "status",
        {
            "object_type": f"COALESCE({{row}}.object_type, '{NO_TYPE}')",
            "position": "{row}.position",
            "user_key": str(NO_KEY),
        },
        ("object_type", "position"),
        "{row}.status IN ('approved', 'rejected')",
    ),
    APPROVER: _cycle_tally(
        APPROVER,
        "approval_step_approvers",
        "asked_at",
        "decision",
        {
            "object_type": f"'{NO_TYPE}'",
            "position": str(NO_KEY),
            "user_key": "{row}.user_id",
        },
        ("user_id",),
        "{row}.decision IS NOT NULL",
    ),
}
