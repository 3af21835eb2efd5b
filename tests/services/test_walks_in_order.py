"""When a list page of several owners' records is read down its order's index
(services/paging.walks_in_order): on SQLite only, for a NOT NULL order and a
page found within a short walk; and the page read either way is the same."""

from __future__ import annotations

import pytest

from models import Customer
from services.customers import CustomerFilter, list_customers
from services.paging import WALK_ENTRIES, walks_in_order
from tests.factories import make_customer

TEAM = frozenset({1, 2, 3})


def walks(session, owners=TEAM, column=Customer.updated_at, page=1, total=18_000):
    return walks_in_order(session, owners, column, page, 20, total, lambda: 10**6)


def test_a_teams_first_and_last_pages_are_walked_on_sqlite(session):
    sqlite = session.get_bind().dialect.name == "sqlite"
    assert walks(session) is sqlite
    assert walks(session, page=900) is sqlite  # read from the end


@pytest.mark.parametrize(
    "case",
    [
        {"owners": None},  # everyone: no owner list
        {"owners": frozenset({1})},  # one owner: its own index gives the order
        {"column": Customer.last_followup_at},  # nullable: no index serves it
        {"page": 450},  # the middle: a long walk
        {"total": 100},  # few of a million: a long walk
        {"total": 0},
    ],
)
def test_other_pages_sort_their_rows(session, case):
    assert not walks(session, **case)


def test_the_walk_stops_at_its_length(session):
    sqlite = session.get_bind().dialect.name == "sqlite"
    total = 20 * 10**6 // WALK_ENTRIES  # the page within WALK_ENTRIES entries
    assert walks(session, total=total) is sqlite
    assert not walks(session, total=total - 1)


def test_a_walked_page_lists_what_a_sorted_one_does(org, monkeypatch):
    leader = org.actor("leader_a")
    for i, owner in enumerate(["rep_a1", "rep_a2", "leader_a"] * 3):
        make_customer(org.session, org.actor(owner), f"Customer {i}")
    flt = CustomerFilter(page_size=4, page=2, sort="name", descending=False)
    walked = list_customers(org.session, leader, flt)
    monkeypatch.setattr("services.customers.walks_in_order", lambda *a: False)
    assert list_customers(org.session, leader, flt).rows == walked.rows
    names = [row["name"] for row in walked.rows]
    assert names == [f"Customer {i}" for i in (4, 5, 6, 7)]
