"""Performance targets (业绩设置): a grid of monthly targets for a team, its
sub-teams and its members, per year and metric (SPEC §9).

Who may set what: `target.manage` plus the data scope — a leader sets targets for
their own team's subtree and its members, an admin for everyone. Amounts are
non-negative CNY (or a count for new_customers); a blank month means no target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from models import PerformanceTarget, Team, User
from models.target import TARGET_METRICS
from services.actor import Actor
from services.audit import record_audit
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.org import children_by_parent, team_subtree_ids, team_tree_rows
from services.permissions import TARGET_MANAGE
from services.product_lines import parse_decimal

MONTHS = tuple(range(1, 13))
MAX_TARGET = Decimal("999999999999.99")
MIN_YEAR, MAX_YEAR = 2000, 2100
CENT = Decimal("0.01")


@dataclass(frozen=True)
class TargetRow:
    """One grid row: a team or a user, with 12 months (None = no target)."""

    subject_type: str
    subject_id: int
    name: str
    depth: int  # 0 = the chosen team, 1 = its sub-teams and members
    months: tuple[Decimal | None, ...]

    @property
    def year_total(self) -> Decimal:
        return sum((m for m in self.months if m is not None), Decimal(0))


@dataclass(frozen=True)
class TargetRowIn:
    subject_type: str
    subject_id: int
    months: Sequence[object]  # 12 raw values from the grid


def managed_team_ids(session: Session, actor: Actor) -> set[int]:
    """Teams whose targets the actor may set (their subtree; all for admins)."""
    if not actor.can(TARGET_MANAGE):
        return set()
    if actor.data_scope == "all":
        return set(session.scalars(select(Team.id)))
    if actor.data_scope == "team" and actor.team_id is not None:
        return team_subtree_ids(session, actor.team_id)
    return set()


def _check_year_metric(year: int, metric: str) -> None:
    errors = {}
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = N_("Choose a year between 2000 and 2100.")
    if metric not in TARGET_METRICS:
        errors["metric"] = N_("Unknown metric.")
    if errors:
        raise ValidationFailed(errors)


def _subjects(
    session: Session, actor: Actor, team_id: int
) -> list[tuple[str, int, str, int]]:
    """(type, id, name, depth) of the team, its direct sub-teams and its members.
    Raises NotFound when the team is not one the actor manages."""
    if team_id not in managed_team_ids(session, actor):
        raise NotFound()
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound()
    child_ids = children_by_parent(session).get(team_id, [])
    names = dict(
        session.execute(select(Team.id, Team.name).where(Team.id.in_(child_ids))).all()
    )
    members = session.execute(
        select(User.id, User.display_name)
        .where(User.team_id == team_id, User.is_active.is_(True))
        .order_by(User.display_name, User.id)
    ).all()
    return [
        ("team", team.id, team.name, 0),
        *(("team", child, names[child], 1) for child in child_ids),
        *(("user", user_id, name, 1) for user_id, name in members),
    ]


def target_grid(
    session: Session, actor: Actor, *, team_id: int, year: int, metric: str
) -> list[TargetRow]:
    """The grid for one team. Raises NotFound, ValidationFailed."""
    _check_year_metric(year, metric)
    subjects = _subjects(session, actor, team_id)
    stored = session.execute(
        select(
            PerformanceTarget.subject_type,
            PerformanceTarget.subject_id,
            PerformanceTarget.month,
            PerformanceTarget.amount,
        ).where(
            PerformanceTarget.year == year,
            PerformanceTarget.metric == metric,
            tuple_(PerformanceTarget.subject_type, PerformanceTarget.subject_id).in_(
                [(kind, subject_id) for kind, subject_id, _n, _d in subjects]
            ),
        )
    ).all()
    amounts = {(kind, sid, month): amount for kind, sid, month, amount in stored}
    return [
        TargetRow(
            kind,
            sid,
            name,
            depth,
            tuple(amounts.get((kind, sid, month)) for month in MONTHS),
        )
        for kind, sid, name, depth in subjects
    ]


def _parse_amount(value: object) -> Decimal | None:
    """A month cell: None when blank. Raises ValueError when it is not an amount
    of 0 or more with at most two decimals."""
    if value is None or not str(value).strip():
        return None
    amount = parse_decimal(value, maximum=MAX_TARGET)
    if amount is None:
        raise ValueError(value)
    return amount


def save_targets(
    session: Session,
    actor: Actor,
    *,
    team_id: int,
    year: int,
    metric: str,
    rows: Sequence[TargetRowIn],
) -> int:
    """Replace the targets of the grid's subjects for the year and metric; returns
    how many month values are stored. Rows for subjects outside the grid are
    refused (NotFound). Raises NotFound, ValidationFailed."""
    _check_year_metric(year, metric)
    allowed = {
        (kind, sid): name for kind, sid, name, _d in _subjects(session, actor, team_id)
    }
    errors: dict[str, str] = {}
    parsed: dict[tuple[str, int], list[Decimal | None]] = {}
    for row in rows:
        key = (row.subject_type, row.subject_id)
        if key not in allowed:
            raise NotFound()
        if len(row.months) != len(MONTHS):
            raise ValidationFailed({"months": N_("Enter twelve months.")})
        values: list[Decimal | None] = []
        for month, raw in zip(MONTHS, row.months, strict=True):
            try:
                values.append(_parse_amount(raw))
            except ValueError:
                errors[f"{row.subject_type}:{row.subject_id}:{month}"] = N_(
                    "Enter an amount of 0 or more with at most two decimals."
                )
                values.append(None)
        parsed[key] = values
    if errors:
        raise ValidationFailed(errors)
    if not parsed:
        return 0
    session.execute(
        delete(PerformanceTarget).where(
            PerformanceTarget.year == year,
            PerformanceTarget.metric == metric,
            tuple_(PerformanceTarget.subject_type, PerformanceTarget.subject_id).in_(
                list(parsed)
            ),
        )
    )
    stored = 0
    for (kind, sid), values in parsed.items():
        for month, amount in zip(MONTHS, values, strict=True):
            if amount is None:
                continue
            session.add(
                PerformanceTarget(
                    subject_type=kind,
                    subject_id=sid,
                    metric=metric,
                    year=year,
                    month=month,
                    amount=amount,
                    updated_by_id=actor.user_id,
                )
            )
            stored += 1
    record_audit(
        session,
        actor,
        "targets.update",
        "team",
        team_id,
        after={
            "year": year,
            "metric": metric,
            "rows": {
                f"{kind}:{sid}": [str(v) if v is not None else None for v in values]
                for (kind, sid), values in parsed.items()
            },
        },
    )
    session.flush()
    return stored


def copy_previous_year(
    session: Session, actor: Actor, *, team_id: int, year: int, metric: str
) -> int:
    """Copy last year's targets of the grid's subjects into `year` (replacing
    what is there). Returns how many month values were copied."""
    previous = target_grid(
        session, actor, team_id=team_id, year=year - 1, metric=metric
    )
    return save_targets(
        session,
        actor,
        team_id=team_id,
        year=year,
        metric=metric,
        rows=[
            TargetRowIn(row.subject_type, row.subject_id, row.months)
            for row in previous
        ],
    )


def distribute_yearly(total: object) -> list[Decimal]:
    """A yearly number spread over 12 months in whole cents; the remainder goes
    to the last months so the parts add up exactly. Raises ValidationFailed."""
    try:
        amount = _parse_amount(total)
    except ValueError as error:
        raise ValidationFailed(
            {"yearly": N_("Enter an amount of 0 or more with at most two decimals.")}
        ) from error
    if amount is None:
        raise ValidationFailed({"yearly": N_("Enter the yearly target.")})
    cents = int(amount / CENT)
    base, remainder = divmod(cents, len(MONTHS))
    return [
        (
            Decimal(base + (1 if index >= len(MONTHS) - remainder else 0)) * CENT
        ).quantize(CENT, rounding=ROUND_DOWN)
        for index in range(len(MONTHS))
    ]


def managed_teams(session: Session, actor: Actor) -> list[tuple[int, str, int]]:
    """(id, name, depth) of the teams the actor may set targets for, in tree order."""
    return team_tree_rows(session, managed_team_ids(session, actor))
