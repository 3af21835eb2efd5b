"""The home page's month at a glance beyond the amounts (performance_report.
month_kpis): new customers and follow-ups of the subject this month against
last month, counted as the work statistics count them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from services.actor import Actor
from services.analytics.performance_report import MonthKpi, Subject
from services.analytics.periods import Period, month_period, previous_period
from services.analytics.report import subject_user_ids
from services.analytics.work_statistics import count_by_user

ACTIVITY_METRICS = ("new_customers", "followups")


def activity_kpis(
    session: Session, actor: Actor, *, today: dt.date, zone: str, subject: Subject
) -> list[MonthKpi]:
    """This month's and last month's counts (no targets) for the subject."""
    users = subject_user_ids(session, actor, subject)
    month = month_period(today.year, today.month)

    def total(metric: str, period: Period) -> Decimal:
        counts = count_by_user(session, actor, metric, period, zone, user_ids=users)
        return Decimal(sum(counts.values()))

    return [
        MonthKpi(
            metric, total(metric, month), None, total(metric, previous_period(month))
        )
        for metric in ACTIVITY_METRICS
    ]
