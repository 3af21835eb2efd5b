"""Appearance: company name and theme colour (validation, optimistic lock, audit),
the logo (type by content, size limit), and each role's pinned navigation
(0 or 2–5 distinct paths); on both backends."""

import dataclasses

import pytest
from sqlalchemy import select

from models import Role
from services.appearance import (
    DEFAULT_COMPANY_NAME,
    LOGO_TOO_LARGE,
    LOGO_WRONG_TYPE,
    MAX_LOGO_BYTES,
    PALETTE,
    actor_pinned_nav,
    get_appearance,
    list_role_pins,
    logo_image,
    readable_text_color,
    remove_logo,
    role_pinned_nav,
    set_logo,
    set_role_pinned_nav,
    theme_color,
    update_appearance,
)
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.permissions import ADMIN_SETTINGS, ADMIN_USERS
from tests.factories import audit_rows

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x40\x00\x00\x00WEBPVP8 " + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
GIF = b"GIF89a" + b"\x00" * 64
PINS = ["/customers", "/leads", "/pool"]


def save(org, actor="admin", *, version=0, name="Acme Trading", color="#0d9488"):
    return update_appearance(
        org.session,
        org.actor(actor),
        company_name=name,
        theme_color=color,
        version=version,
    )


def role_id(org, code: str) -> int:
    return org.session.scalar(select(Role.id).where(Role.code == code))


def errors_of(call, *args, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as exc:
        call(*args, **kwargs)
    return exc.value


def with_permissions(org, name: str, *permissions: str):
    return dataclasses.replace(org.actor(name), permissions=frozenset(permissions))


# --- company name and theme colour ----------------------------------------------


def test_defaults_apply_until_an_admin_saves(org):
    appearance = get_appearance(org.session)
    assert (appearance.company_name, appearance.display_name) == (
        None,
        DEFAULT_COMPANY_NAME,
    )
    assert (appearance.theme_color, appearance.version) == ("#2563eb", 0)
    assert not appearance.has_logo
    assert theme_color(org.session) == "#2563eb"


def test_admin_saves_name_and_colour_with_audit(org):
    appearance = save(org, name="  Acme Trading ", color="#0D9488")
    assert (appearance.company_name, appearance.theme_color) == (
        "Acme Trading",
        "#0d9488",
    )
    assert appearance.version == 1
    assert theme_color(org.session) == "#0d9488"
    (entry,) = audit_rows(org.session, "appearance.update")
    assert (entry.object_type, entry.actor_id) == ("appearance", org.ids["admin"])
    assert entry.after == {"company_name": "Acme Trading", "theme_color": "#0d9488"}
    assert entry.before == {"company_name": None, "theme_color": "#2563eb"}


def test_audit_names_only_what_changed(org):
    save(org)
    save(org, version=1, name="Acme Trading", color="#dc2626")
    entry = audit_rows(org.session, "appearance.update")[-1]
    assert (entry.before, entry.after) == (
        {"theme_color": "#0d9488"},
        {"theme_color": "#dc2626"},
    )


def test_empty_company_name_falls_back_to_pelago(org):
    appearance = save(org, name="   ")
    assert appearance.company_name is None
    assert appearance.display_name == "Pelago"


def test_validation_reports_every_field_at_once(org):
    error = errors_of(save, org, name="x" * 101, color="blue")
    assert set(error.errors) == {"company_name", "theme_color"}
    assert error.params["limit"] == 100
    assert get_appearance(org.session).version == 0


@pytest.mark.parametrize(
    "color", ["#abc", "123456", "#12345g", "#1234567", "", None, "rgb(1, 2, 3)"]
)
def test_malformed_colours_are_refused(org, color):
    assert set(errors_of(save, org, color=color).errors) == {"theme_color"}


@pytest.mark.parametrize(
    ("color", "stored"), [("#ABCDEF", "#abcdef"), (" #123456 ", "#123456")]
)
def test_custom_hex_colours_are_stored_lower_case(org, color, stored):
    assert save(org, color=color).theme_color == stored


def test_every_palette_colour_is_valid_and_keeps_white_text(org):
    version = 0
    for _code, _label, color in PALETTE:
        version = save(org, version=version, color=color).version
        assert readable_text_color(color) == "#ffffff"


def test_pale_custom_colour_gets_dark_text():
    assert readable_text_color("#fde047") != "#ffffff"


@pytest.mark.parametrize("user", ["rep_a1", "leader_a", "exec"])
def test_only_settings_admins_change_the_appearance(org, user):
    with pytest.raises(PermissionDenied):
        save(org, user)
    with pytest.raises(PermissionDenied):
        set_logo(org.session, org.actor(user), PNG, "logo.png")
    with pytest.raises(PermissionDenied):
        remove_logo(org.session, org.actor(user))
    assert get_appearance(org.session).version == 0


def test_a_stale_form_gets_a_conflict_naming_who_saved(org):
    org.add_user("admin2", "admin", org.company)
    save(org, "admin2")
    with pytest.raises(Conflict) as exc:
        save(org, version=0, color="#dc2626")
    assert exc.value.params == {"name": "Admin2"}
    assert theme_color(org.session) == "#0d9488"


# --- logo -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "mime"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")]
)
def test_logo_type_comes_from_its_content(org, data, mime):
    appearance = set_logo(org.session, org.actor("admin"), data, "whatever.bin")
    assert (appearance.has_logo, appearance.logo_mime) == (True, mime)
    stored, stored_mime, uploaded_at = logo_image(org.session)
    assert (stored, stored_mime) == (data, mime)
    assert uploaded_at is not None


@pytest.mark.parametrize("data", [SVG, GIF, b"", b"hello world", b"RIFF1234AVI "])
def test_other_files_are_refused_at_the_logo_field(org, data):
    error = errors_of(set_logo, org.session, org.actor("admin"), data, "logo.png")
    assert error.errors == {"logo": LOGO_WRONG_TYPE}
    assert logo_image(org.session) is None


def test_logo_size_limit_is_512_kb(org):
    exact = PNG[:8] + b"\x00" * (MAX_LOGO_BYTES - 8)
    assert set_logo(org.session, org.actor("admin"), exact, "a.png").has_logo
    error = errors_of(
        set_logo, org.session, org.actor("admin"), exact + b"\x00", "b.png"
    )
    assert (error.errors, error.params) == ({"logo": LOGO_TOO_LARGE}, {"limit": 512})
    assert len(logo_image(org.session)[0]) == MAX_LOGO_BYTES


def test_logo_upload_is_audited_and_changes_the_cache_token(org):
    first = set_logo(org.session, org.actor("admin"), PNG, "first.png")
    second = set_logo(org.session, org.actor("admin"), JPEG, "second.jpg")
    assert first.logo_token != second.logo_token
    entry = audit_rows(org.session, "appearance.logo_set")[-1]
    assert entry.object_type == "appearance"
    assert entry.after == {"logo": "second.jpg", "mime": "image/jpeg", "bytes": 68}


def test_logo_changes_leave_the_colour_form_current(org):
    version = save(org).version
    set_logo(org.session, org.actor("admin"), PNG, "logo.png")
    remove_logo(org.session, org.actor("admin"))
    assert save(org, version=version, color="#7c3aed").theme_color == "#7c3aed"


def test_remove_logo_goes_back_to_the_name_with_audit(org):
    set_logo(org.session, org.actor("admin"), PNG, "logo.png")
    appearance = remove_logo(org.session, org.actor("admin"))
    assert not appearance.has_logo
    assert logo_image(org.session) is None
    (entry,) = audit_rows(org.session, "appearance.logo_remove")
    assert entry.before == {"mime": "image/png"}


def test_removing_no_logo_changes_nothing(org):
    remove_logo(org.session, org.actor("admin"))
    assert audit_rows(org.session, "appearance.logo_remove") == []


# --- pinned navigation --------------------------------------------------------------


@pytest.mark.parametrize("paths", [[], PINS[:2], PINS, [f"/p{n}" for n in range(5)]])
def test_zero_or_two_to_five_entries_may_be_pinned(org, paths):
    rep_role = role_id(org, "rep")
    assert set_role_pinned_nav(org.session, org.actor("admin"), rep_role, paths) == (
        paths
    )
    assert role_pinned_nav(org.session, rep_role) == paths


@pytest.mark.parametrize(
    "paths",
    [
        ["/customers"],
        [f"/p{n}" for n in range(6)],
        ["/customers", "/customers"],
        ["/customers", "customers"],
        ["/customers", "/" + "x" * 100],
        ["/customers", ""],
    ],
)
def test_other_pin_lists_are_refused(org, paths):
    rep_role = role_id(org, "rep")
    error = errors_of(
        set_role_pinned_nav, org.session, org.actor("admin"), rep_role, paths
    )
    assert set(error.errors) == {"pinned"}
    assert role_pinned_nav(org.session, rep_role) == []


def test_duplicates_and_counts_have_their_own_messages(org):
    rep_role = role_id(org, "rep")
    admin = org.actor("admin")
    one = errors_of(set_role_pinned_nav, org.session, admin, rep_role, ["/a"])
    twice = errors_of(set_role_pinned_nav, org.session, admin, rep_role, ["/a", "/a"])
    assert one.errors["pinned"] != twice.errors["pinned"]


def test_pinning_is_audited_on_the_role(org):
    rep_role = role_id(org, "rep")
    set_role_pinned_nav(org.session, org.actor("admin"), rep_role, PINS)
    set_role_pinned_nav(org.session, org.actor("admin"), rep_role, PINS)  # unchanged
    (entry,) = audit_rows(org.session, "role.pinned_nav_update")
    assert (entry.object_type, entry.object_id) == ("role", rep_role)
    assert (entry.before, entry.after) == ({"pinned_nav": []}, {"pinned_nav": PINS})


@pytest.mark.parametrize("permission", [ADMIN_SETTINGS, ADMIN_USERS])
def test_either_admin_permission_may_pin(org, permission):
    actor = with_permissions(org, "leader_a", permission)
    rep_role = role_id(org, "rep")
    assert set_role_pinned_nav(org.session, actor, rep_role, PINS[:2]) == PINS[:2]
    assert [r["code"] for r in list_role_pins(org.session, actor)]


@pytest.mark.parametrize("user", ["rep_a1", "leader_a", "exec"])
def test_others_may_not_pin(org, user):
    with pytest.raises(PermissionDenied):
        set_role_pinned_nav(org.session, org.actor(user), role_id(org, "rep"), PINS)
    with pytest.raises(PermissionDenied):
        list_role_pins(org.session, org.actor(user))


def test_pinning_an_unknown_role_is_not_found(org):
    with pytest.raises(NotFound):
        set_role_pinned_nav(org.session, org.actor("admin"), 999_999, PINS)


def test_a_stale_pin_editor_gets_a_conflict(org):
    rep_role = role_id(org, "rep")
    admin = org.actor("admin")
    set_role_pinned_nav(org.session, admin, rep_role, PINS, expected=[])
    with pytest.raises(Conflict):
        set_role_pinned_nav(org.session, admin, rep_role, PINS[:2], expected=[])
    assert role_pinned_nav(org.session, rep_role) == PINS


def test_users_get_their_own_roles_pins(org):
    set_role_pinned_nav(org.session, org.actor("admin"), role_id(org, "rep"), PINS)
    assert actor_pinned_nav(org.session, org.actor("rep_a1")) == PINS
    assert actor_pinned_nav(org.session, org.actor("leader_a")) == []
    pins = {
        r["code"]: r["pinned_nav"]
        for r in list_role_pins(org.session, org.actor("admin"))
    }
    assert pins["rep"] == PINS
