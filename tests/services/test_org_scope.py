"""Data scope: who sees whose customers, and the scope switcher's focus."""

import pytest

from services.customers import (
    CustomerFilter,
    CustomerIn,
    get_customer,
    list_customers,
    update_customer,
)
from services.errors import NotFound
from services.org import assignable_users, build_actor, scope_options
from services.users import set_user_active
from tests.factories import (
    OUT_OF_SCOPE,
    OWNERS,
    VISIBLE_OWNERS,
    customer_per_owner,
    display_name,
)


def listed_owners(org, actor) -> set[str]:
    page = list_customers(org.session, actor, CustomerFilter(page_size=200))
    return {row["name"].removeprefix("Customer of ") for row in page.rows}


@pytest.fixture
def per_owner(org):
    return customer_per_owner(org)


def test_rep_scope_is_only_themselves(org):
    actor = org.actor("rep_a1")

    assert actor.visible_user_ids == {org.ids["rep_a1"]}


def test_leader_scope_is_their_team_and_its_sub_teams(org):
    org.add_sub_team()

    actor = org.actor("leader_a")

    assert actor.visible_user_ids == {
        org.ids[name] for name in ("leader_a", "rep_a1", "rep_a2", "rep_a3")
    }


@pytest.mark.parametrize("name", ["admin", "exec"])
def test_all_scope_is_unrestricted(org, name):
    assert org.actor(name).visible_user_ids is None


@pytest.mark.parametrize("viewer", sorted(VISIBLE_OWNERS))
def test_list_shows_exactly_the_customers_in_scope(org, per_owner, viewer):
    assert listed_owners(org, org.actor(viewer)) == VISIBLE_OWNERS[viewer]


@pytest.mark.parametrize("viewer", sorted(VISIBLE_OWNERS))
def test_get_finds_customers_in_scope(org, per_owner, viewer):
    actor = org.actor(viewer)

    found = {
        owner
        for owner in VISIBLE_OWNERS[viewer]
        if get_customer(org.session, actor, per_owner[owner].id)
    }

    assert found == VISIBLE_OWNERS[viewer]


@pytest.mark.parametrize(("viewer", "owner"), OUT_OF_SCOPE)
def test_get_outside_scope_is_not_found(org, per_owner, viewer, owner):
    with pytest.raises(NotFound):
        get_customer(org.session, org.actor(viewer), per_owner[owner].id)


def test_leader_focus_me_lists_only_own_customers(org, per_owner):
    assert listed_owners(org, org.actor("leader_a", focus="me")) == {"leader_a"}


def test_leader_focus_on_sub_team_lists_only_that_sub_team(org, per_owner):
    east_id = org.actor("rep_a3").team_id

    actor = org.actor("leader_a", focus=f"team:{east_id}")

    assert listed_owners(org, actor) == {"rep_a3"}


def test_admin_focus_on_team_b_lists_team_b_only(org, per_owner):
    actor = org.actor("admin", focus=f"team:{org.team_b.id}")

    assert listed_owners(org, actor) == {"rep_b1"}


def test_admin_focus_all_lists_everyone(org, per_owner):
    assert listed_owners(org, org.actor("admin", focus="all")) == set(OWNERS)


def test_focus_narrows_lists_but_not_reads(org, per_owner):
    actor = org.actor("leader_a", focus="me")

    customer = get_customer(org.session, actor, per_owner["rep_a1"].id)

    assert customer.id == per_owner["rep_a1"].id


def test_focus_narrows_lists_but_not_edits(org, per_owner):
    actor = org.actor("leader_a", focus="me")
    target = per_owner["rep_a1"]

    update_customer(
        org.session,
        actor,
        target.id,
        CustomerIn(name="Renamed by leader", owner_id=target.owner_id),
        expected_version=target.version,
    )

    assert get_customer(org.session, org.actor("rep_a1"), target.id).name == (
        "Renamed by leader"
    )


def test_focus_on_a_team_outside_scope_shows_nothing(org, per_owner):
    actor = org.actor("leader_a", focus=f"team:{org.team_b.id}")

    assert listed_owners(org, actor) == set()


def test_rep_focus_on_own_team_does_not_widen_scope(org, per_owner):
    actor = org.actor("rep_a1", focus=f"team:{org.team_a.id}")

    assert listed_owners(org, actor) == {"rep_a1"}


def test_leader_focus_all_falls_back_to_the_leaders_scope(org, per_owner):
    actor = org.actor("leader_a", focus="all")

    assert listed_owners(org, actor) == VISIBLE_OWNERS["leader_a"]


@pytest.mark.parametrize(
    "focus",
    [
        "",
        "bogus",
        "team:",
        "team:abc",
        "team:-1",
        "team:1.5",
        "team: 1",
        "team:999999",
        "team:99999999999999999999999",
        "team:²",
        "team:١",
        "TEAM:1",
    ],
)
def test_forged_focus_falls_back_to_the_full_scope(org, per_owner, focus):
    actor = org.actor("leader_a", focus=focus)

    assert listed_owners(org, actor) == VISIBLE_OWNERS["leader_a"]


def test_build_actor_rejects_disabled_users(org):
    set_user_active(org.session, org.actor("admin"), org.ids["rep_a1"], False)

    with pytest.raises(NotFound):
        build_actor(org.session, org.ids["rep_a1"])


def test_build_actor_rejects_unknown_users(org):
    with pytest.raises(NotFound):
        build_actor(org.session, max(org.ids.values()) + 1)


def test_actor_language_defaults_to_chinese(org):
    assert build_actor(org.session, org.ids["rep_a1"]).language == "zh_CN"


def test_rep_gets_no_scope_switcher(org):
    assert scope_options(org.session, org.actor("rep_a1")) == []


def test_leader_switcher_offers_me_and_own_team_tree(org):
    org.add_sub_team()

    options = scope_options(org.session, org.actor("leader_a"))

    assert [(o.key.split(":")[0], o.label, o.depth) for o in options] == [
        ("me", "", 0),
        ("team", "Team A", 0),
        ("team", "Team A East", 1),
    ]


def test_admin_switcher_offers_the_whole_tree_and_all(org):
    options = scope_options(org.session, org.actor("admin"))

    assert [(o.label, o.depth) for o in options] == [
        ("", 0),
        ("Company", 0),
        ("Branch", 1),
        ("Team A", 2),
        ("Team B", 2),
        ("", 0),
    ]
    assert (options[0].key, options[-1].key) == ("me", "all")


def test_assignable_users_are_active_users_in_scope(org):
    set_user_active(org.session, org.actor("admin"), org.ids["rep_a2"], False)

    users = assignable_users(org.session, org.actor("leader_a"))

    assert users == [(org.ids[n], display_name(n)) for n in ("leader_a", "rep_a1")]
