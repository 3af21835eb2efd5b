"""Month-end forecast (SPEC §10, performance): where this month will likely end.

* contract_amount: actual so far (the one definition in performance.py) plus
  the open opportunities expected to close this month — weighted by their
  stage's win probability for the expected figure, in full for the upper end.
  Opportunities count for their current owner.
* payment_amount: actual so far plus what is still uncollected on the
  installments due this month (any day of it, so overdue ones this month still
  count) of approved contracts attributed like payments (owner/team at
  approval); expected and upper end are the same.

The band [actual, high] is drawn against the month's target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Contract, Opportunity, OpportunityStage, PaymentInstallment
from services.actor import Actor
from services.analytics.performance import actual_total, attainment, target_total
from services.analytics.performance_report import Subject
from services.analytics.periods import month_period
from services.analytics.report import subject_user_ids
from services.payment_plans import collected_column

CENT = Decimal("0.01")


@dataclass(frozen=True)
class MonthForecast:
    metric: str
    actual: Decimal
    expected: Decimal
    high: Decimal
    target: Decimal | None

    @property
    def expected_attainment(self) -> Decimal | None:
        return attainment(self.expected, self.target)


def _pipeline(
    session: Session, actor: Actor, subject: Subject, month_start, month_end
) -> tuple[Decimal, Decimal]:
    """(weighted, full) amount of open opportunities closing in the month."""
    query = (
        select(
            func.coalesce(
                func.sum(Opportunity.amount * OpportunityStage.probability), 0
            ),
            func.coalesce(func.sum(Opportunity.amount), 0),
        )
        .join(OpportunityStage, OpportunityStage.id == Opportunity.stage_id)
        .where(
            Opportunity.status == "open",
            Opportunity.expected_close_date >= month_start,
            Opportunity.expected_close_date <= month_end,
        )
    )
    users = subject_user_ids(session, actor, subject)
    if users is not None:
        query = query.where(Opportunity.owner_id.in_(users))
    weighted, full = session.execute(query).one()
    return (Decimal(weighted) / 100).quantize(CENT), Decimal(full).quantize(CENT)


def _installments_due(
    session: Session, actor: Actor, subject: Subject, month_start, month_end
) -> Decimal:
    """Uncollected remainder of the installments due in the month."""
    remaining = PaymentInstallment.amount - collected_column()
    query = (
        select(func.coalesce(func.sum(remaining), 0))
        .join(Contract, Contract.id == PaymentInstallment.contract_id)
        .where(
            Contract.status == "approved",
            PaymentInstallment.due_date >= month_start,
            PaymentInstallment.due_date <= month_end,
            remaining > 0,
        )
    )
    if actor.visible_user_ids is not None:
        query = query.where(Contract.approved_owner_id.in_(actor.visible_user_ids))
    filters = subject.filters(session)
    if "user_ids" in filters:
        query = query.where(Contract.approved_owner_id.in_(filters["user_ids"]))
    if "team_ids" in filters:
        query = query.where(Contract.approved_team_id.in_(filters["team_ids"]))
    return Decimal(session.scalar(query) or 0).quantize(CENT)


def month_end_forecast(
    session: Session, actor: Actor, *, metric: str, subject: Subject, today: dt.date
) -> MonthForecast:
    """The forecast of `today`'s month for the subject. Raises ValidationFailed
    for an unknown metric."""
    month = month_period(today.year, today.month)
    actual = actual_total(session, actor, metric, month, **subject.filters(session))
    key = subject.target_key
    target = target_total(session, metric, key[0], key[1], month) if key else None
    if metric == "contract_amount":
        weighted, full = _pipeline(session, actor, subject, month.start, month.end)
        return MonthForecast(metric, actual, actual + weighted, actual + full, target)
    due = _installments_due(session, actor, subject, month.start, month.end)
    return MonthForecast(metric, actual, actual + due, actual + due, target)
