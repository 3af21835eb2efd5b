"""Administration · appearance: theme colour and company name (live preview, save),
logo upload/removal, each role's pinned navigation; the shell's theme variables."""

from __future__ import annotations

import base64
import binascii

from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.branding import logo_url
from dashboard.components.branding import brand, logo_preview, theme_style
from dashboard.components.feedback import error_alert, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _
from dashboard.ids import AdminAppearance as ids
from dashboard.parsing import parse_int, require_click
from dashboard.shell import NAVIGATION
from services.appearance import (
    LOGO_TOO_LARGE,
    LOGO_WRONG_TYPE,
    MAX_LOGO_BYTES,
    MAX_LOGO_KB,
    MAX_PINNED,
    PALETTE,
    is_theme_color,
    list_role_pins,
    palette_code,
    remove_logo,
    set_logo,
    set_role_pinned_nav,
    update_appearance,
)
from services.errors import ServiceError, ValidationFailed

CUSTOM = "custom"
PRESETS = {code: color for code, _label, color in PALETTE}

# --- theme colour and company name ---------------------------------------------


def sync_colour(palette, color):
    """A swatch fills the colour code; a typed code selects its swatch (or
    "Custom"); the preview follows any well-formed code."""
    color = color or ""
    if ctx.triggered_id == ids.PALETTE:
        if palette not in PRESETS:
            raise PreventUpdate
        color = PRESETS[palette]
        return no_update, color, theme_style(color)
    chosen = palette_code(color.strip()) or CUSTOM
    style = (
        theme_style(color.strip().lower())
        if is_theme_color(color.strip())
        else no_update
    )
    return (chosen if chosen != palette else no_update), no_update, style


def save_theme(n_clicks, version, company_name, color):
    require_click(n_clicks)
    fields = ("company_name", "theme_color")
    try:
        with unit_of_work() as session:
            appearance = update_appearance(
                session,
                current_actor(),
                company_name=company_name,
                theme_color=color,
                version=version or 0,
            )
    except ValidationFailed as error:
        flags = [name in error.errors for name in fields]
        messages = [_(error.errors.get(name, ""), **error.params) for name in fields]
        return (*flags, *messages, error_alert(error), *[no_update] * 3)
    except ServiceError as error:
        return (False, False, "", "", error_alert(error), *[no_update] * 3)
    return (
        False,
        False,
        "",
        "",
        toast(_("Appearance saved.")),
        appearance.version,
        theme_style(appearance.theme_color),
        brand(appearance),
    )


# Dialogs and dropdown menus render outside the shell's <div>: copy the theme
# variables onto <html> as well, so they follow a newly saved colour at once.
APPLY_THEME_JS = """
function(theme) {
    if (!theme) { return; }
    const targets = [document.documentElement,
                     document.querySelector('.app-shell')];
    for (const target of targets) {
        if (!target) { continue; }
        for (const [name, value] of Object.entries(theme)) {
            target.style.setProperty(name, value);
        }
    }
}
"""

# --- logo ------------------------------------------------------------------------


def _decode_logo(contents: str) -> bytes:
    """dcc.Upload's data URL → bytes. Raises ValidationFailed."""
    _header, _comma, encoded = contents.partition(",")
    # Judge the size on the base64 text (4 characters per 3 bytes): an oversized
    # upload is never decoded.
    if len(encoded) // 4 * 3 > MAX_LOGO_BYTES + 2:
        raise ValidationFailed({"logo": LOGO_TOO_LARGE}, limit=MAX_LOGO_KB)
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationFailed({"logo": LOGO_WRONG_TYPE}) from error


def _logo_outputs(appearance, message) -> tuple:
    url = logo_url(appearance)
    return (
        logo_preview(url),
        "",
        url is None,
        brand(appearance),
        message,
        appearance.version,
        None,
    )


def _logo_error(error: ServiceError) -> tuple:
    if isinstance(error, ValidationFailed):
        feedback, message = _(error.errors.get("logo", ""), **error.params), None
    else:
        feedback, message = "", error_alert(error)
    return (no_update, feedback, no_update, no_update, message, no_update, None)


def upload_logo(contents, filename):
    if not contents:
        raise PreventUpdate
    try:
        data = _decode_logo(contents)
        with unit_of_work() as session:
            appearance = set_logo(session, current_actor(), data, filename)
    except ServiceError as error:
        return _logo_error(error)
    return _logo_outputs(appearance, toast(_("Logo uploaded.")))


def delete_logo(n_clicks):
    require_click(n_clicks)
    try:
        with unit_of_work() as session:
            appearance = remove_logo(session, current_actor())
    except ServiceError as error:
        return _logo_error(error)
    return _logo_outputs(appearance, toast(_("Logo removed.")))


# --- pinned navigation -------------------------------------------------------------


def navigation_entries() -> list[tuple[str, str, str | None, str | None]]:
    """[(path, label, group, permission)] of every sidebar entry, translated."""
    return [
        (path, _(label), _(group) if group and group != label else None, permission)
        for group, entries in NAVIGATION
        for path, _icon, label, permission in entries
    ]


def pin_label_id(path: str) -> str:
    """The DOM id of an entry's checkbox label (browser tests click it)."""
    return f"{ids.PIN_ITEMS}-{path.strip('/').replace('/', '-') or 'home'}"


def load_role_pins(role_value):
    """The chosen role's pins and permissions (what the checklist offers)."""
    role_id = parse_int(role_value)
    if role_id is None:
        raise PreventUpdate
    try:
        with read_session() as session:
            roles = list_role_pins(session, current_actor())
    except ServiceError as error:
        return no_update, no_update, error_alert(error), ""
    role = next((r for r in roles if r["id"] == role_id), None)
    if role is None:
        raise PreventUpdate
    loaded = {
        "role_id": role_id,
        "pinned": role["pinned_nav"],
        "permissions": role["permissions"],
    }
    return role["pinned_nav"], loaded, None, ""


def pin_options(chosen, loaded):
    """Entries the role cannot open are disabled; at the limit, so is the rest."""
    chosen = list(chosen or ())
    permissions = set((loaded or {}).get("permissions") or ())
    full = len(chosen) >= MAX_PINNED
    options = []
    for path, label, group, permission in navigation_entries():
        allowed = permission is None or permission in permissions
        notes = [group] if group else []
        if not allowed:
            notes.append(_("not available to this role"))
        options.append(
            {
                "label": html.Span(
                    [
                        label,
                        html.Small(f" · {' · '.join(notes)}", className="text-muted"),
                    ]
                    if notes
                    else label
                ),
                "value": path,
                "disabled": path not in chosen and (full or not allowed),
                "label_id": pin_label_id(path),
            }
        )
    count = _("{count} of at most {limit} chosen", count=len(chosen), limit=MAX_PINNED)
    return options, count


def save_pins(n_clicks, role_value, chosen, loaded):
    require_click(n_clicks)
    role_id = parse_int(role_value)
    if role_id is None:
        raise PreventUpdate
    order = [entry[0] for entry in navigation_entries()]
    chosen_set = set(chosen or ())
    paths = [path for path in order if path in chosen_set]
    # Paths no longer in the navigation still count: the service judges them.
    paths += [path for path in chosen or () if path not in order]
    loaded = loaded or {}
    expected = loaded.get("pinned") if loaded.get("role_id") == role_id else None
    try:
        with unit_of_work() as session:
            pinned = set_role_pinned_nav(
                session, current_actor(), role_id, paths, expected=expected
            )
    except ValidationFailed as error:
        feedback = _(error.errors.get("pinned", ""), **error.params)
        return feedback, error_alert(error), no_update
    except ServiceError as error:
        return "", error_alert(error), no_update
    message = toast(
        _("Pinned pages saved. Users of this role see them on their next page load.")
    )
    return "", message, {**loaded, "role_id": role_id, "pinned": pinned}


def register(app: Dash) -> None:
    app.clientside_callback(APPLY_THEME_JS, Input(ids.THEME, "data"))
    app.callback(
        Output(ids.PALETTE, "value"),
        Output(ids.COLOR, "value"),
        Output(ids.PREVIEW, "style"),
        Input(ids.PALETTE, "value"),
        Input(ids.COLOR, "value"),
        prevent_initial_call=True,
    )(sync_colour)
    app.callback(
        Output(ids.COMPANY_NAME, "invalid"),
        Output(ids.COLOR, "invalid"),
        Output(ids.COMPANY_NAME_FEEDBACK, "children"),
        Output(ids.COLOR_FEEDBACK, "children"),
        Output(ids.MESSAGE, "children"),
        Output(ids.VERSION, "data"),
        Output(ids.THEME, "data"),
        Output(ids.BRAND, "children"),
        Input(ids.SAVE, "n_clicks"),
        State(ids.VERSION, "data"),
        State(ids.COMPANY_NAME, "value"),
        State(ids.COLOR, "value"),
        prevent_initial_call=True,
    )(save_theme)
    logo_outputs = (
        Output(ids.LOGO_PREVIEW, "children", allow_duplicate=True),
        Output(ids.LOGO_FEEDBACK, "children", allow_duplicate=True),
        Output(ids.LOGO_REMOVE, "disabled", allow_duplicate=True),
        Output(ids.BRAND, "children", allow_duplicate=True),
        Output(ids.LOGO_MESSAGE, "children", allow_duplicate=True),
        Output(ids.VERSION, "data", allow_duplicate=True),
        Output(ids.LOGO_UPLOAD, "contents", allow_duplicate=True),
    )
    app.callback(
        *logo_outputs,
        Input(ids.LOGO_UPLOAD, "contents"),
        State(ids.LOGO_UPLOAD, "filename"),
        prevent_initial_call=True,
    )(upload_logo)
    app.callback(
        *logo_outputs,
        Input(ids.LOGO_REMOVE, "n_clicks"),
        prevent_initial_call=True,
    )(delete_logo)
    app.callback(
        Output(ids.PIN_ITEMS, "value"),
        Output(ids.PIN_LOADED, "data"),
        Output(ids.PIN_MESSAGE, "children", allow_duplicate=True),
        Output(ids.PIN_FEEDBACK, "children", allow_duplicate=True),
        Input(ids.PIN_ROLE, "value"),
        prevent_initial_call="initial_duplicate",
    )(load_role_pins)
    app.callback(
        Output(ids.PIN_ITEMS, "options"),
        Output(ids.PIN_COUNT, "children"),
        Input(ids.PIN_ITEMS, "value"),
        Input(ids.PIN_LOADED, "data"),
    )(pin_options)
    app.callback(
        Output(ids.PIN_FEEDBACK, "children"),
        Output(ids.PIN_MESSAGE, "children"),
        Output(ids.PIN_LOADED, "data", allow_duplicate=True),
        Input(ids.PIN_SAVE, "n_clicks"),
        State(ids.PIN_ROLE, "value"),
        State(ids.PIN_ITEMS, "value"),
        State(ids.PIN_LOADED, "data"),
        prevent_initial_call=True,
    )(save_pins)
