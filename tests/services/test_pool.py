"""Public pool: list and visibility, release, claim, assign, cross-team review,
limits, re-claim block, team customers, extend deadline, rules; on both backends."""

import datetime as dt

import pytest
from sqlalchemy import select

from models import Notification, PoolClaimRequest, PoolEvent
from models.base import utcnow
from services.customers import CustomerFilter, get_customer
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.notifications import list_notifications, mark_all_read, unread_count
from services.pool import (
    PoolFilter,
    PoolRulesIn,
    approve_request,
    assign_pool_customers,
    assign_team_customers,
    claim_customers,
    delete_pool_customers,
    expiring_customers,
    extend_deadlines,
    get_pool_customer,
    get_rules,
    list_pool,
    list_requests,
    list_team_customers,
    pending_review_count,
    pool_customer_detail,
    reject_request,
    release_customers,
    return_deadline,
    rules_detail,
    update_rules,
)
from tests.factories import (
    audit_rows,
    customer_per_owner,
    force_columns,
    make_customer,
    make_pool_customer,
    reloaded,
)


def pool_names(org, viewer, **filters) -> list[str]:
    page = list_pool(org.session, org.actor(viewer), PoolFilter(**filters))
    return [row["name"] for row in page.rows]


def set_rules(org, **values):
    current = rules_detail(org.session, org.actor("admin"))
    data = {k: current[k] for k in PoolRulesIn.__dataclass_fields__} | values
    return update_rules(
        org.session,
        org.actor("admin"),
        PoolRulesIn(**data),
        expected_version=current["version"],
    )


@pytest.fixture
def team_b_leader(org):
    """Team B gets a leader, so customers last owned there need a review."""
    leader_id = org.add_user("leader_b", "leader", org.team_b)
    org.team_b.leader_id = leader_id
    org.session.flush()
    return leader_id


# --- release ------------------------------------------------------------------


def test_release_puts_the_customer_in_the_pool_with_reason_and_history(org):
    acme = make_customer(org.session, org.actor("rep_a1"), "Acme")

    count = release_customers(org.session, org.actor("rep_a1"), [acme.id], "No budget")

    stored = reloaded(org.session, acme)
    assert count == 1
    assert (stored.owner_id, stored.last_owner_id, stored.last_team_id) == (
        None,
        org.ids["rep_a1"],
        org.team_a.id,
    )
    assert (stored.pool_reason, stored.pool_note) == ("released", "No budget")
    assert stored.pool_entered_at is not None
    event = org.session.scalar(select(PoolEvent))
    assert (event.direction, event.reason, event.owner_id) == (
        "in",
        "released",
        org.ids["rep_a1"],
    )
    assert [a.after for a in audit_rows(org.session, "customer.release")] == [
        {"owner_id": None, "pool_note": "No budget"}
    ]
    with pytest.raises(NotFound):
        get_customer(org.session, org.actor("rep_a1"), acme.id)


def test_release_requires_a_reason_and_a_selection(org):
    acme = make_customer(org.session, org.actor("rep_a1"), "Acme")
    with pytest.raises(ValidationFailed) as exc:
        release_customers(org.session, org.actor("rep_a1"), [acme.id], "  ")
    assert exc.value.errors == {"reason": "Give a reason."}
    with pytest.raises(ValidationFailed) as exc:
        release_customers(org.session, org.actor("rep_a1"), [], "why")
    assert exc.value.errors == {"selection": "Select at least one customer."}


@pytest.mark.parametrize(
    ("viewer", "owner"),
    [("rep_a1", "rep_b1"), ("rep_a1", "rep_a2"), ("leader_a", "rep_b1")],
)
def test_release_outside_scope_is_not_found_and_changes_nothing(org, viewer, owner):
    customers = customer_per_owner(org)
    mine = customers[viewer] if viewer in customers else None
    ids = [customers[owner].id] + ([mine.id] if mine else [])

    with pytest.raises(NotFound):
        release_customers(org.session, org.actor(viewer), ids, "reason")
    assert reloaded(org.session, customers[owner]).owner_id == org.ids[owner]


def test_leader_releasing_a_members_customer_notifies_the_member(org):
    acme = make_customer(org.session, org.actor("rep_a1"), "Acme")

    release_customers(org.session, org.actor("leader_a"), [acme.id], "Stale")

    [message] = list_notifications(org.session, org.actor("rep_a1"))
    assert message["kind"] == "pool_released"
    assert message["params"] == {
        "customer": "Acme",
        "actor": "Leader A",
        "reason": "Stale",
    }
    assert unread_count(org.session, org.actor("rep_a1")) == 1
    assert mark_all_read(org.session, org.actor("rep_a1")) == 1
    assert unread_count(org.session, org.actor("rep_a1")) == 0
    assert list_notifications(org.session, org.actor("leader_a")) == []


# --- visibility ------------------------------------------------------------------


def test_pool_is_visible_to_claimers_and_assigners_across_teams(org):
    make_pool_customer(org, "rep_b1", "Beta Pool")
    make_pool_customer(org, "rep_a1", "Acme Pool")

    for viewer in ("rep_a1", "rep_b1", "leader_a", "admin"):
        assert sorted(pool_names(org, viewer)) == ["Acme Pool", "Beta Pool"]
    with pytest.raises(PermissionDenied):
        pool_names(org, "exec")


def test_pool_customer_is_readable_only_in_the_pool(org):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    owned = make_customer(org.session, org.actor("rep_b1"), "Owned")

    detail = pool_customer_detail(org.session, org.actor("rep_a1"), pooled.id)
    assert (detail["name"], detail["last_owner"], detail["last_team"]) == (
        "Beta Pool",
        "Rep B1",
        "Team B",
    )
    assert [h["reason"] for h in detail["history"]] == ["released"]
    assert "customer.release" in [entry["action"] for entry in detail["log"]]
    with pytest.raises(NotFound):
        get_pool_customer(org.session, org.actor("rep_a1"), owned.id)
    with pytest.raises(PermissionDenied):
        get_pool_customer(org.session, org.actor("exec"), pooled.id)


def test_pool_list_filters_search_and_days_in_pool(org):
    old = make_pool_customer(org, "rep_b1", "Beta Pool", industry="it")
    make_pool_customer(org, "rep_a1", "Acme Pool", mobile="13911112222")
    force_columns(org.session, old, pool_entered_at=utcnow() - dt.timedelta(days=10))

    page = list_pool(org.session, org.actor("rep_a1"), PoolFilter())
    assert [(r["name"], r["days_in_pool"]) for r in page.rows] == [
        ("Acme Pool", 0),
        ("Beta Pool", 10),
    ]
    assert page.extra["stage_counts"]["all"] == 2
    assert pool_names(org, "rep_a1", search="1391111") == ["Acme Pool"]
    assert pool_names(org, "rep_a1", industry="it") == ["Beta Pool"]
    assert pool_names(org, "rep_a1", last_team_id=org.team_b.id) == ["Beta Pool"]
    assert pool_names(org, "rep_a1", last_team_id=org.company.id) == [
        "Acme Pool",
        "Beta Pool",
    ]
    assert pool_names(org, "rep_a1", sort="entered", descending=False) == [
        "Beta Pool",
        "Acme Pool",
    ]


# --- claim ------------------------------------------------------------------------


def test_claim_from_own_team_takes_the_customer_at_once(org):
    pooled = make_pool_customer(org, "rep_a2", "Acme Pool")

    result = claim_customers(org.session, org.actor("rep_a1"), [pooled.id])

    assert (result.taken, result.requested) == ([pooled.id], [])
    stored = reloaded(org.session, pooled)
    assert stored.owner_id == org.ids["rep_a1"]
    assert stored.pool_entered_at is None and stored.claimed_at is not None
    assert get_customer(org.session, org.actor("rep_a1"), pooled.id).name == (
        "Acme Pool"
    )
    assert pool_names(org, "rep_a1") == []
    assert [
        e.reason for e in org.session.scalars(select(PoolEvent).order_by(PoolEvent.id))
    ] == ["released", "claimed"]
    assert len(audit_rows(org.session, "customer.claim")) == 1


def test_claiming_an_owned_customer_says_already_claimed(org):
    pooled = make_pool_customer(org, "rep_a2", "Acme Pool")
    claim_customers(org.session, org.actor("rep_a2"), [pooled.id])

    with pytest.raises(Conflict) as exc:
        claim_customers(org.session, org.actor("rep_a1"), [pooled.id])
    assert exc.value.message == "{name} has already been claimed by someone else."
    assert exc.value.params == {"name": "Acme Pool"}


def test_claim_of_unknown_or_deleted_customer_is_not_found(org):
    pooled = make_pool_customer(org, "rep_a2", "Acme Pool")
    delete_pool_customers(org.session, org.actor("leader_a"), [pooled.id])

    for ids in ([pooled.id], [10**9]):
        with pytest.raises(NotFound):
            claim_customers(org.session, org.actor("rep_a1"), ids)


def test_executive_cannot_claim(org):
    pooled = make_pool_customer(org, "rep_a2", "Acme Pool")
    with pytest.raises(PermissionDenied):
        claim_customers(org.session, org.actor("exec"), [pooled.id])


def test_batch_claim_is_all_or_nothing(org):
    first = make_pool_customer(org, "rep_a2", "First")
    second = make_pool_customer(org, "rep_a2", "Second")
    claim_customers(org.session, org.actor("rep_a2"), [second.id])

    with pytest.raises(Conflict):
        claim_customers(org.session, org.actor("rep_a1"), [first.id, second.id])
    # Checked before anything is written.
    assert reloaded(org.session, first).owner_id is None


def test_claim_beyond_the_limit_is_refused_with_the_numbers(org):
    set_rules(org, max_customers_per_rep=2)
    make_customer(org.session, org.actor("rep_a1"), "Mine")
    one = make_pool_customer(org, "rep_a2", "One")
    two = make_pool_customer(org, "rep_a2", "Two")

    with pytest.raises(Conflict) as exc:
        claim_customers(org.session, org.actor("rep_a1"), [one.id, two.id])
    assert exc.value.params == {"user": "Rep A1", "owned": 1, "limit": 2}
    assert claim_customers(org.session, org.actor("rep_a1"), [one.id]).taken == [one.id]


def test_rep_cannot_reclaim_what_they_released_within_the_block(org):
    set_rules(org, reclaim_block_days=30)
    pooled = make_pool_customer(org, "rep_a1", "Acme")

    with pytest.raises(Conflict) as exc:
        claim_customers(org.session, org.actor("rep_a1"), [pooled.id])
    assert exc.value.params == {"name": "Acme", "days": 30}
    # Someone else may; and once the block is over, so may the releaser.
    assert claim_customers(org.session, org.actor("rep_a2"), [pooled.id]).taken
    set_rules(org, reclaim_block_days=0)
    release_customers(org.session, org.actor("rep_a2"), [pooled.id], "again")
    assert claim_customers(org.session, org.actor("rep_a1"), [pooled.id]).taken


# --- cross-team review ----------------------------------------------------------


def test_claim_of_another_teams_customer_waits_for_that_leaders_review(
    org, team_b_leader
):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")

    result = claim_customers(org.session, org.actor("rep_a1"), [pooled.id])

    assert (result.taken, result.requested) == ([], [pooled.id])
    assert reloaded(org.session, pooled).owner_id is None
    assert pending_review_count(org.session, org.actor("leader_b")) == 1
    assert pending_review_count(org.session, org.actor("leader_a")) == 0
    [row] = list_requests(org.session, org.actor("leader_b")).rows
    assert (row["customer"], row["requester"], row["target"], row["last_owner"]) == (
        "Beta Pool",
        "Rep A1",
        "Rep A1",
        "Rep B1",
    )
    assert [
        n["kind"] for n in list_notifications(org.session, org.actor("leader_b"))
    ] == ["pool_request"]
    assert list_requests(org.session, org.actor("rep_a1"), box="mine").total == 1
    assert pool_names(org, "rep_a2") == ["Beta Pool"]
    assert list_pool(org.session, org.actor("rep_a2"), PoolFilter()).rows[0]["pending"]


def test_pending_request_reserves_the_customer(org, team_b_leader):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    claim_customers(org.session, org.actor("rep_a1"), [pooled.id])

    with pytest.raises(Conflict) as exc:
        claim_customers(org.session, org.actor("rep_a2"), [pooled.id])
    assert exc.value.message == "{name} is waiting for the review of another request."


def test_leader_approves_and_the_requester_gets_the_customer(org, team_b_leader):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    claim_customers(org.session, org.actor("rep_a1"), [pooled.id])
    [request] = org.session.scalars(select(PoolClaimRequest)).all()

    assert approve_request(org.session, org.actor("leader_b"), request.id) == (
        "approved"
    )

    assert reloaded(org.session, pooled).owner_id == org.ids["rep_a1"]
    assert reloaded(org.session, request).status == "approved"
    kinds = [n["kind"] for n in list_notifications(org.session, org.actor("rep_a1"))]
    assert kinds == ["pool_request_approved"]
    assert len(audit_rows(org.session, "customer.pool_approve")) == 1
    with pytest.raises(Conflict):
        approve_request(org.session, org.actor("leader_b"), request.id)


def test_leader_rejects_with_a_reason_and_the_customer_stays(org, team_b_leader):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    claim_customers(org.session, org.actor("rep_a1"), [pooled.id])
    request = org.session.scalar(select(PoolClaimRequest))

    with pytest.raises(ValidationFailed) as exc:
        reject_request(org.session, org.actor("leader_b"), request.id, "")
    assert exc.value.errors == {"reason": "Give a reason."}
    reject_request(org.session, org.actor("leader_b"), request.id, "Still ours")

    stored = reloaded(org.session, request)
    assert (stored.status, stored.review_reason) == ("rejected", "Still ours")
    assert reloaded(org.session, pooled).owner_id is None
    [note] = list_notifications(org.session, org.actor("rep_a1"))
    assert (note["kind"], note["params"]["reason"]) == (
        "pool_request_rejected",
        "Still ours",
    )
    # The customer may be requested again.
    assert claim_customers(org.session, org.actor("rep_a2"), [pooled.id]).requested


def test_only_the_reviewing_leader_sees_or_decides_a_request(org, team_b_leader):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    claim_customers(org.session, org.actor("rep_a1"), [pooled.id])
    request = org.session.scalar(select(PoolClaimRequest))

    for outsider in ("leader_a", "rep_a1", "rep_b1"):
        with pytest.raises(NotFound):
            approve_request(org.session, org.actor(outsider), request.id)
        with pytest.raises(NotFound):
            reject_request(org.session, org.actor(outsider), request.id, "no")
        assert list_requests(org.session, org.actor(outsider)).total == 0
    # Admins (pool.direct_assign) may decide every request.
    assert approve_request(org.session, org.actor("admin"), request.id) == "approved"


def test_direct_assignment_cancels_a_pending_request(org, team_b_leader):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    claim_customers(org.session, org.actor("rep_a1"), [pooled.id])
    request = org.session.scalar(select(PoolClaimRequest))

    assign_pool_customers(
        org.session, org.actor("admin"), [pooled.id], org.ids["rep_b1"]
    )

    assert reloaded(org.session, request).status == "cancelled"
    assert reloaded(org.session, pooled).owner_id == org.ids["rep_b1"]
    assert [
        n["kind"] for n in list_notifications(org.session, org.actor("rep_a1"))
    ] == ["pool_request_cancelled"]
    with pytest.raises(Conflict):
        approve_request(org.session, org.actor("leader_b"), request.id)


def test_approval_after_the_customer_left_the_pool_closes_the_request(
    org, team_b_leader
):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    claim_customers(org.session, org.actor("rep_a1"), [pooled.id])
    request = org.session.scalar(select(PoolClaimRequest))
    force_columns(org.session, pooled, owner_id=org.ids["rep_b1"])  # e.g. restored

    assert approve_request(org.session, org.actor("leader_b"), request.id) == (
        "cancelled"
    )
    assert reloaded(org.session, request).status == "cancelled"
    assert reloaded(org.session, pooled).owner_id == org.ids["rep_b1"]


def test_customer_without_a_leader_up_the_tree_needs_no_review(org):
    # Team B has no leader, nor do Branch and Company.
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    assert claim_customers(org.session, org.actor("rep_a1"), [pooled.id]).taken


# --- assign from the pool -------------------------------------------------------


def test_leader_assigns_pool_customers_to_a_team_member(org):
    one = make_pool_customer(org, "rep_a2", "One")
    two = make_pool_customer(org, "rep_a2", "Two")

    result = assign_pool_customers(
        org.session, org.actor("leader_a"), [one.id, two.id], org.ids["rep_a1"]
    )

    assert sorted(result.taken) == sorted([one.id, two.id])
    assert {reloaded(org.session, c).owner_id for c in (one, two)} == {
        org.ids["rep_a1"]
    }
    assert [
        n["kind"] for n in list_notifications(org.session, org.actor("rep_a1"))
    ] == ["pool_assigned", "pool_assigned"]


@pytest.mark.parametrize("target", ["rep_b1", "admin"])
def test_leader_assigns_only_to_own_team_members(org, target):
    pooled = make_pool_customer(org, "rep_a2", "One")
    with pytest.raises(ValidationFailed) as exc:
        assign_pool_customers(
            org.session, org.actor("leader_a"), [pooled.id], org.ids[target]
        )
    assert exc.value.errors == {"user_id": "Choose an active member of your team."}


def test_rep_cannot_assign(org):
    pooled = make_pool_customer(org, "rep_a2", "One")
    with pytest.raises(PermissionDenied):
        assign_pool_customers(
            org.session, org.actor("rep_a1"), [pooled.id], org.ids["rep_a1"]
        )


def test_leader_assigning_another_teams_customer_needs_review(org, team_b_leader):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    result = assign_pool_customers(
        org.session, org.actor("leader_a"), [pooled.id], org.ids["rep_a2"]
    )
    assert result.requested == [pooled.id]
    request = org.session.scalar(select(PoolClaimRequest))
    assert (request.kind, request.target_user_id) == ("assign", org.ids["rep_a2"])
    approve_request(org.session, org.actor("leader_b"), request.id)
    assert reloaded(org.session, pooled).owner_id == org.ids["rep_a2"]


def test_direct_assign_skips_the_review(org, team_b_leader):
    pooled = make_pool_customer(org, "rep_b1", "Beta Pool")
    result = assign_pool_customers(
        org.session, org.actor("admin"), [pooled.id], org.ids["rep_a1"]
    )
    assert result.taken == [pooled.id]
    assert org.session.scalar(select(PoolClaimRequest)) is None


def test_leader_deletes_pool_customers_and_restore_returns_them(org):
    from services.recycle_bin import restore_customers

    pooled = make_pool_customer(org, "rep_a2", "One")
    with pytest.raises(PermissionDenied):
        delete_pool_customers(org.session, org.actor("rep_a1"), [pooled.id])
    assert delete_pool_customers(org.session, org.actor("leader_a"), [pooled.id]) == 1
    assert pool_names(org, "leader_a") == []
    restore_customers(org.session, org.actor("leader_a"), [pooled.id])
    assert pool_names(org, "leader_a") == ["One"]


# --- team customers ------------------------------------------------------------


def test_team_customers_cover_the_team_and_sub_teams_only(org):
    customer_per_owner(org)
    page = list_team_customers(
        org.session, org.actor("leader_a", focus="me"), CustomerFilter()
    )
    assert sorted(r["owner"] for r in page.rows) == [
        "Leader A",
        "Rep A1",
        "Rep A2",
        "Rep A3",
    ]
    for viewer in ("rep_a1", "exec"):
        with pytest.raises(PermissionDenied):
            list_team_customers(org.session, org.actor(viewer), CustomerFilter())


def test_team_customers_show_the_return_deadline(org):
    set_rules(org, auto_return_enabled=True, no_followup_days=30, unsigned_days=90)
    acme = make_customer(org.session, org.actor("rep_a1"), "Acme")
    [row] = list_team_customers(
        org.session, org.actor("leader_a"), CustomerFilter()
    ).rows
    assert row["returns_at"] == acme.created_at + dt.timedelta(days=30)
    assert row["return_reason"] == "auto_no_followup"


def test_leader_reassigns_team_customers_within_the_team(org):
    customers = customer_per_owner(org)
    ids = [customers["rep_a1"].id, customers["rep_a3"].id]

    assert (
        assign_team_customers(
            org.session, org.actor("leader_a"), ids, org.ids["rep_a2"]
        )
        == 2
    )
    assert {
        reloaded(org.session, customers[o]).owner_id for o in ("rep_a1", "rep_a3")
    } == {org.ids["rep_a2"]}
    with pytest.raises(NotFound):
        assign_team_customers(
            org.session,
            org.actor("leader_a"),
            [customers["rep_b1"].id],
            org.ids["rep_a2"],
        )
    with pytest.raises(ValidationFailed):
        assign_team_customers(
            org.session, org.actor("leader_a"), ids, org.ids["rep_b1"]
        )


def test_extend_deadline_moves_the_signing_deadline(org):
    set_rules(org, auto_return_enabled=True, no_followup_days=0, unsigned_days=90)
    acme = make_customer(org.session, org.actor("rep_a1"), "Acme")

    assert extend_deadlines(org.session, org.actor("leader_a"), [acme.id], "15") == 1
    extend_deadlines(org.session, org.actor("leader_a"), [acme.id], 5)

    [row] = list_team_customers(
        org.session, org.actor("leader_a"), CustomerFilter()
    ).rows
    assert row["returns_at"] == acme.created_at + dt.timedelta(days=110)
    assert row["extension_days"] == 20
    assert [a.after for a in audit_rows(org.session, "customer.extend_deadline")] == [
        {"pool_extension_days": 15},
        {"pool_extension_days": 20},
    ]


@pytest.mark.parametrize("days", [0, -1, "x", 366, None])
def test_extend_deadline_validates_days(org, days):
    acme = make_customer(org.session, org.actor("rep_a1"), "Acme")
    with pytest.raises(ValidationFailed) as exc:
        extend_deadlines(org.session, org.actor("leader_a"), [acme.id], days)
    assert set(exc.value.errors) == {"days"}


def test_extend_deadline_is_for_leaders_in_scope(org):
    customers = customer_per_owner(org)
    with pytest.raises(PermissionDenied):
        extend_deadlines(org.session, org.actor("rep_a1"), [customers["rep_a1"].id], 5)
    with pytest.raises(NotFound):
        extend_deadlines(
            org.session, org.actor("leader_a"), [customers["rep_b1"].id], 5
        )


# --- rules ---------------------------------------------------------------------


def test_rules_default_off_then_saved_by_an_admin_with_audit(org):
    assert get_rules(org.session).auto_return_enabled is False
    rules = set_rules(org, auto_return_enabled=True, no_followup_days="20")
    assert (rules.no_followup_days, rules.version) == (20, 1)
    assert len(audit_rows(org.session, "pool.rules_update")) == 1
    with pytest.raises(Conflict):
        update_rules(org.session, org.actor("admin"), PoolRulesIn(), expected_version=0)


def test_rules_validation_collects_every_error(org):
    with pytest.raises(ValidationFailed) as exc:
        set_rules(
            org,
            no_followup_days=-1,
            unsigned_days="abc",
            max_customers_per_rep="1.5",
            warn_days=3,
            dormant_days=2,
        )
    assert set(exc.value.errors) == {
        "no_followup_days",
        "unsigned_days",
        "max_customers_per_rep",
        "warn_days",
    }


def test_only_admins_edit_rules(org):
    with pytest.raises(PermissionDenied):
        rules_detail(org.session, org.actor("leader_a"))
    with pytest.raises(PermissionDenied):
        update_rules(
            org.session, org.actor("leader_a"), PoolRulesIn(), expected_version=0
        )


def test_return_deadline_per_stage():
    rules = get_rules_like(no_followup_days=30, unsigned_days=90, dormant_days=180)
    created = dt.datetime(2026, 1, 1)
    followed = dt.datetime(2026, 3, 1)
    assert return_deadline(
        rules,
        stage="potential",
        last_followup_at=followed,
        claimed_at=None,
        created_at=created,
    ) == (dt.datetime(2026, 3, 31), "auto_no_followup")
    assert (
        return_deadline(
            rules,
            stage="potential",
            last_followup_at=followed,
            claimed_at=None,
            created_at=created,
            extension_days=100,
        )[1]
        == "auto_no_followup"
    )
    assert return_deadline(
        rules,
        stage="cooperating",
        last_followup_at=followed,
        claimed_at=None,
        created_at=created,
        extension_days=10,
    ) == (dt.datetime(2026, 9, 7), "auto_dormant")
    # A follow-up logged before the claim does not count against the new owner.
    claimed = dt.datetime(2026, 5, 1)
    assert return_deadline(
        rules,
        stage="intention",
        last_followup_at=followed,
        claimed_at=claimed,
        created_at=created,
    )[0] == (dt.datetime(2026, 5, 31))
    rules.auto_return_enabled = False
    assert (
        return_deadline(
            rules,
            stage="potential",
            last_followup_at=None,
            claimed_at=None,
            created_at=created,
        )
        is None
    )


def get_rules_like(**values):
    from models import PoolRules
    from services.pool import DEFAULT_RULES

    return PoolRules(**(DEFAULT_RULES | {"auto_return_enabled": True} | values))


def test_expiring_customers_lists_mine_within_the_warning_window(org):
    set_rules(
        org, auto_return_enabled=True, no_followup_days=30, unsigned_days=0, warn_days=3
    )
    soon = make_customer(org.session, org.actor("rep_a1"), "Soon")
    make_customer(org.session, org.actor("rep_a1"), "Later")
    force_columns(org.session, soon, created_at=utcnow() - dt.timedelta(days=28))
    assert [
        r["name"] for r in expiring_customers(org.session, org.actor("rep_a1"))
    ] == ["Soon"]
    assert expiring_customers(org.session, org.actor("rep_a2")) == []


def test_notifications_are_private(org):
    acme = make_customer(org.session, org.actor("rep_a1"), "Acme")
    release_customers(org.session, org.actor("leader_a"), [acme.id], "Stale")
    assert org.session.scalar(select(Notification.user_id)) == org.ids["rep_a1"]
    assert mark_all_read(org.session, org.actor("rep_a2")) == 0


def test_team_export_holds_only_the_team_customers(org):
    import openpyxl

    from services.pool import export_team_customers

    customer_per_owner(org)
    # The switcher's focus ("me") does not narrow the team list or its export.
    result = export_team_customers(
        org.session, org.actor("leader_a", focus="me"), CustomerFilter()
    )
    try:
        workbook = openpyxl.load_workbook(result.path)
        owners = sorted(
            row[12] for row in workbook.active.iter_rows(min_row=2, values_only=True)
        )
        workbook.close()
    finally:
        result.path.unlink()
    assert owners == ["Leader A", "Rep A1", "Rep A2", "Rep A3"]
    with pytest.raises(PermissionDenied):
        export_team_customers(org.session, org.actor("rep_a1"), CustomerFilter())
