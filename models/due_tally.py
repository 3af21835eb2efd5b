"""Everyone's work falling due, as trigger-kept rollups (models/tally.py): live
owned customers by the tally clock's day and month (models/tally_clock.py) of
their next follow-up, and unpaid installments of approved contracts by due
date. An all-scope viewer's to-do and home counts (follow-ups today and
overdue, installments overdue and due today) read a few hundred rows instead
of counting ~250,000 customers and ~77,000 installments (~35 ms at a million
customers); narrower scopes count their owners' rows by index."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.tally import grouped_tally
from models.tally_clock import DAY, MONTH, starts_on


class CustomerDueTally(Base):
    __tablename__ = "customer_due_tallies"

    grain: Mapped[str] = mapped_column(String(5), primary_key=True)  # DAY/MONTH
    starts_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # clock's
    customers: Mapped[int] = mapped_column(Integer, default=0)


class InstallmentDueTally(Base):
    __tablename__ = "installment_due_tallies"

    due_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    installments: Mapped[int] = mapped_column(Integer, default=0)


CUSTOMER_DUE_TALLIES = {
    grain: grouped_tally(
        "customer_due_tallies",
        "customers",
        keys={
            "grain": f"'{grain}'",
            "starts_on": starts_on("{row}.next_followup_at")[grain],
        },
        measures={"customers": "1"},
        watched=("owner_id", "deleted_at", "next_followup_at"),
        live="{row}.deleted_at IS NULL AND {row}.owner_id IS NOT NULL"
        " AND {row}.next_followup_at IS NOT NULL",
        label=f"customer_due_{grain}_tally",
        clocked=True,
    )
    for grain in (DAY, MONTH)
}

# What services/payment_plans.py counts as due for everyone: the contract's
# status and the collected sum are the installment's own copies.
INSTALLMENT_DUE_TALLY = grouped_tally(
    "installment_due_tallies",
    "payment_installments",
    keys={"due_date": "{row}.due_date"},
    measures={"installments": "1"},
    watched=("contract_status", "collected", "amount", "due_date"),
    live="{row}.contract_status = 'approved' AND {row}.collected < {row}.amount",
)
