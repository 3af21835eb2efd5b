"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.msgid import N_

# argon2id at OWASP's 19 MiB / 2 passes / 1 lane profile: argon2-cffi's default
# (64 MiB) made every concurrent login add 64 MB to a server worker (bench/load.py).
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
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


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with other parameters (upgraded at login)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def password_problem(password: str) -> str | None:
    """English msgid describing why a new password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("Use at least 8 characters.")
    if password.isdigit() or password.isalpha():
        return N_("Mix letters with digits or symbols.")
    return None
