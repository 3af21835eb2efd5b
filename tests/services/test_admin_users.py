"""User administration for the admin pages: list/search, create with a generated
password, edit, disable (ends sessions), reset."""

import pytest
from sqlalchemy import select

from models import Customer, Role, User
from services.admin_users import (
    Handover,
    UserFilter,
    UserIn,
    create_account,
    disable_with_handover,
    list_users,
    owned_customer_count,
    reset_user_password,
    set_active,
    supervisor_choices,
    update_user,
)
from services.auth import authenticate, change_own_password, session_is_current
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.passwords import password_problem, verify_password
from services.teams import TeamIn, update_team
from services.users import reset_password
from tests.factories import PASSWORD, audit_rows, make_customer, reloaded


def admin(org):
    return org.actor("admin")


def role_id(org, code: str) -> int:
    return org.session.scalar(select(Role.id).where(Role.code == code))


def user(org, name: str) -> User:
    return org.session.get(User, org.ids[name])


def new_user(org, **changes) -> UserIn:
    values = {
        "username": "newbie",
        "password": PASSWORD,
        "display_name": "New Bie",
        "team_id": org.team_b.id,
        "role_id": role_id(org, "rep"),
    } | changes
    return UserIn(**values)


def as_form(existing: User, **changes) -> UserIn:
    values = {
        "display_name": existing.display_name,
        "email": existing.email,
        "mobile": existing.mobile,
        "team_id": existing.team_id,
        "supervisor_id": existing.supervisor_id,
        "role_id": existing.role_id,
        "language": existing.language,
    } | changes
    return UserIn(**values)


def errors_of(call, *args) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        call(*args)
    return exc.value.errors


def usernames(org, **flt) -> list[str]:
    page = list_users(org.session, admin(org), UserFilter(**flt))
    return [row["username"] for row in page.rows]


# --- permissions ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep_a1", "leader_a", "exec"])
def test_only_user_admins_manage_users(org, who):
    actor = org.actor(who)
    target = user(org, "rep_a2")
    calls = [
        lambda: list_users(org.session, actor, UserFilter()),
        lambda: create_account(org.session, actor, new_user(org)),
        lambda: update_user(
            org.session,
            actor,
            target.id,
            as_form(target, role_id=role_id(org, "admin")),
        ),
        lambda: set_active(org.session, actor, target.id, False),
        lambda: reset_user_password(org.session, actor, target.id, None),
        lambda: owned_customer_count(org.session, actor, target.id),
        lambda: supervisor_choices(org.session, actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    stored = reloaded(org.session, target)
    assert (stored.role_id, stored.is_active, stored.session_version) == (
        role_id(org, "rep"),
        True,
        1,
    )
    assert verify_password(stored.password_hash, PASSWORD)


# --- list -----------------------------------------------------------------------


def test_list_joins_team_role_and_supervisor(org):
    rep = user(org, "rep_a1")
    update_user(
        org.session, admin(org), rep.id, as_form(rep, supervisor_id=org.ids["leader_a"])
    )

    page = list_users(org.session, admin(org), UserFilter(search="rep_a1"))

    (row,) = page.rows
    assert (row["team"], row["role_en"], row["role_zh"], row["supervisor"]) == (
        "Team A",
        "Sales rep",
        "销售代表",
        "Leader A",
    )


def test_search_matches_username_name_email_and_mobile(org):
    rep = user(org, "rep_b1")
    update_user(
        org.session,
        admin(org),
        rep.id,
        as_form(rep, email="bee@example.com", mobile="13811112222"),
    )

    assert usernames(org, search="bee@") == ["rep_b1"]
    assert usernames(org, search="1381111") == ["rep_b1"]
    assert usernames(org, search="Leader") == ["leader_a"]


def test_team_filter_covers_sub_teams(org):
    org.add_sub_team()

    assert usernames(org, team_id=org.team_a.id) == [
        "leader_a",
        "rep_a1",
        "rep_a2",
        "rep_a3",
    ]


def test_role_and_active_filters(org):
    set_active(org.session, admin(org), org.ids["rep_a2"], False)

    assert usernames(org, role_id=role_id(org, "rep"), active=True) == [
        "rep_a1",
        "rep_b1",
    ]
    assert usernames(org, active=False) == ["rep_a2"]
    assert list_users(org.session, admin(org), UserFilter(page_size=2)).total == 6


# --- create ---------------------------------------------------------------------


def test_admin_creates_a_user_with_a_chosen_password(org):
    created, generated = create_account(
        org.session,
        admin(org),
        new_user(
            org,
            mobile="13800138000",
            email="n@example.com",
            language="en",
            supervisor_id=org.ids["admin"],
        ),
    )

    stored = reloaded(org.session, created)
    assert generated is None
    assert (
        stored.username,
        stored.team_id,
        stored.mobile,
        stored.email,
        stored.language,
        stored.supervisor_id,
    ) == (
        "newbie",
        org.team_b.id,
        "13800138000",
        "n@example.com",
        "en",
        org.ids["admin"],
    )
    assert verify_password(stored.password_hash, PASSWORD)
    (row,) = audit_rows(org.session, "user.create", created.id)
    assert row.after["username"] == "newbie"
    assert "password_hash" not in row.after


def test_empty_password_is_generated_and_returned_once(org):
    created, generated = create_account(
        org.session, admin(org), new_user(org, password="")
    )

    assert generated and password_problem(generated) is None
    assert verify_password(reloaded(org.session, created).password_hash, generated)
    assert authenticate(org.session, "newbie", generated).user_id == created.id


def test_create_reports_every_field_error(org):
    errors = errors_of(
        create_account,
        org.session,
        admin(org),
        UserIn(
            username="rep_a1",
            password="short",
            display_name="d" * 101,
            email="nope",
            mobile="123",
            team_id=999_999,
            role_id=999_999,
            supervisor_id=999_999,
            language="fr",
        ),
    )

    assert errors == {
        "username": "This username is taken.",
        "password": "Use at least 8 characters.",
        "display_name": "Enter a name of 1 to 100 characters.",
        "email": "Enter a valid email address.",
        "mobile": "Enter an 11-digit mobile number starting with 1.",
        "team_id": "Unknown team.",
        "role_id": "Unknown role.",
        "supervisor_id": "Choose an active user.",
        "language": "Unknown language.",
    }


def test_username_with_spaces_is_rejected(org):
    assert errors_of(
        create_account, org.session, admin(org), new_user(org, username="new bie")
    ) == {"username": "Enter a username of 1 to 50 characters."}


# --- edit -----------------------------------------------------------------------


def test_edit_is_audited_with_changed_fields_only(org):
    rep = user(org, "rep_b1")

    update_user(
        org.session,
        admin(org),
        rep.id,
        as_form(
            rep,
            display_name="Bee",
            team_id=org.team_a.id,
            role_id=role_id(org, "leader"),
            language="zh_CN",
        ),
    )

    stored = reloaded(org.session, rep)
    assert (stored.display_name, stored.team_id, stored.role.code, stored.language) == (
        "Bee",
        org.team_a.id,
        "leader",
        "zh_CN",
    )
    (row,) = audit_rows(org.session, "user.update", rep.id)
    assert set(row.after) == {"display_name", "team_id", "role_id", "language"}


def test_team_change_applies_to_the_next_actor(org):
    rep = user(org, "rep_b1")
    update_user(org.session, admin(org), rep.id, as_form(rep, team_id=org.team_a.id))

    assert org.ids["rep_b1"] in org.actor("leader_a").visible_user_ids


def test_supervisor_cannot_form_a_loop(org):
    leader = user(org, "leader_a")
    rep = user(org, "rep_a1")
    update_user(org.session, admin(org), rep.id, as_form(rep, supervisor_id=leader.id))

    assert errors_of(
        update_user,
        org.session,
        admin(org),
        leader.id,
        as_form(leader, supervisor_id=rep.id),
    ) == {
        "supervisor_id": (
            "A user cannot report to themselves or to someone who reports to them."
        )
    }
    assert set(
        errors_of(
            update_user,
            org.session,
            admin(org),
            rep.id,
            as_form(rep, supervisor_id=rep.id),
        )
    ) == {"supervisor_id"}


def test_admin_cannot_drop_own_user_administration(org):
    me = user(org, "admin")

    assert errors_of(
        update_user,
        org.session,
        admin(org),
        me.id,
        as_form(me, role_id=role_id(org, "rep")),
    ) == {"role_id": "You cannot take user administration away from yourself."}


def test_moving_a_leader_away_clears_the_leadership(org):
    leader = user(org, "leader_a")

    update_user(
        org.session, admin(org), leader.id, as_form(leader, team_id=org.team_b.id)
    )

    assert reloaded(org.session, org.team_a).leader_id is None
    (row,) = audit_rows(org.session, "team.update", org.team_a.id)
    assert row.after == {"leader_id": None}


def test_moving_a_leader_into_a_sub_team_keeps_the_leadership(org):
    east = org.add_sub_team()
    leader = user(org, "leader_a")

    update_user(org.session, admin(org), leader.id, as_form(leader, team_id=east.id))

    assert reloaded(org.session, org.team_a).leader_id == leader.id


def test_editing_an_unknown_user_is_not_found(org):
    with pytest.raises(NotFound):
        update_user(org.session, admin(org), 999_999, UserIn())


# --- disable / reset --------------------------------------------------------------


def test_disable_ends_sessions_and_blocks_login(org):
    rep = user(org, "rep_a1")
    version = rep.session_version

    set_active(org.session, admin(org), rep.id, False)

    assert not session_is_current(org.session, rep.id, version)
    assert authenticate(org.session, "rep_a1", PASSWORD).user_id is None
    with pytest.raises(NotFound):
        org.actor("rep_a1")


def test_disabled_user_keeps_customers_for_the_handover(org):
    make_customer(org.session, org.actor("rep_a1"), "Kept Co")

    set_active(org.session, admin(org), org.ids["rep_a1"], False)

    assert owned_customer_count(org.session, admin(org), org.ids["rep_a1"]) == 1


def test_enable_lets_the_user_back_in(org):
    set_active(org.session, admin(org), org.ids["rep_a1"], False)
    set_active(org.session, admin(org), org.ids["rep_a1"], True)

    assert authenticate(org.session, "rep_a1", PASSWORD).user_id == org.ids["rep_a1"]


def test_admin_reset_generates_a_password_and_ends_sessions(org):
    rep = user(org, "rep_a1")
    version = rep.session_version

    generated = reset_user_password(org.session, admin(org), rep.id, "")

    stored = reloaded(org.session, rep)
    assert verify_password(stored.password_hash, generated)
    assert not session_is_current(org.session, rep.id, version)
    assert audit_rows(org.session, "user.password_reset", rep.id)


def test_admin_reset_to_a_chosen_password(org):
    assert (
        reset_user_password(org.session, admin(org), org.ids["rep_a1"], "Other-789")
        is None
    )
    assert verify_password(user(org, "rep_a1").password_hash, "Other-789")


def test_supervisor_choices_skip_disabled_users(org):
    set_active(org.session, admin(org), org.ids["rep_a2"], False)

    labels = [label for _id, label in supervisor_choices(org.session, admin(org))]

    assert "Rep A2 (rep_a2)" not in labels
    assert "Rep A1 (rep_a1)" in labels


def test_leader_set_via_teams_survives_a_user_edit(org):
    rep = user(org, "rep_b1")
    update_team(
        org.session,
        admin(org),
        org.team_b.id,
        TeamIn("Team B", org.team_b.parent_id, rep.id),
    )

    update_user(org.session, admin(org), rep.id, as_form(rep, display_name="B1"))

    assert reloaded(org.session, org.team_b).leader_id == rep.id


def live_owned(org, name: str) -> list[int]:
    return sorted(
        org.session.scalars(
            select(Customer.id).where(
                Customer.owner_id == org.ids[name], Customer.deleted_at.is_(None)
            )
        )
    )


def test_disable_hands_customers_to_another_user_in_one_action(org):
    rep = org.actor("rep_a1")
    mine = [make_customer(org.session, rep, f"C{i}").id for i in range(3)]
    moved = disable_with_handover(
        org.session,
        admin(org),
        org.ids["rep_a1"],
        Handover("transfer", to_user_id=org.ids["rep_a2"], reason="Left the company"),
    )
    assert moved == 3
    assert live_owned(org, "rep_a1") == []
    assert set(mine) <= set(live_owned(org, "rep_a2"))
    assert user(org, "rep_a1").is_active is False


def test_disable_can_release_customers_to_the_pool(org):
    make_customer(org.session, org.actor("rep_a1"), "Pooled")
    moved = disable_with_handover(
        org.session, admin(org), org.ids["rep_a1"], Handover("release", reason="Left")
    )
    assert moved == 1
    assert live_owned(org, "rep_a1") == []
    assert user(org, "rep_a1").is_active is False


def test_disable_keeping_customers_moves_nothing(org):
    make_customer(org.session, org.actor("rep_a1"), "Kept")
    assert (
        disable_with_handover(
            org.session, admin(org), org.ids["rep_a1"], Handover("keep")
        )
        == 0
    )
    assert len(live_owned(org, "rep_a1")) == 1


def test_failed_handover_leaves_the_user_active(org):
    make_customer(org.session, org.actor("rep_a1"), "Stays")
    with pytest.raises(ValidationFailed) as exc:
        disable_with_handover(
            org.session, admin(org), org.ids["rep_a1"], Handover("release", reason="")
        )
    assert set(exc.value.errors) == {"reason"}
    assert user(org, "rep_a1").is_active is True


def test_only_user_admins_disable_with_handover(org):
    with pytest.raises(PermissionDenied):
        disable_with_handover(
            org.session, org.actor("leader_a"), org.ids["rep_a1"], Handover("keep")
        )


# --- admin-set passwords must be replaced ------------------------------------------


def test_a_created_account_must_choose_its_own_password(org):
    created, _generated = create_account(org.session, admin(org), new_user(org))

    assert reloaded(org.session, created).must_change_password is True
    assert authenticate(org.session, "newbie", PASSWORD).user_id == created.id


def test_an_admin_reset_requires_a_new_password_at_next_login(org):
    reset_user_password(org.session, admin(org), org.ids["rep_a1"], "Other-789")

    assert user(org, "rep_a1").must_change_password is True


def test_a_command_line_reset_does_not_require_a_change(org):
    reset_password(org.session, None, org.ids["rep_a1"], "Other-789")

    assert user(org, "rep_a1").must_change_password is False


def test_changing_the_own_password_clears_the_requirement(org):
    reset_user_password(org.session, admin(org), org.ids["rep_a1"], "Other-789")

    change_own_password(
        org.session, org.actor("rep_a1"), "Other-789", "Mine-12345", "Mine-12345"
    )

    assert user(org, "rep_a1").must_change_password is False
