"""Performance actuals and targets — the single definition used by every page,
chart, drill-down and export (SPEC §9):

* contract_amount of user U in a period = sum(amount) of approved contracts whose
  sign_date falls in it and whose owner at approval (approved_owner_id) is U;
  a team's actual = the same over contracts whose team at approval
  (approved_team_id) is the team or one of its sub-teams.
* payment_amount = sum(amount) of approved payments by paid_on, attributed the
  same way.
* attainment = actual / target; None when the target is missing or 0.

A period's whole months are read from the trigger-kept deal tallies
(models/deal_tally.py), its other days from the contracts and payments; so
are the payments' amount-weighted days to collect (services.analytics.receivables).

The viewer's data scope always applies on the attributed owner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.orm import Session

from models import Contract, DealTally, Payment, PerformanceTarget
from models.deal_tally import NO_KEY
from services.actor import Actor
from services.analytics.periods import Period
from services.analytics.tallied_counts import written
from services.analytics.timestamps import days_between
from services.errors import ValidationFailed
from services.msgid import N_

AMOUNT_METRICS = ("contract_amount", "payment_amount")


@dataclass(frozen=True)
class Measure:
    """Where an amount metric lives: its table's amount, date and attribution."""

    model: type
    amount: object
    day: object
    owner: object
    team: object
    # amount × days to collect (payments; 0 for contracts)
    weighted_days: object


def measure(metric: str) -> Measure:
    """Raises ValidationFailed for an unknown metric."""
    if metric == "contract_amount":
        return Measure(
            Contract,
            Contract.amount,
            Contract.sign_date,
            Contract.approved_owner_id,
            Contract.approved_team_id,
            literal(0),
        )
    if metric == "payment_amount":
        return Measure(
            Payment,
            Payment.amount,
            Payment.paid_on,
            Payment.approved_owner_id,
            Payment.approved_team_id,
            Payment.amount * days_between(Payment.contract_sign_date, Payment.paid_on),
        )
    raise ValidationFailed({"metric": N_("Unknown metric.")})


def filtered_measure(
    query: Select,
    m: Measure,
    actor: Actor,
    period: Period,
    *,
    user_ids: Collection[int] | None = None,
    team_ids: Collection[int] | None = None,
) -> Select:
    """`query` narrowed to the metric's approved rows in the period, the actor's
    scope and the given owners and/or teams at approval."""
    query = query.where(
        m.model.status == "approved", m.day >= period.start, m.day <= period.end
    )
    if actor.visible_user_ids is not None:
        query = query.where(m.owner.in_(actor.visible_user_ids))
    if user_ids is not None:
        query = query.where(m.owner.in_(list(user_ids)))
    if team_ids is not None:
        query = query.where(m.team.in_(list(team_ids)))
    return query


def _whole_months(period: Period) -> tuple[dt.date, dt.date] | None:
    """[first, stop) of the period's whole calendar months, if any."""
    first = period.start
    if first.day != 1:
        first = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    stop = period.end + dt.timedelta(days=1)
    stop = stop.replace(day=1)
    return (first, stop) if first < stop else None


def _grouping(by: tuple[str, ...], owner: Any, day: Any) -> list[Any]:
    """The columns of `by` ("owner", "year", "month") over an owner and a date."""
    columns = {
        "owner": owner,
        "year": func.extract("year", day),
        "month": func.extract("month", day),
    }
    return [columns[key].label(key) for key in by]


def _rollup_part(
    actor: Actor,
    metric: str,
    months: tuple[dt.date, dt.date],
    by: tuple[str, ...],
    sums: tuple[Any, ...],
    user_ids: Collection[int] | None,
    team_ids: Collection[int] | None,
) -> Select:
    """(by…, sums…) of the months [first, stop) from the deal tallies."""
    first, stop = months
    group = _grouping(by, func.nullif(DealTally.owner_key, NO_KEY), DealTally.month)
    query = select(*group, *(func.sum(column) for column in sums)).where(
        DealTally.metric == metric,
        DealTally.month >= written(first),
        DealTally.month < written(stop),
    )
    for column, ids in (
        (DealTally.owner_key, actor.visible_user_ids),
        (DealTally.owner_key, user_ids),
        (DealTally.team_key, team_ids),
    ):
        if ids is not None:
            query = query.where(column.in_(sorted(ids)))
    return query.group_by(*group) if group else query


def amounts(
    session: Session,
    actor: Actor,
    metric: str,
    period: Period,
    by: tuple[str, ...] = (),
    *,
    user_ids: Collection[int] | None = None,
    team_ids: Collection[int] | None = None,
    weighted_days: bool = False,
) -> list[tuple]:
    """(by…, records, amount) of the metric over the period within the actor's
    scope, narrowed to the given owners and/or teams at approval and grouped
    by `by` (of "owner", "year", "month"), and Σ amount × days to collect
    after them when `weighted_days`: the period's whole months from the
    trigger-kept rollup (models/deal_tally.py), its other days from the rows."""
    m = measure(metric)
    tallied = (DealTally.records, DealTally.amount)
    counted = (func.count(), func.sum(m.amount))
    if weighted_days:
        tallied += (DealTally.weighted_days,)
        counted += (func.sum(m.weighted_days),)
    months = _whole_months(period)
    days, parts = [period], []
    if months is not None:
        parts.append(
            _rollup_part(actor, metric, months, by, tallied, user_ids, team_ids)
        )
        days = [
            Period(period.start, months[0] - dt.timedelta(days=1)),
            Period(months[1], period.end),
        ]
    group = _grouping(by, m.owner, m.day)
    for part in days:
        if part.start <= part.end:
            query = select(*group, *counted)
            parts.append(
                filtered_measure(
                    query.group_by(*group) if group else query,
                    m,
                    actor,
                    part,
                    user_ids=user_ids,
                    team_ids=team_ids,
                )
            )
    summed: dict[tuple, list] = {}
    width = len(by)
    for part in parts:
        for row in session.execute(part):
            key, records, *sums = row[:width], *row[width:]
            if records:
                totals = summed.setdefault(tuple(key), [0] + [Decimal(0)] * len(sums))
                totals[0] += records
                for i, value in enumerate(sums, 1):
                    totals[i] += Decimal(str(value or 0))
    return [(*key, *totals) for key, totals in summed.items()]


def actual_total(
    session: Session,
    actor: Actor,
    metric: str,
    period: Period,
    *,
    user_ids: Collection[int] | None = None,
    team_ids: Collection[int] | None = None,
) -> Decimal:
    """One number: the metric over the period within the actor's scope, narrowed
    to the given owners and/or teams at approval (pass a team's whole subtree)."""
    found = amounts(
        session, actor, metric, period, user_ids=user_ids, team_ids=team_ids
    )
    return sum((amount for _records, amount in found), Decimal(0))


def actual_by_month(
    session: Session,
    actor: Actor,
    metric: str,
    period: Period,
    *,
    user_ids: Collection[int] | None = None,
    team_ids: Collection[int] | None = None,
) -> dict[tuple[int, int], Decimal]:
    """{(year, month): amount} for every month of the period (0 where empty)."""
    found = {
        (int(year), int(month)): amount
        for year, month, _records, amount in amounts(
            session,
            actor,
            metric,
            period,
            ("year", "month"),
            user_ids=user_ids,
            team_ids=team_ids,
        )
    }
    return {key: found.get(key, Decimal(0)) for key in period.months()}


def actual_by_owner(
    session: Session,
    actor: Actor,
    metric: str,
    period: Period,
    *,
    user_ids: Collection[int] | None = None,
    team_ids: Collection[int] | None = None,
) -> dict[int, Decimal]:
    """{owner at approval: amount}; owners without any are absent."""
    return {
        owner: amount
        for owner, _records, amount in amounts(
            session,
            actor,
            metric,
            period,
            ("owner",),
            user_ids=user_ids,
            team_ids=team_ids,
        )
        if owner is not None
    }


def target_by_month(
    session: Session, metric: str, subject_type: str, subject_id: int, period: Period
) -> dict[tuple[int, int], Decimal | None]:
    """{(year, month): target or None when none is set} over the period's months.
    A partial month counts its whole target (targets are monthly)."""
    months = period.months()
    years = {year for year, _m in months}
    rows = session.execute(
        select(
            PerformanceTarget.year, PerformanceTarget.month, PerformanceTarget.amount
        ).where(
            PerformanceTarget.subject_type == subject_type,
            PerformanceTarget.subject_id == subject_id,
            PerformanceTarget.metric == metric,
            PerformanceTarget.year.in_(years),
        )
    ).all()
    stored = {(year, month): amount for year, month, amount in rows}
    return {key: stored.get(key) for key in months}


def target_total(
    session: Session, metric: str, subject_type: str, subject_id: int, period: Period
) -> Decimal | None:
    """The sum of the monthly targets the period touches; None when none is set."""
    values = [
        v
        for v in target_by_month(
            session, metric, subject_type, subject_id, period
        ).values()
        if v is not None
    ]
    return sum(values, Decimal(0)) if values else None


def target_by_subject(
    session: Session,
    metric: str,
    subject_type: str,
    subject_ids: Collection[int],
    period: Period,
) -> dict[int, Decimal]:
    """{subject id: sum of its monthly targets the period touches}; subjects
    without any target are absent."""
    if not subject_ids:
        return {}
    rows = session.execute(
        select(PerformanceTarget.subject_id, func.sum(PerformanceTarget.amount))
        .where(
            PerformanceTarget.subject_type == subject_type,
            PerformanceTarget.subject_id.in_(list(subject_ids)),
            PerformanceTarget.metric == metric,
            tuple_(PerformanceTarget.year, PerformanceTarget.month).in_(
                period.months()
            ),
        )
        .group_by(PerformanceTarget.subject_id)
    ).all()
    return {subject_id: Decimal(total) for subject_id, total in rows}


def attainment(actual: Decimal, target: Decimal | None) -> Decimal | None:
    """actual / target as a ratio (1 = 100 %); None when the target is 0 or unset."""
    if not target:
        return None
    return actual / target
