"""Role administration: permissions, validation, delete rules, and that a change
reaches the user on the next request (the Actor is rebuilt from the database)."""

import pytest
from sqlalchemy import select

from models import Role, User
from services.admin_users import UserIn, update_user
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.permissions import ALL_PERMISSIONS, CUSTOMER_DELETE, CUSTOMER_VIEW
from services.roles import RoleIn, create_role, delete_role, list_roles, update_role
from tests.factories import audit_rows, reloaded


def admin(org):
    return org.actor("admin")


def role(org, code: str) -> Role:
    return org.session.scalar(select(Role).where(Role.code == code))


def viewer(**changes) -> RoleIn:
    values = {
        "code": "viewer",
        "name_en": "Viewer",
        "name_zh": "只读",
        "permissions": (CUSTOMER_VIEW,),
        "data_scope": "own",
    } | changes
    return RoleIn(**values)


def errors_of(call, *args) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        call(*args)
    return exc.value.errors


def as_form(existing: Role, **changes) -> RoleIn:
    values = {
        "name_en": existing.name_en,
        "name_zh": existing.name_zh,
        "permissions": tuple(existing.permissions),
        "data_scope": existing.data_scope,
    } | changes
    return RoleIn(**values)


@pytest.mark.parametrize("who", ["rep_a1", "leader_a", "exec"])
def test_only_user_admins_manage_roles(org, who):
    actor = org.actor(who)
    rep = role(org, "rep")
    calls = [
        lambda: list_roles(org.session, actor),
        lambda: create_role(org.session, actor, viewer()),
        lambda: update_role(
            org.session, actor, rep.id, as_form(rep, permissions=ALL_PERMISSIONS)
        ),
        lambda: delete_role(org.session, actor, rep.id),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert CUSTOMER_DELETE in reloaded(org.session, rep).permissions
    assert "admin.users" not in reloaded(org.session, rep).permissions


def test_list_shows_user_counts_seeded_roles_first(org):
    create_role(org.session, admin(org), viewer())

    rows = list_roles(org.session, admin(org))

    assert [(r["code"], r["user_count"], r["seeded"]) for r in rows] == [
        ("admin", 1, True),
        ("executive", 1, True),
        ("leader", 1, True),
        ("rep", 3, True),
        ("finance", 0, True),
        ("viewer", 0, False),
    ]


def test_admin_creates_a_role_in_permission_order(org):
    created = create_role(
        org.session,
        admin(org),
        viewer(permissions=(CUSTOMER_DELETE, CUSTOMER_VIEW, CUSTOMER_VIEW)),
    )

    stored = reloaded(org.session, created)
    assert (
        stored.code,
        stored.name_en,
        stored.name_zh,
        stored.permissions,
        stored.data_scope,
    ) == ("viewer", "Viewer", "只读", [CUSTOMER_VIEW, CUSTOMER_DELETE], "own")
    (row,) = audit_rows(org.session, "role.create", created.id)
    assert row.after["code"] == "viewer"


def test_create_reports_every_field_error(org):
    errors = errors_of(
        create_role,
        org.session,
        admin(org),
        RoleIn(
            code="Bad Code",
            name_en="",
            name_zh="x" * 101,
            permissions=("customer.view", "wizard.fly"),
            data_scope="galaxy",
        ),
    )

    assert errors == {
        "code": "Use 2 to 50 lowercase letters, digits or underscores, "
        "starting with a letter.",
        "name_en": "Enter a name of 1 to 100 characters.",
        "name_zh": "Enter a name of 1 to 100 characters.",
        "permissions": "Unknown permission.",
        "data_scope": "Choose a data scope.",
    }


def test_codes_and_names_are_unique(org):
    errors = errors_of(
        create_role,
        org.session,
        admin(org),
        viewer(code="rep", name_en="Sales rep", name_zh="销售代表"),
    )

    assert errors == {
        "code": "This code is taken.",
        "name_en": "A role with this name already exists.",
        "name_zh": "A role with this name already exists.",
    }


def test_edit_changes_names_permissions_and_scope_not_the_code(org):
    rep = role(org, "rep")

    update_role(
        org.session,
        admin(org),
        rep.id,
        as_form(
            rep,
            name_en="Rep",
            permissions=(CUSTOMER_VIEW,),
            data_scope="team",
            code="hacked",
        ),
    )

    stored = reloaded(org.session, rep)
    assert (stored.code, stored.name_en, stored.permissions, stored.data_scope) == (
        "rep",
        "Rep",
        [CUSTOMER_VIEW],
        "team",
    )
    (row,) = audit_rows(org.session, "role.update", rep.id)
    assert row.after == {
        "name_en": "Rep",
        "permissions": [CUSTOMER_VIEW],
        "data_scope": "team",
    }


def test_admin_cannot_remove_user_administration_from_own_role(org):
    own = role(org, "admin")

    errors = errors_of(
        update_role,
        org.session,
        admin(org),
        own.id,
        as_form(own, permissions=(CUSTOMER_VIEW,)),
    )

    assert errors == {
        "permissions": "You cannot remove user administration from your own role."
    }


def test_unknown_role_is_not_found(org):
    with pytest.raises(NotFound):
        update_role(org.session, admin(org), 999_999, viewer())


# --- delete ---------------------------------------------------------------------


def test_unused_custom_role_is_deleted(org):
    role_id = create_role(org.session, admin(org), viewer()).id

    delete_role(org.session, admin(org), role_id)

    assert org.session.get(Role, role_id) is None
    assert audit_rows(org.session, "role.delete", role_id)[0].before["code"] == "viewer"


def test_seeded_roles_cannot_be_deleted(org):
    finance = role(org, "finance")  # unused, but built in

    assert errors_of(delete_role, org.session, admin(org), finance.id) == {
        "role": "Built-in roles cannot be deleted."
    }


def test_role_in_use_cannot_be_deleted(org):
    custom = create_role(org.session, admin(org), viewer())
    user = org.session.get(User, org.ids["rep_b1"])
    user.role_id = custom.id
    org.session.flush()

    assert errors_of(delete_role, org.session, admin(org), custom.id) == {
        "role": "The role is still assigned to users (disabled ones too)."
    }


# --- effective on the next request -------------------------------------------------


def test_permission_change_reaches_the_next_actor(org):
    before = org.actor("rep_a1")
    rep = role(org, "rep")

    update_role(
        org.session,
        admin(org),
        rep.id,
        as_form(rep, permissions=(CUSTOMER_VIEW,), data_scope="all"),
    )

    after = org.actor("rep_a1")
    assert before.can(CUSTOMER_DELETE) and not after.can(CUSTOMER_DELETE)
    assert (before.visible_user_ids is not None, after.visible_user_ids) == (True, None)


def test_role_assignment_reaches_the_next_actor(org):
    custom = create_role(org.session, admin(org), viewer())
    user = org.session.get(User, org.ids["rep_a1"])

    update_user(
        org.session,
        admin(org),
        user.id,
        UserIn(display_name=user.display_name, team_id=user.team_id, role_id=custom.id),
    )

    actor = org.actor("rep_a1")
    assert (actor.role_code, actor.permissions) == ("viewer", {CUSTOMER_VIEW})
