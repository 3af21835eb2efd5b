"""Home page summary, due follow-ups and recent activity: counts within scope."""

import datetime as dt

import pytest

from services.home import due_followups, home_summary, recent_followups
from tests.factories import force_columns, make_customer, make_followup

TODAY = dt.datetime(2024, 6, 3)
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def book(org):
    """rep_a1: Acme (due today), Bolt (overdue, intention); rep_b1: Beta (overdue)."""
    rep_a1, rep_b1 = org.actor("rep_a1"), org.actor("rep_b1")
    acme = make_customer(org.session, rep_a1, "Acme")
    bolt = make_customer(org.session, rep_a1, "Bolt", stage="intention")
    beta = make_customer(org.session, rep_b1, "Beta")
    make_followup(
        org.session, rep_a1, acme, "acme call", occurred_at=TODAY - dt.timedelta(days=2)
    )
    make_followup(
        org.session, rep_b1, beta, "beta call", occurred_at=TODAY - dt.timedelta(days=1)
    )
    force_columns(
        org.session,
        acme,
        created_at=TODAY + dt.timedelta(hours=9),
        next_followup_at=TODAY + dt.timedelta(hours=15),
    )
    force_columns(
        org.session,
        bolt,
        created_at=TODAY - dt.timedelta(days=9),
        next_followup_at=TODAY - dt.timedelta(days=2),
    )
    force_columns(
        org.session,
        beta,
        created_at=TODAY + dt.timedelta(hours=1),
        next_followup_at=TODAY - dt.timedelta(days=5),
    )
    return acme, bolt, beta


def summary(org, viewer, focus=None):
    return home_summary(
        org.session, org.actor(viewer, focus=focus), day_start=TODAY, day_end=TOMORROW
    )


def test_summary_counts_only_customers_in_scope(org, book):
    assert summary(org, "rep_a1") == {
        "by_stage": {"potential": 1, "intention": 1},
        "total": 2,
        "due_today": 1,
        "overdue": 1,
        "new_today": 1,
    }


def test_admin_summary_counts_everyone(org, book):
    result = summary(org, "admin")

    assert (result["total"], result["overdue"], result["new_today"]) == (3, 2, 2)


def test_summary_follows_the_scope_switcher(org, book):
    assert summary(org, "leader_a", focus="me")["total"] == 0


def test_due_follow_ups_are_in_scope_and_most_overdue_first(org, book):
    rows = due_followups(org.session, org.actor("rep_a1"), before=TOMORROW)

    assert [row["name"] for row in rows] == ["Bolt", "Acme"]


def test_leader_sees_team_follow_ups_due_but_not_other_teams(org, book):
    rows = due_followups(org.session, org.actor("leader_a"), before=TOMORROW)

    assert [row["name"] for row in rows] == ["Bolt", "Acme"]


def test_recent_activity_is_newest_first(org, book):
    rows = recent_followups(org.session, org.actor("admin"))

    assert [row["content"] for row in rows] == ["beta call", "acme call"]


def test_recent_activity_is_in_scope(org, book):
    rows = recent_followups(org.session, org.actor("rep_a1"))

    assert [(row["content"], row["author"]) for row in rows] == [
        ("acme call", "Rep A1")
    ]


@pytest.mark.parametrize("viewer", ["admin", "rep_b1"])
def test_recent_activity_leaves_out_customers_in_the_recycle_bin(org, book, viewer):
    beta = book[2]
    force_columns(org.session, beta, deleted_at=TODAY)

    rows = recent_followups(org.session, org.actor(viewer))

    assert "beta call" not in [row["content"] for row in rows]


@pytest.mark.parametrize("walk", [12, 30])  # the team's ten within it, or not
def test_a_teams_walked_recent_activity_is_the_sorted_one(org, monkeypatch, walk):
    """On SQLite a team's latest follow-ups are looked for among everyone's
    newest `walk` first (services/home.RECENT_WALK); either way they are the
    team's ten newest."""
    owners = ["rep_a1", "rep_a2", "rep_b1"]
    customers = {
        owner: make_customer(org.session, org.actor(owner), f"{owner} Ltd")
        for owner in owners
    }
    for i in range(36):  # every third one is team B's
        owner = owners[i % 3]
        at = TODAY - dt.timedelta(hours=i * (3 if i < 20 else 7))
        make_followup(
            org.session, org.actor(owner), customers[owner], f"call {i}", occurred_at=at
        )
    monkeypatch.setattr("services.home.RECENT_EXPECTED", 10**9)
    monkeypatch.setattr("services.home.RECENT_WALK", walk)
    leader = org.actor("leader_a")

    walked = recent_followups(org.session, leader)
    monkeypatch.setattr("services.home._walked_recent", lambda *a: None)
    sorted_ = recent_followups(org.session, leader)

    assert walked == sorted_
    assert [row["content"] for row in sorted_] == [
        f"call {i}" for i in range(36) if i % 3 != 2
    ][:10]
