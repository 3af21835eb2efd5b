"""User administration: create, enable/disable, reset password, seeded roles."""

import pytest
from sqlalchemy import func, select

from models import Role, User
from services.errors import NotFound, PermissionDenied, ValidationFailed
from services.passwords import verify_password
from services.permissions import SEEDED_ROLES
from services.users import create_user, ensure_roles, reset_password, set_user_active
from tests.factories import PASSWORD, audit_rows, reloaded


def new_user(org, actor="admin", **fields) -> User:
    data = {
        "username": "newbie",
        "password": PASSWORD,
        "display_name": "New Bie",
        "role_code": "rep",
        "team_id": org.team_a.id,
    } | fields
    return create_user(org.session, org.actor(actor) if actor else None, **data)


def create_errors(org, **fields) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as exc:
        new_user(org, **fields)
    return exc.value.errors


def user_count(org) -> int:
    return org.session.scalar(select(func.count()).select_from(User))


# --- create ---------------------------------------------------------------------


def test_admin_creates_a_user(org):
    user = new_user(
        org, supervisor_id=org.ids["leader_a"], email="n@example.com", language="en"
    )

    stored = reloaded(org.session, user)
    assert (
        stored.username,
        stored.display_name,
        stored.role.code,
        stored.team_id,
        stored.supervisor_id,
        stored.email,
        stored.language,
        stored.is_active,
    ) == (
        "newbie",
        "New Bie",
        "rep",
        org.team_a.id,
        org.ids["leader_a"],
        "n@example.com",
        "en",
        True,
    )


def test_password_is_stored_hashed(org):
    stored = reloaded(org.session, new_user(org))

    assert stored.password_hash != PASSWORD
    assert verify_password(stored.password_hash, PASSWORD)


def test_username_is_trimmed_and_display_name_defaults_to_it(org):
    stored = reloaded(org.session, new_user(org, username=" newbie ", display_name=""))

    assert (stored.username, stored.display_name) == ("newbie", "newbie")


def test_command_line_creates_users_without_an_actor(org):
    user = new_user(org, actor=None)

    (row,) = audit_rows(org.session, "user.create", user.id)
    assert (row.actor_id, row.after) == (
        None,
        {"username": "newbie", "role": "rep", "team_id": org.team_a.id},
    )


def test_rep_cannot_create_users(org):
    with pytest.raises(PermissionDenied):
        new_user(org, actor="rep_a1")


def test_every_field_error_is_reported_at_once(org):
    errors = create_errors(
        org,
        username="  ",
        password="short",
        role_code="wizard",
        team_id=999_999,
        supervisor_id=999_999,
        display_name="d" * 101,
        email="not-an-email",
        language="fr",
    )

    assert errors == {
        "username": "Enter a username of 1 to 50 characters.",
        "password": "Use at least 8 characters.",
        "role": "Unknown role.",
        "team": "Unknown team.",
        "supervisor": "Unknown user.",
        "display_name": "At most 100 characters.",
        "email": "Enter a valid email address.",
        "language": "Unknown language.",
    }


def test_username_longer_than_50_is_rejected(org):
    assert create_errors(org, username="u" * 51) == {
        "username": "Enter a username of 1 to 50 characters."
    }


def test_username_must_be_unique(org):
    assert create_errors(org, username="rep_a1") == {
        "username": "This username is taken."
    }


def test_invalid_user_is_not_created(org):
    before = user_count(org)

    create_errors(org, password="short")

    assert user_count(org) == before


# --- enable / disable -------------------------------------------------------------


def test_disable_and_enable_are_audited(org):
    admin = org.actor("admin")
    set_user_active(org.session, admin, org.ids["rep_a1"], False)
    set_user_active(org.session, admin, org.ids["rep_a1"], True)

    rows = [
        r
        for r in audit_rows(org.session, object_id=org.ids["rep_a1"])
        if r.action in ("user.disable", "user.enable")
    ]
    assert [(r.action, r.after) for r in rows] == [
        ("user.disable", {"is_active": False}),
        ("user.enable", {"is_active": True}),
    ]


def test_admin_cannot_disable_themselves(org):
    with pytest.raises(ValidationFailed) as exc:
        set_user_active(org.session, org.actor("admin"), org.ids["admin"], False)

    assert exc.value.errors == {"user": "You cannot disable yourself."}
    assert reloaded(org.session, org.session.get(User, org.ids["admin"])).is_active


def test_leader_cannot_disable_users(org):
    with pytest.raises(PermissionDenied):
        set_user_active(org.session, org.actor("leader_a"), org.ids["rep_a1"], False)


def test_disabling_an_unknown_user_is_not_found(org):
    with pytest.raises(NotFound):
        set_user_active(org.session, org.actor("admin"), 999_999, False)


# --- reset password -----------------------------------------------------------


def test_rep_cannot_reset_passwords(org):
    with pytest.raises(PermissionDenied):
        reset_password(org.session, org.actor("rep_a1"), org.ids["rep_a2"], "Other-789")


def test_reset_to_a_weak_password_is_rejected(org):
    with pytest.raises(ValidationFailed) as exc:
        reset_password(org.session, org.actor("admin"), org.ids["rep_a1"], "abcdefgh")

    assert exc.value.errors == {"password": "Mix letters with digits or symbols."}


def test_reset_for_an_unknown_user_is_not_found(org):
    with pytest.raises(NotFound):
        reset_password(org.session, org.actor("admin"), 999_999, "Other-789")


def test_command_line_can_reset_passwords(org):
    reset_password(org.session, None, org.ids["admin"], "Other-789")

    stored = reloaded(org.session, org.session.get(User, org.ids["admin"]))
    assert verify_password(stored.password_hash, "Other-789")


# --- roles ---------------------------------------------------------------------


def test_seeded_roles_exist_once(org):
    ensure_roles(org.session)

    codes = org.session.scalars(select(Role.code).order_by(Role.code)).all()
    assert codes == sorted(SEEDED_ROLES)


def test_ensure_roles_keeps_an_admins_edits(org):
    rep = org.session.scalar(select(Role).where(Role.code == "rep"))
    rep.permissions = ["customer.view"]

    ensure_roles(org.session)

    assert reloaded(org.session, rep).permissions == ["customer.view"]
