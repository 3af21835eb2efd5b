"""Team tree administration: permissions, validation, cycles, delete rules."""

import pytest

from models import Team
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.teams import (
    TeamIn,
    create_team,
    delete_team,
    leader_candidates,
    team_tree,
    update_team,
)
from tests.factories import audit_rows, reloaded


def admin(org):
    return org.actor("admin")


def branch(org) -> Team:
    return org.session.get(Team, org.team_a.parent_id)


def errors_of(call, *args) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        call(*args)
    return exc.value.errors


def edit(org, team: Team, **changes) -> TeamIn:
    """The team's current values with `changes`: what the edit form sends."""
    values = {
        "name": team.name,
        "parent_id": team.parent_id,
        "leader_id": team.leader_id,
        "sort_order": team.sort_order,
    } | changes
    return TeamIn(**values)


# --- permissions ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep_a1", "leader_a", "exec"])
def test_only_user_admins_manage_teams(org, who):
    actor = org.actor(who)
    calls = [
        lambda: team_tree(org.session, actor),
        lambda: create_team(org.session, actor, TeamIn("X", org.team_a.id)),
        lambda: update_team(
            org.session, actor, org.team_b.id, edit(org, org.team_b, name="Renamed")
        ),
        lambda: delete_team(org.session, actor, org.team_b.id),
        lambda: leader_candidates(org.session, actor, org.team_a.id),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert reloaded(org.session, org.team_b).name == "Team B"


# --- tree -----------------------------------------------------------------------


def test_tree_is_depth_first_with_counts_and_leaders(org):
    nodes = team_tree(org.session, admin(org))

    assert [
        (n.name, n.depth, n.member_count, n.child_count, n.leader_name) for n in nodes
    ] == [
        ("Company", 0, 2, 1, ""),
        ("Branch", 1, 0, 2, ""),
        ("Team A", 2, 3, 0, "Leader A"),
        ("Team B", 2, 1, 0, ""),
    ]


def test_sort_order_orders_siblings(org):
    update_team(
        org.session, admin(org), org.team_a.id, edit(org, org.team_a, sort_order=5)
    )

    names = [n.name for n in team_tree(org.session, admin(org))]
    assert names.index("Team B") < names.index("Team A")


# --- create ---------------------------------------------------------------------


def test_admin_creates_a_team_under_a_branch(org):
    team = create_team(org.session, admin(org), TeamIn(" Team C ", branch(org).id))

    stored = reloaded(org.session, team)
    assert (stored.name, stored.parent_id) == ("Team C", branch(org).id)
    (row,) = audit_rows(org.session, "team.create", team.id)
    assert row.after["name"] == "Team C"


def test_create_reports_every_field_error(org):
    errors = errors_of(
        create_team,
        org.session,
        admin(org),
        TeamIn("", 999_999, org.ids["rep_a1"], 10_000_000),
    )

    assert errors == {
        "name": "Enter a name of 1 to 100 characters.",
        "parent_id": "Unknown team.",
        "leader_id": "Choose an active member of this team or its sub-teams.",
        "sort_order": "Enter a number between -1000000 and 1000000.",
    }


def test_sibling_names_are_unique(org):
    errors = errors_of(
        create_team, org.session, admin(org), TeamIn("Team B", branch(org).id)
    )

    assert errors == {"name": "A team with this name already exists here."}


def test_same_name_under_another_parent_is_fine(org):
    create_team(org.session, admin(org), TeamIn("Team B", org.team_a.id))


# --- update: rename, move, leader -------------------------------------------------


def test_rename_and_move_are_audited(org):
    update_team(
        org.session,
        admin(org),
        org.team_b.id,
        edit(org, org.team_b, name="Team Bee", parent_id=org.company.id),
    )

    stored = reloaded(org.session, org.team_b)
    assert (stored.name, stored.parent_id) == ("Team Bee", org.company.id)
    (row,) = audit_rows(org.session, "team.update", org.team_b.id)
    assert (row.before, row.after) == (
        {"name": "Team B", "parent_id": branch(org).id},
        {"name": "Team Bee", "parent_id": org.company.id},
    )


def test_cannot_move_a_team_under_itself(org):
    errors = errors_of(
        update_team,
        org.session,
        admin(org),
        org.team_a.id,
        edit(org, org.team_a, parent_id=org.team_a.id),
    )

    assert errors == {
        "parent_id": "A team cannot be moved under itself or one of its sub-teams."
    }


def test_cannot_move_a_team_under_its_descendant(org):
    east = org.add_sub_team()

    errors = errors_of(
        update_team,
        org.session,
        admin(org),
        branch(org).id,
        edit(org, branch(org), parent_id=east.id),
    )

    assert set(errors) == {"parent_id"}
    assert reloaded(org.session, branch(org)).parent_id == org.company.id


def test_leader_may_come_from_a_sub_team(org):
    org.add_sub_team()

    update_team(
        org.session,
        admin(org),
        org.team_a.id,
        edit(org, org.team_a, leader_id=org.ids["rep_a3"]),
    )

    assert reloaded(org.session, org.team_a).leader_id == org.ids["rep_a3"]


def test_leader_must_belong_to_the_team(org):
    errors = errors_of(
        update_team,
        org.session,
        admin(org),
        org.team_a.id,
        edit(org, org.team_a, leader_id=org.ids["rep_b1"]),
    )

    assert errors == {
        "leader_id": "Choose an active member of this team or its sub-teams."
    }


def test_leader_candidates_are_active_members_of_the_subtree(org):
    org.add_sub_team()
    from services.users import set_user_active

    set_user_active(org.session, admin(org), org.ids["rep_a2"], False)

    names = [
        name for _id, name in leader_candidates(org.session, admin(org), org.team_a.id)
    ]

    assert names == ["Leader A", "Rep A1", "Rep A3"]


def test_unknown_team_is_not_found(org):
    with pytest.raises(NotFound):
        update_team(org.session, admin(org), 999_999, TeamIn("X"))


def test_unchanged_save_writes_no_audit_row(org):
    update_team(org.session, admin(org), org.team_a.id, edit(org, org.team_a))

    assert audit_rows(org.session, "team.update", org.team_a.id) == []


# --- delete ---------------------------------------------------------------------


def test_empty_team_is_deleted_and_audited(org):
    team = create_team(org.session, admin(org), TeamIn("Empty", branch(org).id))
    team_id = team.id

    delete_team(org.session, admin(org), team_id)

    assert org.session.get(Team, team_id) is None
    (row,) = audit_rows(org.session, "team.delete", team_id)
    assert row.before["name"] == "Empty"


def test_team_with_users_is_not_deleted(org):
    errors = errors_of(delete_team, org.session, admin(org), org.team_b.id)

    assert errors == {"users": "The team still has users: move them to another team."}
    assert org.session.get(Team, org.team_b.id) is not None


def test_team_with_only_disabled_users_is_not_deleted(org):
    from services.users import set_user_active

    set_user_active(org.session, admin(org), org.ids["rep_b1"], False)

    assert set(errors_of(delete_team, org.session, admin(org), org.team_b.id)) == {
        "users"
    }


def test_team_with_sub_teams_is_not_deleted(org):
    errors = errors_of(delete_team, org.session, admin(org), branch(org).id)

    assert errors == {
        "sub_teams": "The team still has sub-teams: move or delete them first."
    }
