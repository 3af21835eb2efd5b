"""Role administration: names, permission sets and data scope.

Changes take effect on each user's next request: the Actor is built per request
from the database, so nothing is cached to invalidate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Role, User
from models.org import DATA_SCOPES
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.permissions import ADMIN_USERS, ALL_PERMISSIONS, SEEDED_ROLES

_CODE = re.compile(r"[a-z][a-z0-9_]{1,49}")


@dataclass(frozen=True)
class RoleIn:
    name_en: str | None = None
    name_zh: str | None = None
    permissions: tuple[str, ...] = ()
    data_scope: str | None = None
    code: str | None = None  # create only: codes never change


def list_roles(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Every role with its user count, seeded roles first. Raises PermissionDenied."""
    actor.require(ADMIN_USERS)
    counts = dict(
        session.execute(select(User.role_id, func.count()).group_by(User.role_id)).all()
    )
    seeded = list(SEEDED_ROLES)
    roles = sorted(
        session.scalars(select(Role)),
        key=lambda r: (seeded.index(r.code) if r.code in seeded else len(seeded), r.id),
    )
    return [
        {
            "id": role.id,
            "code": role.code,
            "name_en": role.name_en,
            "name_zh": role.name_zh,
            "data_scope": role.data_scope,
            "permissions": list(role.permissions or ()),
            "user_count": counts.get(role.id, 0),
            "seeded": role.code in SEEDED_ROLES,
        }
        for role in roles
    ]


def get_role(session: Session, actor: Actor, role_id: int) -> Role:
    """Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_USERS)
    role = session.get(Role, role_id)
    if role is None:
        raise NotFound()
    return role


def _ordered(permissions: tuple[str, ...]) -> list[str]:
    """Known codes in ALL_PERMISSIONS order, without repeats."""
    chosen = set(permissions)
    return [code for code in ALL_PERMISSIONS if code in chosen]


def _role_errors(
    session: Session, data: RoleIn, names: dict[str, str | None], role_id: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, name in names.items():
        if not name or len(name) > 100:
            errors[field] = N_("Enter a name of 1 to 100 characters.")
        elif session.scalar(
            select(Role.id).where(
                getattr(Role, field) == name, Role.id != (role_id or 0)
            )
        ):
            errors[field] = N_("A role with this name already exists.")
    if set(data.permissions) - set(ALL_PERMISSIONS):
        errors["permissions"] = N_("Unknown permission.")
    if data.data_scope not in DATA_SCOPES:
        errors["data_scope"] = N_("Choose a data scope.")
    return errors


def create_role(session: Session, actor: Actor, data: RoleIn) -> Role:
    """Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_USERS)
    names = {"name_en": clean(data.name_en), "name_zh": clean(data.name_zh)}
    errors = _role_errors(session, data, names, None)
    code = (data.code or "").strip()
    if not _CODE.fullmatch(code):
        errors["code"] = N_(
            "Use 2 to 50 lowercase letters, digits or underscores, "
            "starting with a letter."
        )
    elif session.scalar(select(Role.id).where(Role.code == code)):
        errors["code"] = N_("This code is taken.")
    if errors:
        raise ValidationFailed(errors)
    role = Role(
        code=code,
        **names,
        permissions=_ordered(data.permissions),
        data_scope=data.data_scope,
    )
    session.add(role)
    session.flush()
    record_audit(session, actor, "role.create", "role", role.id, after=snapshot(role))
    return role


def update_role(session: Session, actor: Actor, role_id: int, data: RoleIn) -> Role:
    """Change names, permissions and data scope (the code stays). An admin cannot
    take user administration away from their own role: nobody could give it back.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    role = get_role(session, actor, role_id)
    names = {"name_en": clean(data.name_en), "name_zh": clean(data.name_zh)}
    errors = _role_errors(session, data, names, role.id)
    if (
        role.code == actor.role_code
        and ADMIN_USERS not in data.permissions
        and "permissions" not in errors
    ):
        errors["permissions"] = N_(
            "You cannot remove user administration from your own role."
        )
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(role)
    role.name_en, role.name_zh = names["name_en"], names["name_zh"]
    role.permissions = _ordered(data.permissions)
    role.data_scope = data.data_scope
    session.flush()
    old, new = changed_fields(before, snapshot(role))
    if new:
        record_audit(
            session, actor, "role.update", "role", role.id, before=old, after=new
        )
    return role


def delete_role(session: Session, actor: Actor, role_id: int) -> None:
    """Delete a role nobody holds; seeded roles stay.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    role = get_role(session, actor, role_id)
    if role.code in SEEDED_ROLES:
        raise ValidationFailed({"role": N_("Built-in roles cannot be deleted.")})
    if session.scalar(select(func.count()).where(User.role_id == role.id)):
        raise ValidationFailed(
            {"role": N_("The role is still assigned to users (disabled ones too).")}
        )
    before = snapshot(role)
    session.delete(role)
    session.flush()
    record_audit(session, actor, "role.delete", "role", role_id, before=before)
