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
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.orm import Session

from models import User
from services.actor import Actor
from services.analytics.performance_report import Subject, resolve_subject
from services.analytics.periods import PRESETS, Period, resolve_period
from services.errors import NotFound
from services.msgid import N_
from services.org import team_subtree_ids, user_names
from services.paging import Page, clamp_page, count_rows

DRILL_KEY = "drill"
# The drill key and label of a table's last row that sums the rows above it.
TOTAL_KEY = "total"
TOTAL_LABEL = N_("Total")
# How a column's values are shown and exported; "label" values are msgids the
# page translates (bucket names, stage names without a dictionary…).
KINDS = ("text", "label", "int", "money", "percent", "days", "hours", "date")


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
    default_period: str = "this_month"  # a periods.PRESETS value

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


def every_user(session: Session, user_ids: list[int]) -> bool:
    """Whether `user_ids` (distinct users) are all there are (an admin's top
    team)."""
    return len(user_ids) >= session.scalar(select(func.count()).select_from(User))


def subject_creators(
    session: Session, actor: Actor, subject: Subject
) -> list[int] | None:
    """subject_user_ids for records every user has one of (an author, a
    creator): None also when the subject is every user. Rendering and parsing
    an admin's IN list of 500 users in each count cost ~5 ms a table."""
    user_ids = subject_user_ids(session, actor, subject)
    if user_ids is not None and every_user(session, user_ids):
        return None
    return user_ids


def within_scope(
    actor: Actor, user_ids: Collection[int] | None
) -> Collection[int] | None:
    """The given users (None: everyone) within the actor's scope."""
    if actor.visible_user_ids is None:
        return user_ids
    if user_ids is None:
        return actor.visible_user_ids
    return set(user_ids) & set(actor.visible_user_ids)


def subject_owns(
    session: Session, actor: Actor, subject: Subject, owner: Any
) -> ColumnElement[bool]:
    """SQL: the `owner` column names one of the subject's members (no
    restriction for None, see subject_user_ids). Every user's list is `IS NOT
    NULL`: SQLite probed an index per user of 500 in the list (1.8 s for
    everyone's new customers of a year)."""
    user_ids = subject_user_ids(session, actor, subject)
    if user_ids is None:
        return true()
    if every_user(session, user_ids):
        return owner.is_not(None)
    return owner.in_(user_ids)


@dataclass(frozen=True)
class FilterInput:
    """The filter bar's raw choices (from the URL or the widgets)."""

    preset: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    team_id: int | None = None
    user_id: int | None = None
    options: Mapping[str, str | None] = field(default_factory=dict)


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
    preset = chosen.preset if chosen.preset in PRESETS else report.default_period
    period = resolve_period(preset, today=today, start=chosen.start, end=chosen.end)
    subject = resolve_subject(
        session, actor, team_id=chosen.team_id, user_id=chosen.user_id
    )
    options = {o.key: o.clean(chosen.options.get(o.key)) for o in report.options}
    return ReportFilters(period, subject, today, zone, options)


# --- what the reports share in their tables and drills -----------------------


def subject_member(
    session: Session, actor: Actor, filters: ReportFilters, key: str
) -> tuple[int, str]:
    """(user id, name) of a member row's drill key. Raises NotFound for anyone
    outside the subject or the viewer's scope."""
    user_id = int(key) if key.isdigit() else None
    user_ids = subject_user_ids(session, actor, filters.subject)
    if (
        user_id is None
        or not actor.sees_user(user_id)
        or (user_ids is not None and user_id not in user_ids)
    ):
        raise NotFound()
    names = user_names(session, {user_id})
    if user_id not in names:
        raise NotFound()
    return user_id, names[user_id]


def visible_member(session: Session, actor: Actor, row_key: str) -> User:
    """The user a member row's drill key stands for, in or out of the subject
    (a rep credited while in the team has since left it). Raises NotFound
    unless the actor sees them."""
    try:
        user_id = int(row_key)
    except ValueError:
        raise NotFound() from None
    user = session.get(User, user_id) if actor.sees_user(user_id) else None
    if user is None:
        raise NotFound()
    return user


def member_row(
    actor: Actor, names: Mapping[int, str], user_id: int, name_key: str
) -> dict[str, Any]:
    """The start of a row that stands for a user: its drill key, the user's
    name under `name_key` and whether it is the viewer (`is_me`)."""
    return {
        DRILL_KEY: str(user_id),
        name_key: names.get(user_id, ""),
        "is_me": user_id == actor.user_id,
    }


def total_row(
    rows: list[dict[str, Any]], name_key: str, summed: tuple[str, ...]
) -> dict[str, Any]:
    """The table's last row: the sums of the `summed` columns over `rows`,
    labelled "Total" under `name_key`."""
    return {DRILL_KEY: TOTAL_KEY, name_key: TOTAL_LABEL} | {
        key: sum(row[key] for row in rows) for key in summed
    }


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a ratio (1 = 100 %); None when there is no whole."""
    return Decimal(part) / Decimal(whole) if whole else None


def require_drillable(columns: tuple[Column, ...], key: str) -> None:
    """Raises NotFound unless `key` names a drillable column."""
    if not any(column.key == key and column.drillable for column in columns):
        raise NotFound()


def fetch_page(
    session: Session,
    query: Select,
    page: int,
    page_size: int,
    *,
    total: int | None = None,
) -> Page:
    """One page of an ordered query's rows (as dicts) and their total (counted
    unless given), the page and its size clamped as every list clamps them."""
    page, page_size = clamp_page(page, page_size)
    if total is None:
        total = count_rows(session, query)
    found = session.execute(query.limit(page_size).offset((page - 1) * page_size))
    return Page([dict(row._mapping) for row in found], total, page, page_size)
