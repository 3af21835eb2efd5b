"""The timed scenarios: real callbacks, named by an "id.property" they output,
called over HTTP as three different users. Argument lists are built from the
callback's registered Inputs and States (any not named here is None), so a
filter added to a page does not break the bench."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dash import Dash
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.callback_client import find_callback
from dashboard.ids import (
    Contacts,
    Contracts,
    CustomerDetail,
    Customers,
    Exports,
    Home,
    Opportunities,
    Pool,
    ReportPage,
    Todo,
)
from dashboard.labels import TARGET_METRIC_LABELS
from dashboard.reports import ReportView, report_views
from models import Customer, User

LIST_TARGET_MS = 30.0  # list, detail and pool callbacks
ANALYTICS_TARGET_MS = 80.0
EXPORT_TARGET_MS = 15_000.0
EXPORT_ROWS = 100_000
USERS = ("rep1", "leader1", "admin")
PERIODS = ("this_month", "this_quarter", "this_year")
GRAINS = ("month", "quarter", "year")

# (username, "id.property", values) → the callback's outputs {id: {prop: value}}
Fetch = Callable[[str, str, tuple, str | None], dict]


@dataclass(frozen=True)
class Scenario:
    name: str
    username: str
    callback: str  # "id.property" of an Input or Output
    values: tuple  # the Input then State values, in declaration order
    target_ms: float = LIST_TARGET_MS
    changed: str | None = None  # the Input that fired; None: the first


def wired_values(app: Dash, callback: str, given: Mapping[str, Any]) -> tuple:
    """The callback's Input then State values, by "id.property" (None if absent)."""
    _key, spec = find_callback(app, callback)
    wired = [f"{d['id']}.{d['property']}" for d in (*spec["inputs"], *spec["state"])]
    unknown = set(given) - set(wired)
    assert not unknown, f"{callback} has no Input or State {sorted(unknown)}"
    return tuple(given.get(prop) for prop in wired)


def customer_filters(
    *, search=None, stage="all", province=None, sort="updated", created_from=None
) -> dict[str, Any]:
    """The customer list's filter widgets (the list and its export read them)."""
    ids = Customers
    return {
        f"{ids.SEARCH}.value": search,
        f"{ids.STAGE_TABS}.active_tab": stage,
        f"{ids.PROVINCE}.value": province,
        f"{ids.CREATED_FROM}.value": created_from,
        f"{ids.SORT}.value": sort,
        f"{ids.DIRECTION}.value": "desc",
    }


def customer_list(*, page=1, **filters) -> dict[str, Any]:
    ids = Customers
    return customer_filters(**filters) | {
        f"{ids.PAGE_SIZE}.value": "20",
        f"{ids.PAGER}.active_page": page,
        f"{ids.REFRESH}.data": 0,
    }


def deal_list(ids, tabs: str) -> dict[str, Any]:
    """The opportunities / contracts list: the "all" tab, newest first."""
    return {
        f"{tabs}.active_tab": "all",
        f"{ids.SORT}.value": "updated",
        f"{ids.DIRECTION}.value": "desc",
        f"{ids.PAGE_SIZE}.value": "20",
        f"{ids.PAGER}.active_page": 1,
    }


def filter_bar(view: ReportView, period: str) -> dict[str, Any]:
    """An analytics page's filters: the period preset, everyone in the viewer's
    scope, each option at its default."""
    ids = ReportPage(view.report.key)
    return {
        f"{ids.PERIOD}.value": period,
        **{f"{ids.option(o.key)}.value": o.default for o in view.report.options},
    }


def _sample(session: Session, username: str) -> Customer:
    """A live customer of the user (or, for the admin, any owned one)."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    query = select(Customer).where(
        Customer.deleted_at.is_(None), Customer.owner_id.is_not(None)
    )
    if username != "admin":
        query = query.where(Customer.owner_id == user_id)
    return session.scalars(query.order_by(Customer.id).limit(1)).one()


def list_scenarios(app: Dash, session: Session, total: int) -> list[Scenario]:
    deep_page = max(1, min(5000, total // 20))
    grid = f"{Customers.TOTAL}.children"
    scenarios = []
    for username in USERS:
        sample = _sample(session, username)
        phone_prefix = (sample.mobile or "138")[:7]

        def listed(name, given, callback=grid, changed=None, user=username):
            values = wired_values(app, callback, given)
            return Scenario(name, user, callback, values, changed=changed)

        scenarios += [
            listed("customers: first page", customer_list()),
            listed(
                f"customers: page {deep_page:,}",
                customer_list(page=deep_page),
                changed=f"{Customers.PAGER}.active_page",
            ),
            listed("customers: by last follow-up", customer_list(sort="last_followup")),
            listed("customers: search phone", customer_list(search=phone_prefix)),
            listed(
                "customers: stage + region",
                customer_list(stage="intention", province=sample.province),
            ),
            listed(
                "customer detail + timeline",
                {
                    f"{CustomerDetail.CUSTOMER_ID}.data": str(sample.id),
                    f"{CustomerDetail.REFRESH}.data": 0,
                },
                callback=f"{CustomerDetail.TIMELINE}.children",
            ),
            listed(
                "contacts: first page",
                {
                    f"{Contacts.PRIMARY}.value": False,
                    f"{Contacts.PAGE_SIZE}.value": "20",
                    f"{Contacts.PAGER}.active_page": 1,
                },
                callback=f"{Contacts.GRID}.rowData",
            ),
            listed(
                "pool: first page",
                {
                    f"{Pool.STAGE_TABS}.active_tab": "all",
                    f"{Pool.PAGE_SIZE}.value": "20",
                    f"{Pool.PAGER}.active_page": 1,
                    f"{Pool.REFRESH}.data": 0,
                },
                callback=f"{Pool.TOTAL}.children",
            ),
            listed(
                "opportunities: first page",
                deal_list(Opportunities, Opportunities.STAGE_TABS),
                callback=f"{Opportunities.GRID}.rowData",
            ),
            listed(
                "contracts: first page",
                deal_list(Contracts, Contracts.STATUS_TABS),
                callback=f"{Contracts.GRID}.rowData",
            ),
            listed(
                "to-do counts",
                {f"{Todo.REFRESH}.data": 0},
                callback=f"{Todo.COUNTS}.children",
            ),
        ]
    return scenarios


def home_scenarios(app: Dash) -> list[Scenario]:
    """The home page: summary cards, this month's KPIs, target vs actual."""
    once = {"home-once.n_intervals": None}
    scenarios = []
    for username in USERS:
        scenarios += [
            Scenario(
                "home: summary",
                username,
                f"{Home.SUMMARY}.children",
                wired_values(app, f"{Home.SUMMARY}.children", once),
                ANALYTICS_TARGET_MS,
            ),
            Scenario(
                "home: month KPIs",
                username,
                f"{Home.MONTH}.children",
                wired_values(app, f"{Home.MONTH}.children", once),
                ANALYTICS_TARGET_MS,
            ),
        ]
        for grain in GRAINS:
            chart = f"{Home.CHART}.figure"
            given = {
                f"{Home.GRAIN}.value": grain,
                f"{Home.METRIC}.value": next(iter(TARGET_METRIC_LABELS)),
            }
            scenarios.append(
                Scenario(
                    f"home: target vs actual by {grain}",
                    username,
                    chart,
                    wired_values(app, chart, given),
                    ANALYTICS_TARGET_MS,
                )
            )
    return scenarios


def report_scenarios(app: Dash, periods: tuple[str, ...] = PERIODS) -> list[Scenario]:
    """Every section of every analytics page, per period and user."""
    scenarios = []
    for view in report_views():
        ids = ReportPage(view.report.key)
        for section in view.report.sections:
            callback = f"{ids.grid(section.key)}.rowData"
            for period in periods:
                values = wired_values(app, callback, filter_bar(view, period))
                scenarios += [
                    Scenario(
                        f"{view.report.key}/{section.key}: {period}",
                        username,
                        callback,
                        values,
                        ANALYTICS_TARGET_MS,
                    )
                    for username in USERS
                ]
    return scenarios


def drill_scenarios(app: Dash, fetch: Fetch, period: str) -> list[Scenario]:
    """Per page and user, a click on the first drillable non-empty cell of the
    first section that has one (the rows come from the section's own callback)."""
    scenarios = []
    for view in report_views():
        ids = ReportPage(view.report.key)
        for username in USERS:
            clicked = _first_drillable_cell(app, fetch, view, username, period)
            if clicked is None:
                continue
            section_key, cell, rows = clicked
            drill = f"{ids.DRILL}.is_open"
            given = filter_bar(view, period) | {
                f"{ids.grid(section_key)}.cellClicked": cell,
                f"{ids.grid(section_key)}.rowData": rows,
                f"{ids.DRILL_PAGER}.active_page": 1,
            }
            scenarios.append(
                Scenario(
                    f"{view.report.key}/{section_key}: drill {period}",
                    username,
                    drill,
                    wired_values(app, drill, given),
                    ANALYTICS_TARGET_MS,
                    changed=f"{ids.grid(section_key)}.cellClicked",
                )
            )
    return scenarios


def _first_drillable_cell(
    app: Dash, fetch: Fetch, view: ReportView, username: str, period: str
) -> tuple[str, dict, list[dict]] | None:
    ids = ReportPage(view.report.key)
    for section in view.report.sections:
        if section.drill is None:
            continue
        callback = f"{ids.grid(section.key)}.rowData"
        values = wired_values(app, callback, filter_bar(view, period))
        grid = fetch(username, callback, values, None)[ids.grid(section.key)]
        drillable = [
            c["field"] for c in grid["columnDefs"] if c.get("cellClass") == "grid-link"
        ]
        for row in grid["rowData"]:
            column = next((key for key in drillable if row.get(key)), None)
            if row.get("_drill") and column:
                return (
                    section.key,
                    {"rowId": row["_id"], "colId": column},
                    grid["rowData"],
                )
    return None


def export_scenario(app: Dash, session: Session) -> Scenario:
    """The admin's customer list exported to xlsx: the newest EXPORT_ROWS
    customers (all of them when there are fewer)."""
    newest = session.scalar(
        select(Customer.created_at)
        .where(Customer.deleted_at.is_(None))
        .order_by(Customer.created_at.desc())
        .offset(EXPORT_ROWS - 1)
        .limit(1)
    )
    item = Exports.item("customers", "filtered", "xlsx")
    created_from = newest.date().isoformat() if newest else None
    given = customer_filters(created_from=created_from) | {f"{item}.n_clicks": 1}
    download = f"{Exports.download('customers')}.data"
    return Scenario(
        f"export {EXPORT_ROWS:,} customers to xlsx",
        "admin",
        download,
        wired_values(app, download, given),
        EXPORT_TARGET_MS,
        changed=f"{item}.n_clicks",
    )
