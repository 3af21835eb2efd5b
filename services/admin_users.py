"""User administration for the admin pages: list, create (with a generated
password), edit, enable/disable, password reset. The command line keeps using
services.users.create_user; disabling and resetting reuse services.users."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from models import Customer, Role, Team, User
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean, email_problem, mobile_problem
from services.org import team_subtree_ids
from services.paging import Page, clamp_page, count_rows
from services.passwords import hash_password, password_problem
from services.permissions import ADMIN_USERS
from services.pool import release_customers
from services.settings import LANGUAGES
from services.transfer import MAX_BATCH, TransferIn, transfer_customers
from services.users import reset_password, set_user_active

GENERATED_PASSWORD_LENGTH = 12
_PASSWORD_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class UserFilter:
    search: str | None = None
    team_id: int | None = None  # the team and its sub-teams
    role_id: int | None = None
    active: bool | None = None
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True)
class UserIn:
    """The editable fields; `username` and `password` are read on create only
    (an empty password is generated and returned once)."""

    display_name: str | None = None
    email: str | None = None
    mobile: str | None = None
    team_id: int | None = None
    supervisor_id: int | None = None
    role_id: int | None = None
    language: str | None = None
    username: str | None = None
    password: str | None = None


def generate_password() -> str:
    """A random password that passes the policy (letters and digits)."""
    while True:
        password = "".join(
            secrets.choice(_PASSWORD_ALPHABET) for _ in range(GENERATED_PASSWORD_LENGTH)
        )
        if password_problem(password) is None and any(c.isdigit() for c in password):
            return password


# --- reads ----------------------------------------------------------------------


def _filtered(session: Session, flt: UserFilter) -> Select:
    query = select(User)
    if flt.search:
        pattern = f"%{flt.search.strip()}%"
        query = query.where(
            or_(
                User.username.ilike(pattern),
                User.display_name.ilike(pattern),
                User.email.ilike(pattern),
                User.mobile.ilike(pattern),
            )
        )
    if flt.team_id is not None:
        query = query.where(User.team_id.in_(team_subtree_ids(session, flt.team_id)))
    if flt.role_id is not None:
        query = query.where(User.role_id == flt.role_id)
    if flt.active is not None:
        query = query.where(User.is_active.is_(flt.active))
    return query


def list_users(session: Session, actor: Actor, flt: UserFilter) -> Page:
    """One page of users, disabled ones included unless filtered.
    Raises PermissionDenied."""
    actor.require(ADMIN_USERS)
    page, size = clamp_page(flt.page, flt.page_size)
    query = _filtered(session, flt)
    total = count_rows(session, query)
    supervisor = aliased(User)
    rows = session.execute(
        query.add_columns(
            Team.name, Role.name_en, Role.name_zh, supervisor.display_name
        )
        .outerjoin(Team, Team.id == User.team_id)
        .join(Role, Role.id == User.role_id)
        .outerjoin(supervisor, supervisor.id == User.supervisor_id)
        .order_by(User.is_active.desc(), User.username)
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return Page(
        [
            user_row(user, team, role_en, role_zh, supervisor_name)
            for user, team, role_en, role_zh, supervisor_name in rows
        ],
        total,
        page,
        size,
    )


def user_row(
    user: User,
    team: str | None,
    role_en: str,
    role_zh: str,
    supervisor_name: str | None,
) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email or "",
        "mobile": user.mobile or "",
        "team_id": user.team_id,
        "team": team or "",
        "role_id": user.role_id,
        "role_en": role_en,
        "role_zh": role_zh,
        "supervisor_id": user.supervisor_id,
        "supervisor": supervisor_name or "",
        "language": user.language,
        "is_active": user.is_active,
        "last_login_at": user.last_login_at,
        "created_at": user.created_at,
    }


def get_user(session: Session, actor: Actor, user_id: int) -> User:
    """Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_USERS)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def owned_customer_count(session: Session, actor: Actor, user_id: int) -> int:
    """Live customers the user owns: what a disable has to hand over.
    Raises PermissionDenied, NotFound."""
    get_user(session, actor, user_id)
    return session.scalar(
        select(func.count()).where(
            Customer.owner_id == user_id, Customer.deleted_at.is_(None)
        )
    )


def supervisor_choices(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """Active users: (id, "display name (username)"). Raises PermissionDenied."""
    actor.require(ADMIN_USERS)
    rows = session.execute(
        select(User.id, User.display_name, User.username)
        .where(User.is_active.is_(True))
        .order_by(User.display_name, User.id)
    )
    return [(uid, f"{name} ({username})") for uid, name, username in rows]


# --- writes ---------------------------------------------------------------------


def _supervisor_loops(session: Session, user_id: int, supervisor_id: int) -> bool:
    """Whether `user_id` is already above `supervisor_id` in the chain."""
    seen: set[int] = set()
    current: int | None = supervisor_id
    while current is not None and current not in seen:
        if current == user_id:
            return True
        seen.add(current)
        current = session.scalar(select(User.supervisor_id).where(User.id == current))
    return False


def _field_errors(
    session: Session, data: UserIn, values: dict[str, Any], user: User | None
) -> dict[str, str]:
    """Errors of the fields shared by create and edit."""
    errors: dict[str, str] = {}
    if not values["display_name"] or len(values["display_name"]) > 100:
        errors["display_name"] = N_("Enter a name of 1 to 100 characters.")
    if values["email"] and (problem := email_problem(values["email"])):
        errors["email"] = problem
    if values["mobile"] and (problem := mobile_problem(values["mobile"])):
        errors["mobile"] = problem
    if data.team_id is not None and session.get(Team, data.team_id) is None:
        errors["team_id"] = N_("Unknown team.")
    if data.role_id is None or session.get(Role, data.role_id) is None:
        errors["role_id"] = N_("Unknown role.")
    if data.supervisor_id is not None:
        supervisor = session.get(User, data.supervisor_id)
        unchanged = user is not None and user.supervisor_id == data.supervisor_id
        if supervisor is None or not (supervisor.is_active or unchanged):
            errors["supervisor_id"] = N_("Choose an active user.")
        elif user is not None and _supervisor_loops(
            session, user.id, data.supervisor_id
        ):
            errors["supervisor_id"] = N_(
                "A user cannot report to themselves or to someone who reports to them."
            )
    if data.language is not None and data.language not in LANGUAGES:
        errors["language"] = N_("Unknown language.")
    return errors


def _values(data: UserIn) -> dict[str, Any]:
    return {
        "display_name": clean(data.display_name),
        "email": clean(data.email),
        "mobile": clean(data.mobile),
    }


def create_account(
    session: Session, actor: Actor, data: UserIn
) -> tuple[User, str | None]:
    """Create a user; an empty password is generated and returned (shown once,
    stored only as a hash), else the second item is None.
    Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_USERS)
    values = _values(data)
    username = (data.username or "").strip()
    values["display_name"] = values["display_name"] or username
    errors = _field_errors(session, data, values, None)
    if not username or len(username) > 50 or any(c.isspace() for c in username):
        errors["username"] = N_("Enter a username of 1 to 50 characters.")
    elif session.scalar(select(User.id).where(User.username == username)):
        errors["username"] = N_("This username is taken.")
    generated = None if data.password else generate_password()
    password = data.password or generated
    if problem := password_problem(password):
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)
    user = User(
        username=username,
        password_hash=hash_password(password),
        must_change_password=True,
        team_id=data.team_id,
        supervisor_id=data.supervisor_id,
        role_id=data.role_id,
        language=data.language,
        **values,
    )
    session.add(user)
    session.flush()
    record_audit(session, actor, "user.create", "user", user.id, after=snapshot(user))
    return user, generated


def _clear_lost_leaderships(session: Session, actor: Actor, user: User) -> None:
    """A leader is a member of the team or its sub-teams: after a move, drop the
    leaderships the user no longer qualifies for."""
    for team in session.scalars(select(Team).where(Team.leader_id == user.id)):
        if user.team_id not in team_subtree_ids(session, team.id):
            team.leader_id = None
            record_audit(
                session,
                actor,
                "team.update",
                "team",
                team.id,
                before={"leader_id": user.id},
                after={"leader_id": None},
            )


def update_user(session: Session, actor: Actor, user_id: int, data: UserIn) -> User:
    """Edit team, supervisor, role, language, display name, email and mobile. Role
    and team changes apply from the user's next request. An admin cannot give
    themselves a role without user administration.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    user = get_user(session, actor, user_id)
    values = _values(data)
    errors = _field_errors(session, data, values, user)
    if user.id == actor.user_id and "role_id" not in errors:
        role = session.get(Role, data.role_id)
        if ADMIN_USERS not in (role.permissions or ()):
            errors["role_id"] = N_(
                "You cannot take user administration away from yourself."
            )
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(user)
    for name, value in values.items():
        setattr(user, name, value)
    user.team_id = data.team_id
    user.supervisor_id = data.supervisor_id
    user.role_id = data.role_id
    user.language = data.language
    session.flush()
    if user.team_id != before["team_id"]:
        _clear_lost_leaderships(session, actor, user)
    old, new = changed_fields(before, snapshot(user))
    if new:
        record_audit(
            session, actor, "user.update", "user", user.id, before=old, after=new
        )
    session.flush()
    return user


HANDOVER_MODES = ("keep", "transfer", "release")


@dataclass(frozen=True)
class Handover:
    """What happens to a disabled user's live customers: stay with them, go to
    another user (`to_user_id`) or into the public pool (with `reason`)."""

    mode: str = "keep"
    to_user_id: int | None = None
    reason: str | None = None


def disable_with_handover(
    session: Session, actor: Actor, user_id: int, handover: Handover
) -> int:
    """Disable a user and hand their live customers over in the same transaction;
    returns how many moved. Raises PermissionDenied, NotFound, ValidationFailed."""
    user = get_user(session, actor, user_id)
    if handover.mode not in HANDOVER_MODES:
        raise ValidationFailed(
            {"handover": N_("Choose what happens to the customers.")}
        )
    customer_ids = list(
        session.scalars(
            select(Customer.id)
            .where(Customer.owner_id == user.id, Customer.deleted_at.is_(None))
            .order_by(Customer.id)
        )
    )
    moved = 0
    for start in range(0, len(customer_ids), MAX_BATCH):
        chunk = tuple(customer_ids[start : start + MAX_BATCH])
        if handover.mode == "transfer":
            moved += transfer_customers(
                session, actor, TransferIn(chunk, handover.to_user_id, handover.reason)
            ).transferred
        elif handover.mode == "release":
            moved += release_customers(session, actor, chunk, handover.reason)
    set_user_active(session, actor, user.id, False)
    return moved


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> None:
    """Enable or disable; disabling ends the user's sessions at once. Their
    customers stay theirs: handing them over is a separate action.
    Raises PermissionDenied, NotFound, ValidationFailed."""
    set_user_active(session, actor, user_id, active)


def reset_user_password(
    session: Session, actor: Actor, user_id: int, password: str | None
) -> str | None:
    """Set a new password (generated when empty: returned to show once) and end
    the user's sessions. Raises PermissionDenied, NotFound, ValidationFailed."""
    generated = None if password else generate_password()
    reset_password(session, actor, user_id, password or generated)
    return generated
