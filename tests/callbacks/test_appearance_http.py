"""Appearance over HTTP: the public logo route (type, caching, 404), the admin
callbacks (upload checks at the field, theme save reaching the shell) and that a
rep calling them changes nothing; the shell's theme variables and pinned group."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

from dashboard.callback_client import call_callback
from dashboard.callbacks.admin_appearance import (
    delete_logo,
    save_pins,
    save_theme,
    upload_logo,
)
from dashboard.ids import AdminAppearance as ids
from models import AuditLog, Role
from services.appearance import (
    get_appearance,
    role_pinned_nav,
    set_logo,
    update_appearance,
)
from services.org import build_actor
from tests.callbacks.conftest import dash_response, login

DENIED = "You do not have permission to do this."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def store_logo(world, data: bytes = PNG) -> str:
    """Upload `data` as the admin (committed); the logo's cache token."""
    with world.database.unit_of_work() as session:
        actor = build_actor(session, world.users["admin"], None, "en")
        return set_logo(session, actor, data, "logo.png").logo_token


def appearance(world):
    with world.database.read_only() as session:
        return get_appearance(session)


def rep_role_id(world) -> int:
    with world.database.read_only() as session:
        return session.scalar(select(Role.id).where(Role.code == "rep"))


def audit_count(world) -> int:
    with world.database.read_only() as session:
        return session.scalar(select(func.count()).select_from(AuditLog))


@pytest.fixture
def admin(client, world):
    login(client, "admin")
    return client


@pytest.fixture
def rep(client, world):
    login(client, "rep_a1")
    return client


# --- GET /branding/logo -------------------------------------------------------------


def test_logo_is_404_until_one_is_uploaded(client):
    assert client.get("/branding/logo").status_code == 404


def test_logo_is_public_with_its_verified_type(client, world):
    store_logo(world)
    response = client.get("/branding/logo")
    assert response.status_code == 200
    assert response.content_type == "image/png"
    assert response.data == PNG
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_logo_url_with_the_current_token_is_cached_for_good(client, world):
    token = store_logo(world)
    assert "immutable" in client.get(f"/branding/logo?v={token}").cache_control
    assert client.get("/branding/logo?v=old").cache_control.no_cache


def test_the_login_page_shows_the_company_logo_name_and_colour(client, world):
    token = store_logo(world)
    with world.database.unit_of_work() as session:
        actor = build_actor(session, world.users["admin"], None, "en")
        update_appearance(
            session, actor, company_name="Acme 销售", theme_color="#0f766e", version=1
        )

    page = client.get("/login").get_data(as_text=True)

    assert f'src="/branding/logo?v={token}"' in page
    assert "Acme 销售" in page
    assert "--pelago-primary: #0f766e" in page


def test_the_login_page_falls_back_to_the_product_name(client):
    page = client.get("/login").get_data(as_text=True)

    assert "/branding/logo" not in page
    assert "Pelago" in page


# --- admin callbacks ---------------------------------------------------------------


def test_admin_upload_stores_the_logo_and_shows_it_in_the_top_bar(admin, app, world):
    outputs = dash_response(
        call_callback(admin, app, upload_logo, data_url(PNG), "logo.png")
    )
    token = appearance(world).logo_token
    assert f"/branding/logo?v={token}" in json.dumps(outputs[ids.BRAND])
    assert outputs[ids.LOGO_REMOVE]["disabled"] is False
    assert admin.get("/branding/logo").data == PNG


def test_svg_upload_is_refused_at_the_field(admin, app, world):
    outputs = dash_response(
        call_callback(admin, app, upload_logo, data_url(SVG, "image/svg+xml"), "a.svg")
    )
    assert outputs[ids.LOGO_FEEDBACK]["children"] == "Upload a PNG, JPEG or WebP image."
    assert not appearance(world).has_logo


def test_oversized_upload_is_refused_before_decoding(admin, app, world):
    too_big = data_url(PNG + b"\x00" * 512 * 1024)
    outputs = dash_response(call_callback(admin, app, upload_logo, too_big, "b.png"))
    assert outputs[ids.LOGO_FEEDBACK]["children"] == "The logo may be at most 512 KB."
    assert not appearance(world).has_logo


def test_admin_theme_save_updates_the_shell_at_once(admin, app, world):
    outputs = dash_response(
        call_callback(admin, app, save_theme, 1, 0, "Acme Trading", "#dc2626")
    )
    assert outputs[ids.THEME]["data"]["--pelago-primary"] == "#dc2626"
    assert "Acme Trading" in json.dumps(outputs[ids.BRAND])
    assert outputs[ids.VERSION]["data"] == 1


def test_invalid_colour_is_flagged_at_its_field(admin, app, world):
    outputs = dash_response(call_callback(admin, app, save_theme, 1, 0, "Acme", "#12"))
    assert outputs[ids.COLOR]["invalid"] is True
    assert outputs[ids.COMPANY_NAME]["invalid"] is False
    assert outputs[ids.COLOR_FEEDBACK]["children"].startswith("Choose a colour")
    assert appearance(world).version == 0


def test_single_pin_is_refused_with_the_rule(admin, app, world):
    role_id = rep_role_id(world)
    outputs = dash_response(
        call_callback(admin, app, save_pins, 1, str(role_id), ["/leads"], None)
    )
    assert "2 to 5" in outputs[ids.PIN_FEEDBACK]["children"]
    assert ids.PIN_LOADED not in outputs


# --- a rep changes nothing ------------------------------------------------------------


def test_rep_cannot_save_the_theme(rep, app, world):
    response = call_callback(rep, app, save_theme, 1, 0, "Hijacked", "#000000")
    assert DENIED in response.get_data(as_text=True)
    assert appearance(world).version == 0


def test_rep_cannot_upload_or_remove_the_logo(rep, app, world):
    store_logo(world)
    audits = audit_count(world)
    uploaded = call_callback(rep, app, upload_logo, data_url(PNG + b"x"), "x.png")
    removed = call_callback(rep, app, delete_logo, 1)
    assert DENIED in uploaded.get_data(as_text=True)
    assert DENIED in removed.get_data(as_text=True)
    assert rep.get("/branding/logo").data == PNG
    assert audit_count(world) == audits


def test_rep_cannot_pin_navigation(rep, app, world):
    role_id = rep_role_id(world)
    response = call_callback(
        rep, app, save_pins, 1, str(role_id), ["/leads", "/customers"], None
    )
    assert DENIED in response.get_data(as_text=True)
    with world.database.read_only() as session:
        assert role_pinned_nav(session, role_id) == []


# --- the shell ----------------------------------------------------------------


def test_shell_carries_the_theme_and_the_roles_pinned_group(
    admin, app, world, new_client
):
    call_callback(admin, app, save_theme, 1, 0, "Acme Trading", "#16a34a")
    role_id = rep_role_id(world)
    pins = ["/leads", "/admin/users", "/customers"]  # users: not for reps
    dash_response(call_callback(admin, app, save_pins, 1, str(role_id), pins, None))
    rep_client = new_client()
    login(rep_client, "rep_a1")
    layout = rep_client.get("/_dash-layout").get_data(as_text=True)
    assert '"--pelago-primary": "#16a34a"' in layout.replace('":"', '": "')
    assert "Acme Trading" in layout
    assert "nav-pinned-leads" in layout and "nav-pinned-customers" in layout
    assert "nav-pinned-admin/users" not in layout
