"""The funnel's stage conversion and days in a stage as trigger-kept rollups
(models/tally.py), per owner and for everyone, for the opportunities of
customers outside the recycle bin:

* funnel_path_tallies: opportunities per status and set of visited stages
  (models/opportunity_visits.py);
* funnel_stay_tallies: the ended stays (moves the opportunity has left) per
  stage, with their total seconds (the move carries its opportunity's owner,
  status and customer: models/move_opportunity.py).

Both are keyed by the month a closed opportunity was won or lost on the tally
clock (models/tally_clock.py), or OPEN for an open one: while a period runs,
its pipeline (the open ones and those closed within it) is a few of these
rows (services/analytics/funnel.py); everyone's year joined ~480,000
opportunities to their moves (~1 s). Everyone's rows (everyone = 1) count the
owned opportunities, the per-owner rows of NO_OWNER the others."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.customer_tally import LIVE_CUSTOMER
from models.tally import Tally, grouped_tally
from models.tally_clock import MONTH, starts_on

OPEN = dt.date(1900, 1, 1)  # the month key of open opportunities
NO_OWNER = 0


class FunnelPathTally(Base):
    __tablename__ = "funnel_path_tallies"

    everyone: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1: all owners
    owner_key: Mapped[int] = mapped_column(BigId, primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # closed, or OPEN
    status: Mapped[str] = mapped_column(String(10), primary_key=True)
    visited: Mapped[str] = mapped_column(String(200), primary_key=True)
    opportunities: Mapped[int] = mapped_column(Integer, default=0)


class FunnelStayTally(Base):
    __tablename__ = "funnel_stay_tallies"

    everyone: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_key: Mapped[int] = mapped_column(BigId, primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    stage_id: Mapped[int] = mapped_column(BigId, primary_key=True)  # stayed in
    stays: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[Decimal] = mapped_column(Numeric(24, 6), default=Decimal(0))


def _month(status: str, changed_at: str) -> dict[str, str]:
    """{dialect: SQL}: the month key of a row's opportunity."""
    month = starts_on(changed_at)[MONTH]
    return {
        "postgresql": f"CASE WHEN {status} = 'open' THEN DATE '{OPEN}' "
        f"ELSE {month['postgresql']} END",
        "sqlite": f"CASE WHEN {status} = 'open' THEN '{OPEN}' "
        f"ELSE {month['sqlite']} END",
    }


def _owners(owner: str) -> dict[str, tuple[dict[str, str], str | None]]:
    """{label suffix: (keys, live)} of a row's per-owner rows (NO_OWNER: none)
    and everyone's rows, which count the owned ones."""
    return {
        "owner": (
            {"everyone": "0", "owner_key": f"COALESCE({owner}, {NO_OWNER})"},
            None,
        ),
        "everyone": (
            {"everyone": "1", "owner_key": str(NO_OWNER)},
            f"{owner} IS NOT NULL",
        ),
    }


def _path_tally(suffix: str, owner_keys: dict[str, str], live: str | None) -> Tally:
    return grouped_tally(
        "funnel_path_tallies",
        "opportunities",
        keys={
            **owner_keys,
            "month": _month("{row}.status", "{row}.stage_changed_at"),
            "status": "{row}.status",
            "visited": "COALESCE({row}.visited_stages, '')",
        },
        measures={"opportunities": "1"},
        live=live,
        watched=(
            "owner_id",
            "status",
            "stage_changed_at",
            "visited_stages",
            "customer_id",
        ),
        parent=LIVE_CUSTOMER,
        label=f"funnel_path_{suffix}_tally",
        clocked=True,
    )


def _stay_tally(suffix: str, owner_keys: dict[str, str], owned: str | None) -> Tally:
    return grouped_tally(
        "funnel_stay_tallies",
        "opportunity_stage_changes",
        keys={
            **owner_keys,
            "month": _month(
                "{row}.opportunity_status", "{row}.opportunity_stage_changed_at"
            ),
            "stage_id": "{row}.to_stage_id",
        },
        measures={
            "stays": "1",
            "seconds": {
                "postgresql": "EXTRACT(EPOCH FROM {row}.left_at - {row}.changed_at)",
                "sqlite": "(julianday({row}.left_at) - julianday({row}.changed_at))"
                " * 86400.0",
            },
        },
        watched=(
            "opportunity_owner_id",
            "opportunity_status",
            "opportunity_stage_changed_at",
            "customer_id",
            "to_stage_id",
            "changed_at",
            "left_at",
        ),
        live=" AND ".join(filter(None, ("{row}.left_at IS NOT NULL", owned))),
        parent=LIVE_CUSTOMER,
        label=f"funnel_stay_{suffix}_tally",
        clocked=True,
    )


FUNNEL_TALLIES = {
    **{
        f"path_{suffix}": _path_tally(suffix, *keys)
        for suffix, keys in _owners("{row}.owner_id").items()
    },
    **{
        f"stay_{suffix}": _stay_tally(suffix, *keys)
        for suffix, keys in _owners("{row}.opportunity_owner_id").items()
    },
}
