"""Normalisation for search and duplicate detection, and field format checks."""

from __future__ import annotations

import re
import unicodedata

from services.msgid import N_

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^[0-9+()\-\s#*转ext.]+$", re.IGNORECASE)
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Mobile and phone columns are VARCHAR(30); PostgreSQL rejects longer values.
MAX_PHONE_LENGTH = 30


def normalize_name(value: str | None) -> str:
    """Full-width → half-width, case-folded, without spaces and punctuation."""
    text = unicodedata.normalize("NFKC", value or "").casefold()
    return "".join(
        ch
        for ch in text
        if not unicodedata.category(ch).startswith(("P", "Z", "S", "C"))
    )


def normalize_phone(value: str | None) -> str | None:
    """Digits only, without a +86 / 0086 country prefix; None when empty."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
            break
    return digits or None


def mobile_problem(value: str) -> str | None:
    """English msgid when `value` is not a plausible mobile number."""
    text = unicodedata.normalize("NFKC", value).strip()
    digits = normalize_phone(text) or ""
    if len(value.strip()) > MAX_PHONE_LENGTH:
        return N_("At most 30 characters.")
    if not _PHONE_CHARS.match(text):
        return N_("Use digits only (a leading + is allowed).")
    if text.startswith("+") and not text.startswith(("+86", "+ 86")):
        return None if 6 <= len(digits) <= 15 else N_("Enter 6 to 15 digits.")
    if not _CN_MOBILE.match(digits):
        return N_("Enter an 11-digit mobile number starting with 1.")
    return None


def phone_problem(value: str) -> str | None:
    """English msgid when `value` is not a plausible landline number."""
    text = unicodedata.normalize("NFKC", value).strip()
    digits = normalize_phone(text) or ""
    if len(value.strip()) > MAX_PHONE_LENGTH:
        return N_("At most 30 characters.")
    if not _PHONE_CHARS.match(text) or not 5 <= len(digits) <= 20:
        return N_("Enter a valid phone number (digits, spaces, +, - and brackets).")
    return None


def email_problem(value: str) -> str | None:
    if len(value) > 200 or not _EMAIL.match(value.strip()):
        return N_("Enter a valid email address.")
    return None


def clean(value: str | None) -> str | None:
    """Strip surrounding whitespace; empty strings become None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def contact_channel_errors(
    mobile: str | None, phone: str | None, email: str | None
) -> dict[str, str]:
    """Field errors of the mobile / phone / email trio shared by customers, contacts
    and leads (each optional)."""
    checks = (
        ("mobile", mobile, mobile_problem),
        ("phone", phone, phone_problem),
        ("email", email, email_problem),
    )
    return {
        name: problem
        for name, value, check in checks
        if value and (problem := check(value))
    }
