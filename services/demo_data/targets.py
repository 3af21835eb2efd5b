"""Demo performance targets: each seller's and each team's monthly contract
and payment targets for last year and this year, set a little above what they
achieved in the twelve months before today (so some are ahead, some behind)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models import Contract, Payment, PerformanceTarget
from services.org import children_by_parent

STRETCH = (Decimal("0.9"), Decimal("1.3"))  # target / last twelve months' average


def _monthly_average(session: Session, model, day, since: dt.date, by) -> dict:
    rows = session.execute(
        select(by, func.sum(model.amount))
        .where(model.status == "approved", day >= since)
        .group_by(by)
    )
    return {key: Decimal(total) / 12 for key, total in rows if key is not None}


def _subtree_totals(averages: dict[int, Decimal], session: Session) -> dict:
    """A team's average includes its sub-teams'."""
    children = children_by_parent(session)

    def total(team_id: int) -> Decimal:
        own = averages.get(team_id, Decimal(0))
        return own + sum((total(c) for c in children.get(team_id, ())), Decimal(0))

    teams = {t for kids in children.values() for t in kids}
    return {team_id: total(team_id) for team_id in teams}


def add_targets(session: Session, *, today: dt.date, seed: int) -> int:
    """Insert the targets; returns how many monthly rows were written."""
    rng = random.Random(f"targets-{seed}")
    since = today.replace(year=today.year - 1)
    measures = {
        "contract_amount": (Contract, Contract.sign_date),
        "payment_amount": (Payment, Payment.paid_on),
    }
    rows = []
    for metric, (model, day) in measures.items():
        by_owner = _monthly_average(session, model, day, since, model.approved_owner_id)
        by_team = _monthly_average(session, model, day, since, model.approved_team_id)
        subjects = {"user": by_owner, "team": _subtree_totals(by_team, session)}
        for subject_type, averages in subjects.items():
            for subject_id, average in sorted(averages.items()):
                stretch = Decimal(str(round(rng.uniform(*map(float, STRETCH)), 2)))
                amount = (average * stretch / 1000).quantize(Decimal(1)) * 1000
                if amount <= 0:
                    continue
                rows += [
                    {
                        "subject_type": subject_type,
                        "subject_id": subject_id,
                        "metric": metric,
                        "year": year,
                        "month": month,
                        "amount": amount,
                    }
                    for year in (today.year - 1, today.year)
                    for month in range(1, 13)
                ]
    if rows:
        session.execute(insert(PerformanceTarget), rows)
    return len(rows)
