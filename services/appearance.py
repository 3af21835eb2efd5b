"""Appearance: company name, theme colour, logo, and each role's pinned navigation.

The settings are one row (id 1); until an admin saves, the defaults apply. Its
version guards the name-and-colour form; the logo is replaced whole, so logo
changes do not bump it (an upload must not make an open colour form stale)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import AppearanceSettings, Role, User
from models.appearance import DEFAULT_THEME_COLOR
from models.base import utcnow
from services.actor import Actor
from services.audit import changed_fields, record_audit
from services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.permissions import ADMIN_SETTINGS, ADMIN_USERS

SETTINGS_ID = 1
DEFAULT_COMPANY_NAME = "Pelago"
MAX_COMPANY_NAME = 100
# (code, msgid, hex): the preset swatches; any other #rrggbb is a custom colour.
PALETTE: tuple[tuple[str, str, str], ...] = (
    ("blue", N_("Blue"), "#2563eb"),
    ("teal", N_("Teal"), "#0d9488"),
    ("green", N_("Green"), "#16a34a"),
    ("orange", N_("Orange"), "#ea580c"),
    ("red", N_("Red"), "#dc2626"),
    ("purple", N_("Purple"), "#7c3aed"),
    ("slate", N_("Slate"), "#475569"),
)
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

MAX_LOGO_KB = 512
MAX_LOGO_BYTES = MAX_LOGO_KB * 1024
LOGO_TOO_LARGE = N_("The logo may be at most {limit} KB.")
LOGO_WRONG_TYPE = N_("Upload a PNG, JPEG or WebP image.")
# Magic numbers, not file names or browser-declared types, decide what an upload
# is. SVG is never accepted: it can carry script.
_LOGO_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)

MIN_PINNED, MAX_PINNED = 2, 5
MAX_PINNED_PATH = 100


@dataclass(frozen=True)
class Appearance:
    company_name: str | None
    theme_color: str
    logo_mime: str | None
    logo_updated_at: dt.datetime | None
    version: int  # 0 = never saved

    @property
    def display_name(self) -> str:
        return self.company_name or DEFAULT_COMPANY_NAME

    @property
    def has_logo(self) -> bool:
        return self.logo_mime is not None

    @property
    def logo_token(self) -> str:
        """Changes with every upload: the logo URL's cache-busting parameter."""
        stamp = self.logo_updated_at
        return stamp.strftime("%Y%m%d%H%M%S%f") if stamp else "0"

    @property
    def text_color(self) -> str:
        return readable_text_color(self.theme_color)


DEFAULT_APPEARANCE = Appearance(None, DEFAULT_THEME_COLOR, None, None, 0)


def _luminance(color: str) -> float:
    """WCAG relative luminance of #rrggbb."""

    def channel(pair: str) -> float:
        value = int(pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


DARK_TEXT = "#1e293b"
# White text on the theme colour unless it falls below the WCAG contrast for
# large text and controls (3:1): brand colours stay white-on-colour, while a
# pale custom colour gets dark text.
MIN_WHITE_CONTRAST = 3.0


def readable_text_color(background: str) -> str:
    """The text colour for buttons and pills filled with `background` (#rrggbb)."""
    white_contrast = 1.05 / (_luminance(background) + 0.05)
    return "#ffffff" if white_contrast >= MIN_WHITE_CONTRAST else DARK_TEXT


def is_theme_color(value: str) -> bool:
    """Whether `value` is a colour the theme accepts: # and six hex digits."""
    return bool(_HEX_COLOR.fullmatch(value))


def palette_code(color: str | None) -> str | None:
    """The preset a colour is, or None for a custom colour."""
    for code, _label, hex_value in PALETTE:
        if (color or "").lower() == hex_value:
            return code
    return None


def get_appearance(session: Session) -> Appearance:
    """The saved appearance, or the defaults (one query; the logo bytes stay put)."""
    row = session.execute(
        select(
            AppearanceSettings.company_name,
            AppearanceSettings.theme_color,
            AppearanceSettings.logo_mime,
            AppearanceSettings.logo_updated_at,
            AppearanceSettings.version,
        ).where(AppearanceSettings.id == SETTINGS_ID)
    ).one_or_none()
    return Appearance(*row) if row is not None else DEFAULT_APPEARANCE


def theme_color(session: Session) -> str:
    """The primary colour (#rrggbb) for charts and anything drawn outside CSS."""
    return get_appearance(session).theme_color


def logo_image(session: Session) -> tuple[bytes, str, dt.datetime] | None:
    """(bytes, mime type, uploaded at) of the logo, or None without one."""
    row = session.execute(
        select(
            AppearanceSettings.logo_data,
            AppearanceSettings.logo_mime,
            AppearanceSettings.logo_updated_at,
        ).where(
            AppearanceSettings.id == SETTINGS_ID,
            AppearanceSettings.logo_data.is_not(None),
        )
    ).one_or_none()
    return tuple(row) if row is not None else None


def _locked_settings(session: Session) -> AppearanceSettings | None:
    return session.scalar(
        select(AppearanceSettings)
        .where(AppearanceSettings.id == SETTINGS_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _create_settings(
    session: Session, actor: Actor, **values: Any
) -> AppearanceSettings:
    """Insert the row; a concurrent first save wins and this one is told to reload.
    Raises Conflict."""
    settings = AppearanceSettings(
        id=SETTINGS_ID,
        updated_by_id=actor.user_id,
        **({"theme_color": DEFAULT_THEME_COLOR} | values),
    )
    try:
        with session.begin_nested():
            session.add(settings)
            session.flush()
    except IntegrityError as error:
        raise Conflict(
            N_("Someone saved the appearance after you opened it. Reload first.")
        ) from error
    return settings


def _editor_name(session: Session, user_id: int | None) -> str:
    name = session.scalar(select(User.display_name).where(User.id == user_id))
    return name or "?"


def _form_state(settings: AppearanceSettings | Appearance) -> dict[str, Any]:
    return {"company_name": settings.company_name, "theme_color": settings.theme_color}


def update_appearance(
    session: Session,
    actor: Actor,
    *,
    company_name: str | None,
    theme_color: str | None,
    version: int,
) -> Appearance:
    """Save the company name and theme colour edited on `version` (0 = never saved).
    Raises PermissionDenied, ValidationFailed, Conflict."""
    actor.require(ADMIN_SETTINGS)
    name = clean(company_name)
    color = clean(theme_color) or ""
    errors: dict[str, str] = {}
    if name is not None and len(name) > MAX_COMPANY_NAME:
        errors["company_name"] = N_("Enter at most {limit} characters.")
    if not is_theme_color(color):
        errors["theme_color"] = N_(
            "Choose a colour or enter one as # and six hex digits, e.g. #2563eb."
        )
    if errors:
        raise ValidationFailed(errors, limit=MAX_COMPANY_NAME)
    settings = _locked_settings(session)
    if (settings.version if settings is not None else 0) != version:
        raise Conflict(
            N_("{name} changed the appearance after you opened it. Reload first."),
            name=_editor_name(session, settings.updated_by_id if settings else None),
        )
    values = {"company_name": name, "theme_color": color.lower()}
    if settings is None:
        before = _form_state(DEFAULT_APPEARANCE)
        settings = _create_settings(session, actor, **values)
    else:
        before = _form_state(settings)
        for field, value in values.items():
            setattr(settings, field, value)
        settings.updated_by_id = actor.user_id
        session.flush()
    old, new = changed_fields(before, _form_state(settings))
    if new:
        record_audit(
            session,
            actor,
            "appearance.update",
            "appearance",
            settings.id,
            before=old,
            after=new,
        )
    return get_appearance(session)


def logo_mime_type(data: bytes) -> str | None:
    """The image type the bytes really are (PNG, JPEG, WebP), else None."""
    for signature, mime in _LOGO_SIGNATURES:
        if data.startswith(signature):
            return mime
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _set_logo_columns(session: Session, actor: Actor, **values: Any) -> None:
    # A bulk UPDATE leaves the version alone (see the module docstring).
    session.execute(
        update(AppearanceSettings)
        .where(AppearanceSettings.id == SETTINGS_ID)
        .values(updated_by_id=actor.user_id, updated_at=utcnow(), **values)
    )


def set_logo(
    session: Session, actor: Actor, data: bytes, filename: str | None
) -> Appearance:
    """Store an uploaded logo: PNG, JPEG or WebP by content, at most 512 KB.
    Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationFailed({"logo": LOGO_TOO_LARGE}, limit=MAX_LOGO_KB)
    mime = logo_mime_type(data) if data else None
    if mime is None:
        raise ValidationFailed({"logo": LOGO_WRONG_TYPE})
    if _locked_settings(session) is None:
        _create_settings(session, actor)
    _set_logo_columns(
        session, actor, logo_data=data, logo_mime=mime, logo_updated_at=utcnow()
    )
    record_audit(
        session,
        actor,
        "appearance.logo_set",
        "appearance",
        SETTINGS_ID,
        after={"logo": (filename or "")[:200], "mime": mime, "bytes": len(data)},
    )
    return get_appearance(session)


def remove_logo(session: Session, actor: Actor) -> Appearance:
    """Go back to the plain company name. Raises PermissionDenied."""
    actor.require(ADMIN_SETTINGS)
    current = get_appearance(session)
    if not current.has_logo:
        return current
    _locked_settings(session)
    _set_logo_columns(
        session, actor, logo_data=None, logo_mime=None, logo_updated_at=None
    )
    record_audit(
        session,
        actor,
        "appearance.logo_remove",
        "appearance",
        SETTINGS_ID,
        before={"mime": current.logo_mime},
    )
    return get_appearance(session)


# --- pinned navigation --------------------------------------------------------


def _require_navigation_admin(actor: Actor) -> None:
    if not (actor.can(ADMIN_SETTINGS) or actor.can(ADMIN_USERS)):
        raise PermissionDenied()


def list_role_pins(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Every role with its permissions and pinned paths, for the pin editor.
    Raises PermissionDenied."""
    _require_navigation_admin(actor)
    return [
        {
            "id": role.id,
            "code": role.code,
            "name_en": role.name_en,
            "name_zh": role.name_zh,
            "permissions": list(role.permissions or ()),
            "pinned_nav": list(role.pinned_nav or ()),
        }
        for role in session.scalars(select(Role).order_by(Role.id))
    ]


def role_pinned_nav(session: Session, role_id: int) -> list[str]:
    """The role's pinned paths in their order (empty for an unknown role)."""
    pinned = session.scalar(select(Role.pinned_nav).where(Role.id == role_id))
    return list(pinned or ())


def actor_pinned_nav(session: Session, actor: Actor) -> list[str]:
    """The pinned paths of the actor's role (the shell filters them by permission)."""
    pinned = session.scalar(select(Role.pinned_nav).where(Role.code == actor.role_code))
    return list(pinned or ())


def _pinned_problem(paths: list[str]) -> str | None:
    if any(not path.startswith("/") or len(path) > MAX_PINNED_PATH for path in paths):
        return N_("Each pinned entry must be a page path starting with /.")
    if len(set(paths)) != len(paths):
        return N_("Each entry can be pinned only once.")
    if len(paths) == 1 or len(paths) > MAX_PINNED:
        return N_("Pin 2 to 5 entries, or none to show the plain navigation.")
    return None


def set_role_pinned_nav(
    session: Session,
    actor: Actor,
    role_id: int,
    paths: list[str],
    *,
    expected: list[str] | None = None,
) -> list[str]:
    """Pin 0 or 2–5 distinct navigation paths for a role, in order. `expected` is
    the list the editor loaded: a different stored list means someone else saved.
    Raises PermissionDenied, NotFound, ValidationFailed, Conflict."""
    _require_navigation_admin(actor)
    role = session.scalar(
        select(Role)
        .where(Role.id == role_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if role is None:
        raise NotFound()
    cleaned = [str(path).strip() for path in paths or ()]
    problem = _pinned_problem(cleaned)
    if problem:
        raise ValidationFailed(
            {"pinned": problem}, minimum=MIN_PINNED, maximum=MAX_PINNED
        )
    before = list(role.pinned_nav or ())
    if expected is not None and list(expected) != before:
        raise Conflict(
            N_("Someone changed this role's pinned navigation. Reload first.")
        )
    if cleaned != before:
        role.pinned_nav = cleaned  # a new list: JSON columns track assignment only
        session.flush()
        record_audit(
            session,
            actor,
            "role.pinned_nav_update",
            "role",
            role.id,
            before={"pinned_nav": before},
            after={"pinned_nav": cleaned},
        )
    return cleaned
