"""When a list page of several owners' records is read down its order's index
(services/paging.walks_in_order): on SQLite only, for an order an index of
the table gives and a page found within a short walk; which sorts each list
walks; and the page read either way is the same."""

from __future__ import annotations

import pytest

from services.contracts import ContractFilter, list_contracts
from services.customers import CustomerFilter, list_customers
from services.opportunities import OpportunityFilter, list_opportunities
from services.paging import WALK_ENTRIES, walks_in_order
from tests.factories import make_approved_contract, make_customer, make_opportunity

TEAM = frozenset({1, 2, 3})


def walks(session, owners=TEAM, indexed=True, page=1, total=18_000):
    return walks_in_order(session, owners, indexed, page, 20, total, lambda: 10**6)


@pytest.mark.parametrize("owners", [TEAM, None])  # a team's, everyone's
def test_first_and_last_pages_are_walked_on_sqlite(session, owners):
    sqlite = session.get_bind().dialect.name == "sqlite"
    assert walks(session, owners) is sqlite
    assert walks(session, owners, page=900) is sqlite  # read from the end


@pytest.mark.parametrize(
    "case",
    [
        {"owners": frozenset({1})},  # one owner: its own index gives the order
        {"indexed": False},  # no index gives the order: every row sorted
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


OWNERS = ["rep_a1", "rep_a2", "leader_a"] * 3


def add_customers(org) -> None:
    for i, owner in enumerate(OWNERS):
        make_customer(org.session, org.actor(owner), f"Customer {i}")


def add_opportunities(org) -> None:
    for i, owner in enumerate(OWNERS):
        actor = org.actor(owner)
        customer = make_customer(org.session, actor, f"Customer {i}")
        make_opportunity(org.session, actor, customer, f"Deal {i}")


def add_contracts(org) -> None:
    customer = make_customer(org.session, org.actor("rep_a1"), "Acme")
    for i, owner in enumerate(OWNERS):
        make_approved_contract(
            org.session, org.ids[owner], customer, "100", name=f"Contract {i}"
        )


LISTS = {
    "customers": (add_customers, list_customers, CustomerFilter),
    "opportunities": (add_opportunities, list_opportunities, OpportunityFilter),
    "contracts": (add_contracts, list_contracts, ContractFilter),
}


@pytest.mark.parametrize("kind", LISTS)
def test_a_walked_page_lists_what_a_sorted_one_does(org, monkeypatch, kind):
    add, list_page, page_filter = LISTS[kind]
    add(org)
    leader = org.actor("leader_a")
    # The newest first: walked on SQLite (9 of 9 records, all in view).
    flt = page_filter(page_size=4, page=2)
    walked = list_page(org.session, leader, flt)
    monkeypatch.setattr(f"services.{kind}.walks_in_order", lambda *a: False)
    assert list_page(org.session, leader, flt).rows == walked.rows
    assert (walked.total, len(walked.rows)) == (9, 4)


@pytest.mark.parametrize(
    ("kind", "sort", "indexed"),
    [
        ("customers", None, True),  # the default: last updated
        ("customers", "created", True),
        ("customers", "name", True),
        ("customers", "last_followup", False),  # NULLs last
        ("customers", "next_followup", False),
        ("customers", "viewed", False),  # another table's, outer-joined
        ("opportunities", "updated", True),
        ("opportunities", "amount", False),  # no index of its own
        ("opportunities", "expected_close", False),
        ("contracts", "updated", True),
        ("contracts", "sign_date", False),
        ("contracts", "end_date", False),
    ],
)
def test_only_an_indexed_order_is_walked(org, monkeypatch, kind, sort, indexed):
    _add, list_page, page_filter = LISTS[kind]
    asked = []

    def spy(session, owners, walkable, *rest):
        asked.append(walkable)
        return False

    monkeypatch.setattr(f"services.{kind}.walks_in_order", spy)
    list_page(org.session, org.actor("leader_a"), page_filter(sort=sort))
    assert asked == [indexed]


def test_everyones_walked_page_of_a_region_and_stage_lists_the_sorted_one(
    org, monkeypatch
):
    """The stage and region terms unindexed alike (services.customers)."""
    admin = org.actor("admin")
    for i, owner in enumerate(OWNERS):
        make_customer(
            org.session,
            org.actor(owner),
            f"Customer {i}",
            province="广东省" if i % 3 else "浙江省",
            city="深圳市" if i % 3 else "杭州市",
            stage="intention" if i % 2 else "potential",
        )
    for region in ({"province": "广东省"}, {"city": "深圳市"}):
        flt = CustomerFilter(stage="intention", page_size=2, page=2, **region)
        walked = list_customers(org.session, admin, flt)
        monkeypatch.setattr("services.customers.walks_in_order", lambda *a: False)
        sorted_page = list_customers(org.session, admin, flt)
        monkeypatch.undo()
        assert walked.rows == sorted_page.rows
        # 1, 5 and 7 are in the region and stage: the newest first.
        assert walked.total == 3
        assert [row["name"] for row in walked.rows] == ["Customer 1"]
