"""Records per user by day, week and month of the tally clock
(models/tally_clock.py), for each activity metric the work statistics count
(services/analytics/work_statistics.py COUNT_METRICS): follow-ups by author,
new customers, contacts, leads and opportunities by creator, leads converted
by converter, opportunities won by owner. A trigger-kept rollup
(models/tally.py) under the same conditions as the metric's count, so that a
year of everyone's 670,000 new contacts is ~6,000 month rows;
services/analytics/tallied_counts.py reads it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.customer_tally import LIVE_CUSTOMER
from models.tally import ParentLink, Tally, grouped_tally
from models.tally_clock import DAY, MONTH, WEEK, starts_on


class ActivityTally(Base):
    __tablename__ = "activity_tallies"
    # As the follow-up tallies: a few users' ranges by the key, everyone's here.
    __table_args__ = (
        Index(
            "ix_activity_tallies_metric_starts",
            "metric",
            "grain",
            "starts_on",
            postgresql_include=["user_id", "records"],
        ),
    )

    metric: Mapped[str] = mapped_column(String(30), primary_key=True)
    grain: Mapped[str] = mapped_column(String(5), primary_key=True)  # DAY…MONTH
    user_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    starts_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # clock's
    records: Mapped[int] = mapped_column(Integer, default=0)


def _activity_tallies(
    metric: str,
    source: str,
    user: str,
    at: str,
    *,
    condition: str | None = None,
    watched: tuple[str, ...] = (),
    parent: ParentLink | None = None,
) -> dict[str, Tally]:
    """{grain: tally} of `source`'s rows where `condition` holds (SQL over
    `{row}`, reading `watched`), counted for the `user` column at the `at`
    column."""
    live = f"{{row}}.{user} IS NOT NULL AND {{row}}.{at} IS NOT NULL"
    if condition:
        live += f" AND {condition}"
    if parent:
        watched += (parent.link,)
    starts = starts_on(f"{{row}}.{at}")
    return {
        grain: grouped_tally(
            "activity_tallies",
            source,
            keys={
                "metric": f"'{metric}'",
                "grain": f"'{grain}'",
                "starts_on": starts[grain],
                "user_id": f"{{row}}.{user}",
            },
            measures={"records": "1"},
            watched=(user, at, *watched),
            live=live,
            parent=parent,
            label=f"{metric}_{grain}_tally",
            clocked=True,
        )
        for grain in (DAY, WEEK, MONTH)
    }


LIVE_ROW = "{row}.deleted_at IS NULL"
ACTIVITY_TALLIES = {
    # Per author without the type (models/followup_tally.py has it): a fifth of
    # the rows for the activity trend's weeks.
    "followups": _activity_tallies(
        "followups", "followups", "author_id", "occurred_at"
    ),
    "new_customers": _activity_tallies(
        "new_customers",
        "customers",
        "created_by_id",
        "created_at",
        condition=LIVE_ROW,
        watched=("deleted_at",),
    ),
    "new_contacts": _activity_tallies(
        "new_contacts", "contacts", "created_by_id", "created_at", parent=LIVE_CUSTOMER
    ),
    "new_leads": _activity_tallies(
        "new_leads",
        "leads",
        "created_by_id",
        "created_at",
        condition=LIVE_ROW,
        watched=("deleted_at",),
    ),
    "leads_converted": _activity_tallies(
        "leads_converted",
        "leads",
        "converted_by_id",
        "converted_at",
        condition=f"{{row}}.status = 'converted' AND {LIVE_ROW}",
        watched=("status", "deleted_at"),
    ),
    # The funnel's lead → customer: of the new leads, those converted since.
    "new_leads_converted": _activity_tallies(
        "new_leads_converted",
        "leads",
        "created_by_id",
        "created_at",
        condition=f"{{row}}.status = 'converted' AND {LIVE_ROW}",
        watched=("status", "deleted_at"),
    ),
    "new_opportunities": _activity_tallies(
        "new_opportunities",
        "opportunities",
        "created_by_id",
        "created_at",
        parent=LIVE_CUSTOMER,
    ),
    "won_opportunities": _activity_tallies(
        "won_opportunities",
        "opportunities",
        "owner_id",
        "closed_at",
        condition="{row}.status = 'won'",
        watched=("status",),
        parent=LIVE_CUSTOMER,
    ),
}
