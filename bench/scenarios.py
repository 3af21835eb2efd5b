"""The timed scenarios: real callbacks, called over HTTP as three different users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.callbacks import (
    contacts,
    contracts,
    customer_detail,
    customers,
    home,
    opportunities,
    performance,
    todo,
)
from models import Customer, User

LIST_TARGET_MS = 30.0
USERS = ("rep1", "leader1", "admin")


@dataclass(frozen=True)
class Scenario:
    name: str
    username: str
    callback: Callable
    values: tuple
    target_ms: float = LIST_TARGET_MS
    changed: str | None = None


def customer_list(
    *, search=None, stage="all", province=None, sort="updated", page=1
) -> tuple:
    """load_page's inputs: search, stage tab, 6 selects, 4 dates, sort, direction,
    follow-up due, page size, page, refresh."""
    return (
        search,
        stage,
        None,
        None,
        None,
        province,
        None,
        None,
        None,
        None,
        None,
        None,
        sort,
        "desc",
        None,
        "20",
        page,
        0,
    )


def deal_list() -> tuple:
    """The opportunities / contracts list inputs: search, tab, six filters, sort,
    direction, page size, page."""
    return (None, "all", None, None, None, None, None, None, "updated", "desc", "20", 1)


def _sample(session: Session, username: str) -> Customer:
    """A live customer of the user (or, for the admin, any owned one)."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    query = select(Customer).where(
        Customer.deleted_at.is_(None), Customer.owner_id.is_not(None)
    )
    if username != "admin":
        query = query.where(Customer.owner_id == user_id)
    return session.scalars(query.order_by(Customer.id).limit(1)).one()


def build(session: Session, total_customers: int) -> list[Scenario]:
    deep_page = max(1, min(5000, total_customers // 20))
    scenarios = []
    for username in USERS:
        sample = _sample(session, username)
        phone_prefix = (sample.mobile or "138")[:7]
        scenarios += [
            Scenario(
                "customers: first page", username, customers.load_page, customer_list()
            ),
            Scenario(
                f"customers: page {deep_page:,}",
                username,
                customers.load_page,
                customer_list(page=deep_page),
                changed="customers-pager.active_page",
            ),
            Scenario(
                "customers: by last follow-up",
                username,
                customers.load_page,
                customer_list(sort="last_followup"),
            ),
            Scenario(
                "customers: search phone",
                username,
                customers.load_page,
                customer_list(search=phone_prefix),
            ),
            Scenario(
                "customers: stage + region",
                username,
                customers.load_page,
                customer_list(stage="intention", province=sample.province),
            ),
            Scenario(
                "customer detail + timeline",
                username,
                customer_detail.load_detail,
                (str(sample.id), 0),
            ),
            Scenario(
                "contacts: first page",
                username,
                contacts.load_contacts,
                (None, False, "20", 1),
            ),
            Scenario("home", username, home.load_home, (None,)),
            Scenario("home: month vs target", username, home.load_month, (None,)),
            Scenario(
                "opportunities: first page",
                username,
                opportunities.load_page,
                deal_list(),
            ),
            Scenario(
                "contracts: first page", username, contracts.load_page, deal_list()
            ),
            Scenario("to-do counts", username, todo.load_counts, (0,)),
            Scenario(
                "performance: year",
                username,
                performance.load_performance,
                (str(dt.date.today().year), "contract_amount", None, None),
            ),
        ]
    return scenarios
