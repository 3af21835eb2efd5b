"""Approved contracts and payments per owner and team at approval and calendar
month of their date (sign_date, paid_on), with their number and amount, and for
payments Σ amount × days from the contract's sign date (copied onto the
payment: models/payment_contract.py) to the payment: a trigger-kept rollup
(models/tally.py) of the amount metrics (services/analytics/performance.py)
and the receivables' days to collect, so that everyone's year of 120,000
contracts and 240,000 payments is a few thousand rows. The dates are calendar
dates, so no tally clock applies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.tally import Tally, grouped_tally

NO_KEY = 0  # no owner or team at approval


class DealTally(Base):
    __tablename__ = "deal_tallies"
    # A few owners' or teams' months by the key; everyone's months here.
    __table_args__ = (
        Index(
            "ix_deal_tallies_metric_month",
            "metric",
            "month",
            postgresql_include=[
                "owner_key",
                "team_key",
                "records",
                "amount",
                "weighted_days",
            ],
        ),
    )

    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    owner_key: Mapped[int] = mapped_column(BigId, primary_key=True)
    team_key: Mapped[int] = mapped_column(BigId, primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # its first day
    records: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))
    # Payments: Σ amount × days from the contract's sign date (0 for contracts).
    weighted_days: Mapped[Decimal] = mapped_column(Numeric(24, 2), default=Decimal(0))


# Σ amount × days to collect of a payment (0 without a sign date).
_WEIGHTED_DAYS = {
    "postgresql": "COALESCE({row}.amount * ({row}.paid_on - {row}.contract_sign_date)"
    ", 0)",
    "sqlite": "COALESCE({row}.amount * (julianday({row}.paid_on) - "
    "julianday({row}.contract_sign_date)), 0)",
}


def _deal_tally(
    metric: str,
    source: str,
    day: str,
    weighted_days: str | dict[str, str] | None = None,
    *,
    also_watched: tuple[str, ...] = (),
    registered: bool = True,
) -> Tally:
    """The tally of `metric`; `weighted_days` (None: migration 0023's tally,
    before the column) sums the days to collect, reading `also_watched`."""
    measures = {"records": "1", "amount": "{row}.amount"}
    if weighted_days is not None:
        measures["weighted_days"] = weighted_days
    watched = ("status", day, "approved_owner_id", "approved_team_id", "amount")
    return grouped_tally(
        "deal_tallies",
        source,
        keys={
            "metric": f"'{metric}'",
            "owner_key": f"COALESCE({{row}}.approved_owner_id, {NO_KEY})",
            "team_key": f"COALESCE({{row}}.approved_team_id, {NO_KEY})",
            "month": {
                "postgresql": "CAST(date_trunc('month', "
                f"CAST({{row}}.{day} AS TIMESTAMP)) AS DATE)",
                "sqlite": f"date({{row}}.{day}, 'start of month')",
            },
        },
        measures=measures,
        watched=watched + also_watched,
        live="{row}.status = 'approved'",
        label=f"{metric}_tally",
        registered=registered,
    )


DEAL_TALLIES = {
    "contract_amount": _deal_tally("contract_amount", "contracts", "sign_date", "0"),
    "payment_amount": _deal_tally(
        "payment_amount",
        "payments",
        "paid_on",
        _WEIGHTED_DAYS,
        also_watched=("contract_sign_date",),
    ),
}
# As migration 0023 installed them (0031 replaces them).
DEAL_TALLIES_0023 = {
    "contract_amount": _deal_tally(
        "contract_amount", "contracts", "sign_date", registered=False
    ),
    "payment_amount": _deal_tally(
        "payment_amount", "payments", "paid_on", registered=False
    ),
}
