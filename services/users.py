"""User administration used by the CLI and (later) the admin pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Role, Team, User
from services.actor import Actor
from services.audit import record_audit
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import email_problem
from services.passwords import hash_password, password_problem
from services.permissions import ADMIN_USERS, SEEDED_ROLES
from services.settings import LANGUAGES


def ensure_roles(session: Session) -> dict[str, Role]:
    """Create the seeded roles that are missing; returns all roles by code."""
    roles = {r.code: r for r in session.scalars(select(Role))}
    for code, (name_en, name_zh, permissions, scope) in SEEDED_ROLES.items():
        if code not in roles:
            roles[code] = Role(
                code=code,
                name_en=name_en,
                name_zh=name_zh,
                permissions=list(permissions),
                data_scope=scope,
            )
            session.add(roles[code])
    session.flush()
    return roles


def create_user(
    session: Session,
    actor: Actor | None,
    *,
    username: str,
    password: str,
    display_name: str,
    role_code: str,
    team_id: int | None = None,
    supervisor_id: int | None = None,
    language: str | None = None,
    email: str | None = None,
) -> User:
    """Create a user; `actor=None` is the command line (the operator of the server).
    Raises PermissionDenied, ValidationFailed."""
    if actor is not None:
        actor.require(ADMIN_USERS)
    errors: dict[str, str] = {}
    username = (username or "").strip()
    if not username or len(username) > 50:
        errors["username"] = N_("Enter a username of 1 to 50 characters.")
    elif session.scalar(select(User.id).where(User.username == username)):
        errors["username"] = N_("This username is taken.")
    if problem := password_problem(password or ""):
        errors["password"] = problem
    role = session.scalar(select(Role).where(Role.code == role_code))
    if role is None:
        errors["role"] = N_("Unknown role.")
    if team_id is not None and session.get(Team, team_id) is None:
        errors["team"] = N_("Unknown team.")
    if supervisor_id is not None and session.get(User, supervisor_id) is None:
        errors["supervisor"] = N_("Unknown user.")
    if display_name and len(display_name) > 100:
        errors["display_name"] = N_("At most 100 characters.")
    if email and (problem := email_problem(email)):
        errors["email"] = problem
    if language is not None and language not in LANGUAGES:
        errors["language"] = N_("Unknown language.")
    if errors:
        raise ValidationFailed(errors)
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role_id=role.id,
        team_id=team_id,
        supervisor_id=supervisor_id,
        language=language,
        email=email,
    )
    session.add(user)
    session.flush()
    record_audit(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        after={"username": username, "role": role_code, "team_id": team_id},
    )
    return user


def set_user_active(session: Session, actor: Actor, user_id: int, active: bool) -> None:
    """Enable or disable a user; disabling ends their sessions at once.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(ADMIN_USERS)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    if user.id == actor.user_id and not active:
        raise ValidationFailed({"user": N_("You cannot disable yourself.")})
    user.is_active = active
    user.session_version += 1
    record_audit(
        session,
        actor,
        "user.enable" if active else "user.disable",
        "user",
        user.id,
        after={"is_active": active},
    )
    session.flush()


def reset_password(
    session: Session, actor: Actor | None, user_id: int, password: str
) -> None:
    """Set a new password for a user and end their sessions.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    if actor is not None:
        actor.require(ADMIN_USERS)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    if problem := password_problem(password or ""):
        raise ValidationFailed({"password": problem})
    user.password_hash = hash_password(password)
    user.session_version += 1
    # An admin chose it: the user replaces it at their next login.
    user.must_change_password = actor is not None
    user.locked_until = None
    user.failed_login_count = 0
    record_audit(session, actor, "user.password_reset", "user", user.id)
    session.flush()
