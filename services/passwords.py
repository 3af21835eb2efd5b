"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.msgid import N_

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
# Verified against when the username is unknown, so both paths cost the same.
_DUMMY_HASH = _hasher.hash("pelago-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """English msgid describing why a new password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("Use at least 8 characters.")
    if password.isdigit() or password.isalpha():
        return N_("Mix letters with digits or symbols.")
    return None
