"""Generated record numbers (contracts, payments) from admin-edited patterns.

A pattern mixes literal text with tokens: {yyyy} {yy} {mm} {dd} (the date the
number is generated for) and exactly one {seq:N} (a counter, zero-padded to N
digits). The counter lives in NumberSequence(object_type, period) where the
period is the pattern's date part, so it restarts whenever that part changes
("HT{yyyy}{mm}-{seq:4}" counts per month, "HT{yyyy}-{seq:5}" per year).

next_number is race-safe on both backends: the counter moves with one
conditional UPDATE … RETURNING, and a missing counter row is inserted inside a
savepoint (a concurrent insert loses on the unique key and retries the UPDATE).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import NumberPattern, NumberSequence
from services.actor import Actor
from services.audit import record_audit
from services.errors import NotFound, ValidationFailed
from services.msgid import N_
from services.normalize import clean
from services.permissions import ADMIN_SETTINGS

# Object types whose numbers are generated; the admin page edits these patterns.
NUMBERED_TYPES = ("contract", "payment")
MAX_PATTERN = 50
# Generated numbers go into String(50) columns (contracts.number, payments.number).
MAX_NUMBER = 50
MAX_SEQ_DIGITS = 10
INSERT_ATTEMPTS = 5

_TOKEN = re.compile(r"\{([^{}]*)\}")
_SEQ = re.compile(r"seq:(\d{1,2})")
DATE_TOKENS = {
    "yyyy": lambda on: f"{on.year:04d}",
    "yy": lambda on: f"{on.year % 100:02d}",
    "mm": lambda on: f"{on.month:02d}",
    "dd": lambda on: f"{on.day:02d}",
}

PATTERN_REQUIRED = N_("Enter a pattern.")
PATTERN_TOO_LONG = N_("At most 50 characters.")
PATTERN_NEEDS_SEQ = N_("The pattern needs exactly one counter such as {seq:4}.")
PATTERN_BAD_SEQ = N_("The counter takes 1 to 10 digits, e.g. {seq:4}.")
# Field messages are shown without str.format: their braces stay literal.
PATTERN_UNKNOWN_TOKEN = N_(
    "Unknown placeholder: use {yyyy}, {yy}, {mm}, {dd} and {seq:N}."
)
PATTERN_BAD_TEXT = N_("Braces must enclose a placeholder; spaces are not allowed.")
PATTERN_NUMBER_TOO_LONG = N_("Numbers from this pattern would exceed 50 characters.")


@dataclass(frozen=True)
class _Part:
    """A literal (`text`), a date token (`date`) or the counter (`digits`)."""

    text: str = ""
    date: str | None = None
    digits: int | None = None


def _parse(pattern: str) -> tuple[list[_Part], str | None]:
    """The pattern's parts, or the msgid of its first problem."""
    parts: list[_Part] = []
    position = 0
    for match in _TOKEN.finditer(pattern):
        literal = pattern[position : match.start()]
        if literal:
            parts.append(_Part(text=literal))
        token = match.group(1)
        if token in DATE_TOKENS:
            parts.append(_Part(date=token))
        elif token.startswith("seq:") or token == "seq":
            seq = _SEQ.fullmatch(token)
            digits = int(seq.group(1)) if seq else 0
            if not 1 <= digits <= MAX_SEQ_DIGITS:
                return [], PATTERN_BAD_SEQ
            parts.append(_Part(digits=digits))
        else:
            return [], PATTERN_UNKNOWN_TOKEN
        position = match.end()
    if pattern[position:]:
        parts.append(_Part(text=pattern[position:]))
    return parts, None


def validate_pattern(pattern: str | None) -> str | None:
    """The msgid of what is wrong with `pattern`, or None when it is usable."""
    pattern = clean(pattern)
    if not pattern:
        return PATTERN_REQUIRED
    if len(pattern) > MAX_PATTERN:
        return PATTERN_TOO_LONG
    if any(ch.isspace() for ch in pattern) or not pattern.isprintable():
        return PATTERN_BAD_TEXT
    parts, problem = _parse(pattern)
    if problem:
        return problem
    if any("{" in p.text or "}" in p.text for p in parts):
        return PATTERN_BAD_TEXT
    if sum(1 for p in parts if p.digits is not None) != 1:
        return PATTERN_NEEDS_SEQ
    longest = sum(
        len(p.text) or (4 if p.date == "yyyy" else 2 if p.date else p.digits or 0)
        for p in parts
    )
    # A counter may outgrow its padding: leave room for a few more digits.
    if longest + 2 > MAX_NUMBER:
        return PATTERN_NUMBER_TOO_LONG
    return None


def _render(parts: list[_Part], on: dt.date, value: int) -> str:
    out = []
    for part in parts:
        if part.date:
            out.append(DATE_TOKENS[part.date](on))
        elif part.digits is not None:
            out.append(f"{value:0{part.digits}d}")
        else:
            out.append(part.text)
    return "".join(out)


def period_of(pattern: str, on: dt.date) -> str:
    """The pattern's date part on `on` ("" when it has no date token): the key
    under which its counter runs."""
    parts, _problem = _parse(pattern)
    return "".join(DATE_TOKENS[p.date](on) for p in parts if p.date)


def format_number(pattern: str, on: dt.date, value: int) -> str:
    """`pattern` rendered for `on` with counter `value` (the pattern must be valid)."""
    parts, _problem = _parse(pattern)
    return _render(parts, on, value)


def preview(pattern: str | None, on: dt.date) -> str | None:
    """The first number `pattern` would give on `on`, or None when it is invalid."""
    if validate_pattern(pattern) is not None:
        return None
    return format_number(clean(pattern), on, 1)


def current_pattern(session: Session, object_type: str) -> str:
    """The stored pattern of `object_type`. Raises NotFound when there is none."""
    pattern = session.scalar(
        select(NumberPattern.pattern).where(NumberPattern.object_type == object_type)
    )
    if pattern is None:
        raise NotFound()
    return pattern


def _bump(session: Session, object_type: str, period: str) -> int | None:
    """Move the counter by one in a single UPDATE; its new value, or None when the
    counter row does not exist yet."""
    return session.execute(
        update(NumberSequence)
        .where(
            NumberSequence.object_type == object_type,
            NumberSequence.period == period,
        )
        .values(last_value=NumberSequence.last_value + 1)
        .returning(NumberSequence.last_value)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()


def next_value(session: Session, object_type: str, period: str) -> int:
    """The next counter value of (object_type, period), creating the counter on
    first use. Concurrent callers never get the same value: the UPDATE locks the
    row until the caller's transaction ends."""
    for _attempt in range(INSERT_ATTEMPTS):
        value = _bump(session, object_type, period)
        if value is not None:
            return value
        try:
            with session.begin_nested():
                session.add(
                    NumberSequence(object_type=object_type, period=period, last_value=1)
                )
        except IntegrityError:
            continue  # someone else created it meanwhile: bump theirs
        return 1
    raise RuntimeError(f"number counter {object_type}/{period} could not be created")


def next_number(session: Session, object_type: str, *, on: dt.date) -> str:
    """The next number of `object_type` for date `on`, from its stored pattern.
    Raises NotFound when the object type has no pattern."""
    pattern = current_pattern(session, object_type)
    parts, problem = _parse(pattern)
    if problem:  # stored before validation existed: fall back to a plain counter
        parts = [_Part(text=pattern[:20]), _Part(digits=4)]
    period = "".join(DATE_TOKENS[p.date](on) for p in parts if p.date)
    return _render(parts, on, next_value(session, object_type, period))


# --- administration -------------------------------------------------------------


def number_patterns(session: Session, actor: Actor) -> dict[str, str]:
    """{object type: pattern} of every numbered type. Raises PermissionDenied."""
    actor.require(ADMIN_SETTINGS)
    rows = dict(
        session.execute(
            select(NumberPattern.object_type, NumberPattern.pattern).where(
                NumberPattern.object_type.in_(NUMBERED_TYPES)
            )
        ).all()
    )
    return {object_type: rows.get(object_type, "") for object_type in NUMBERED_TYPES}


def save_number_patterns(
    session: Session, actor: Actor, patterns: dict[str, str | None]
) -> dict[str, str]:
    """Store new patterns ({object type: pattern}); every pattern is checked before
    anything is written. Counters of the new date part start at 1 (a number that
    already exists is skipped when a record is created).
    Raises PermissionDenied, ValidationFailed({object type: msgid})."""
    actor.require(ADMIN_SETTINGS)
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for object_type, pattern in patterns.items():
        if object_type not in NUMBERED_TYPES:
            errors[object_type] = N_("Choose a value from the list.")
        elif problem := validate_pattern(pattern):
            errors[object_type] = problem
        else:
            cleaned[object_type] = clean(pattern)
    if errors:
        raise ValidationFailed(errors)
    for object_type, pattern in cleaned.items():
        row = session.get(NumberPattern, object_type)
        before = row.pattern if row else None
        if before == pattern:
            continue
        if row is None:
            session.add(NumberPattern(object_type=object_type, pattern=pattern))
        else:
            row.pattern = pattern
        record_audit(
            session,
            actor,
            "numbering.update",
            "number_pattern",
            None,
            before={"object_type": object_type, "pattern": before},
            after={"object_type": object_type, "pattern": pattern},
        )
    session.flush()
    return number_patterns(session, actor)
