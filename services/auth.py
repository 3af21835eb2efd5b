"""Login, lockout, password changes and session invalidation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import User
from models.base import utcnow
from services.actor import Actor
from services.audit import record_audit
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

MAX_FAILED_LOGINS = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class LoginResult:
    user_id: int | None
    session_version: int = 0
    language: str | None = None
    # English msgid shown on failure: identical for unknown user and bad password.
    error: str | None = None


LOGIN_FAILED = N_("Invalid username or password, or the account is locked.")


def authenticate(
    session: Session, username: str, password: str, now: dt.datetime | None = None
) -> LoginResult:
    """Check credentials and count failures per account; never raises."""
    now = now or utcnow()
    user = session.scalar(
        select(User).where(User.username == (username or "").strip()).with_for_update()
    )
    if user is None:
        verify_password(None, password)  # same cost as a real check
        return LoginResult(None, error=LOGIN_FAILED)
    if user.locked_until and user.locked_until > now:
        return LoginResult(None, error=LOGIN_FAILED)
    if not verify_password(user.password_hash, password) or not user.is_active:
        _count_failure(session, user, now)
        return LoginResult(None, error=LOGIN_FAILED)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_login_count = 0
    user.failed_login_window_start = None
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return LoginResult(user.id, user.session_version, user.language)


def _count_failure(session: Session, user: User, now: dt.datetime) -> None:
    window_start = user.failed_login_window_start
    if window_start is None or now - window_start > FAILURE_WINDOW:
        user.failed_login_window_start = now
        user.failed_login_count = 0
    user.failed_login_count += 1
    if user.failed_login_count >= MAX_FAILED_LOGINS:
        user.locked_until = now + LOCKOUT
        record_audit(session, None, "user.locked", "user", user.id)
    session.flush()


class LoginState(NamedTuple):
    valid: bool
    language: str | None = None
    must_change_password: bool = False


def current_login(session: Session, user_id: int, session_version: int) -> LoginState:
    """What a login cookie is worth: valid while the user is active and its
    version matches; one query, run on every request."""
    row = session.execute(
        select(
            User.is_active,
            User.session_version,
            User.language,
            User.must_change_password,
        ).where(User.id == user_id)
    ).first()
    if not (row and row.is_active and row.session_version == session_version):
        return LoginState(False)
    return LoginState(True, row.language, row.must_change_password)


def session_is_current(session: Session, user_id: int, session_version: int) -> bool:
    """A login cookie is valid while the user is active and its version matches."""
    return current_login(session, user_id, session_version)[0]


def change_own_password(
    session: Session, actor: Actor, current: str, new: str, confirm: str
) -> int:
    """Change the actor's password; returns the new session version.
    Raises ValidationFailed."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound()
    errors: dict[str, str] = {}
    if not verify_password(user.password_hash, current or ""):
        errors["current"] = N_("The current password is wrong.")
    if problem := password_problem(new or ""):
        errors["new"] = problem
    elif new != confirm:
        errors["confirm"] = N_("The two passwords differ.")
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new)
    user.session_version += 1
    user.must_change_password = False
    record_audit(session, actor, "user.password_change", "user", user.id)
    session.flush()
    return user.session_version


def set_user_language(session: Session, actor: Actor, language: str) -> None:
    """Store the actor's UI language (zh_CN or en). Raises ValidationFailed."""
    if language not in ("zh_CN", "en"):
        raise ValidationFailed({"language": N_("Unknown language.")})
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound()
    user.language = language
