"""The shape every analytics page shares, so one page builder, one drill-down
dialog and one set of exports (xlsx/csv/PDF) serve them all.

A `Report` is a titled list of `Section`s plus page-specific select options.
A section's `load` returns a `Table` (aggregated in SQL); its `drill` returns
the records behind one cell of that table (`DrillPage`), whose `total` (for
count columns) or `amount` (for money columns) equals the number clicked.

A row may carry a `DRILL_KEY` ("drill") value: the opaque key `drill` receives
with the clicked column's key. Charts put `[row key, column key]` in each
point's customdata so a click on a bar and on its table cell drill alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import User
from services.actor import Actor
from services.analytics.performance_report import Subject, resolve_subject
from services.analytics.periods import PRESETS, Period, resolve_period
from services.errors import NotFound
from services.org import team_subtree_ids

DRILL_KEY = "drill"
# How a column's values are shown and exported.
KINDS = ("text", "int", "money", "percent", "days", "date")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # msgid, translated by the page
    kind: str = "text"
    drillable: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]

    def column(self, key: str) -> Column:
        """Raises NotFound for a column the table does not have."""
        for column in self.columns:
            if column.key == key:
                return column
        raise NotFound()


@dataclass(frozen=True)
class Option:
    """A page-specific select in the filter bar (top N, metric, N days…)."""

    key: str
    label: str  # msgid
    choices: tuple[tuple[str, str], ...]  # (value, msgid label)
    default: str

    def clean(self, value: str | None) -> str:
        """The value when offered, else the default (URLs are user input)."""
        return value if any(value == v for v, _label in self.choices) else self.default


@dataclass(frozen=True)
class ReportFilters:
    """What the filter bar chose, already checked against the viewer's scope."""

    period: Period
    subject: Subject
    today: dt.date
    zone: str  # company time zone, for UTC timestamp columns
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DrillPage:
    """One page of the records behind a cell. Rows may hold `open`:
    (record kind, id) so the page can link them."""

    title: str  # already readable (names, not msgids), e.g. "王芳 · Contracts"
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    amount: Decimal | None = None  # the sum behind a money cell

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


Load = Callable[[Session, Actor, ReportFilters], Table]
# (session, actor, filters, row key, column key, page, page_size); raises NotFound
# for keys the section never produced.
Drill = Callable[[Session, Actor, ReportFilters, str, str, int, int], DrillPage]


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # msgid
    load: Load
    drill: Drill | None = None


@dataclass(frozen=True)
class Report:
    key: str  # URL-safe: "work-statistics"
    title: str  # msgid
    sections: tuple[Section, ...]
    options: tuple[Option, ...] = ()
    permission: str | None = None  # besides login; None = every user

    def section(self, key: str) -> Section:
        """Raises NotFound for an unknown section."""
        for section in self.sections:
            if section.key == key:
                return section
        raise NotFound()


def subject_user_ids(
    session: Session, actor: Actor, subject: Subject
) -> list[int] | None:
    """Users whose own records (follow-ups, new customers… attributed by author
    or creator, not by a stored team) count for the subject, within the actor's
    scope; None means no restriction (everyone, for an all-scope viewer)."""
    if subject.user_id is not None:
        return [subject.user_id]
    if subject.team_id is not None:
        members = session.scalars(
            select(User.id).where(
                User.team_id.in_(team_subtree_ids(session, subject.team_id))
            )
        )
        return sorted(uid for uid in members if actor.sees_user(uid))
    if actor.visible_user_ids is None:
        return None
    return sorted(actor.visible_user_ids)


@dataclass(frozen=True)
class FilterInput:
    """The filter bar's raw choices (from the URL or the widgets)."""

    preset: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    team_id: int | None = None
    user_id: int | None = None
    options: Mapping[str, str | None] = field(default_factory=dict)


DEFAULT_PRESET = "this_month"


def resolve_filters(
    session: Session,
    actor: Actor,
    report: Report,
    chosen: FilterInput,
    *,
    today: dt.date,
    zone: str,
) -> ReportFilters:
    """Check the choices against the report and the viewer's scope. Raises
    PermissionDenied, ValidationFailed (a bad custom range), NotFound (a team or
    member outside the scope)."""
    if report.permission:
        actor.require(report.permission)
    preset = chosen.preset if chosen.preset in PRESETS else DEFAULT_PRESET
    period = resolve_period(preset, today=today, start=chosen.start, end=chosen.end)
    subject = resolve_subject(
        session, actor, team_id=chosen.team_id, user_id=chosen.user_id
    )
    options = {o.key: o.clean(chosen.options.get(o.key)) for o in report.options}
    return ReportFilters(period, subject, today, zone, options)
