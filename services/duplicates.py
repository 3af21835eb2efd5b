"""Duplicate check (客户查重): customers with the same or a similar name or mobile,
across every scope and the public pool, without leaking what the actor may not see.

Exact matches compare normalised values (case, spaces, punctuation, full-width
forms, +86 / 0086) through the indexes on name_normalized / mobile_normalized /
phone_normalized. "Similar" names (the normalised term as a prefix, then anywhere
in the name) cannot use those b-tree indexes, so they are bounded: only for terms
of at least MIN_SIMILAR_LENGTH characters, and at most SIMILAR_LIMIT rows per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from models import Customer, Team, User
from services.actor import Actor
from services.errors import ValidationFailed
from services.msgid import N_
from services.normalize import MAX_PHONE_LENGTH, clean, normalize_name, normalize_phone
from services.permissions import CUSTOMER_VIEW
from services.substring_match import has_substring

EXACT_LIMIT = 100
SIMILAR_LIMIT = 30
MIN_SIMILAR_LENGTH = 2

# Match kinds, best first: the rank of a row is its best match.
MATCH_RANKS = {
    "name_exact": 0,
    "mobile_exact": 0,
    "name_normalized": 1,
    "mobile_normalized": 1,
    "name_prefix": 2,
    "name_contains": 3,
}
# What a row outside the actor's scope carries: who holds it, nothing to contact.
LIMITED_KEYS = ("name", "owner", "team", "in_pool", "matches", "in_scope")


@dataclass(frozen=True)
class DuplicateQuery:
    name: str | None = None
    mobile: str | None = None

    def field_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        name, mobile = clean(self.name), clean(self.mobile)
        if not normalize_name(name) and not mobile:
            message = N_("Enter a name or a mobile number.")
            return {"name": message, "mobile": message}
        if name and len(name) > 200:
            errors["name"] = N_("At most 200 characters.")
        if mobile and len(mobile) > MAX_PHONE_LENGTH:
            errors["mobile"] = N_("At most 30 characters.")
        elif mobile and not normalize_phone(mobile):
            errors["mobile"] = N_("Enter the digits of a phone number.")
        return errors


@dataclass(frozen=True)
class DuplicateResult:
    rows: list[dict[str, Any]]
    # A limit was reached: more customers match than are shown.
    truncated: bool


def _base_query():
    return (
        select(
            Customer.id,
            Customer.name,
            Customer.name_normalized,
            Customer.mobile,
            Customer.mobile_normalized,
            Customer.phone,
            Customer.phone_normalized,
            Customer.stage,
            Customer.owner_id,
            Customer.created_at,
            User.display_name.label("owner"),
            Team.name.label("team"),
        )
        .outerjoin(User, User.id == Customer.owner_id)
        .outerjoin(Team, Team.id == User.team_id)
        .where(Customer.deleted_at.is_(None))
    )


def _fetch(session: Session, where: ColumnElement, limit: int) -> tuple[list, bool]:
    rows = session.execute(_base_query().where(where).limit(limit + 1)).all()
    return rows[:limit], len(rows) > limit


def _exact_kinds(
    row, name: str | None, name_key: str, mobile: str | None, phone_key: str | None
) -> list[str]:
    kinds = []
    if name_key and row.name_normalized == name_key:
        kinds.append("name_exact" if row.name == name else "name_normalized")
    if phone_key and phone_key in (row.mobile_normalized, row.phone_normalized):
        raw = {clean(row.mobile), clean(row.phone)}
        kinds.append("mobile_exact" if mobile in raw else "mobile_normalized")
    return kinds


def _present(row, matches: list[str], actor: Actor) -> dict[str, Any]:
    in_scope = row.owner_id is not None and actor.sees_user(row.owner_id)
    full = {
        "id": row.id,
        "name": row.name,
        "mobile": row.mobile,
        "phone": row.phone,
        "stage": row.stage,
        "created_at": row.created_at,
        "owner": row.owner or "",
        "team": row.team or "",
        "in_pool": row.owner_id is None,
        "matches": matches,
        "in_scope": in_scope,
    }
    return full if in_scope else {key: full[key] for key in LIMITED_KEYS}


def _similar(session: Session, name_key: str, exclude: list[int]) -> tuple[list, bool]:
    """Up to SIMILAR_LIMIT other names containing `name_key`, those starting with it
    first. One scan when all of them fit (the usual case for a distinctive name);
    when there are more, a second early-stopping query makes room for prefixes."""
    others = (Customer.name_normalized != name_key) & Customer.id.not_in(exclude)
    contains, more = _fetch(
        session,
        others & has_substring(Customer.name_normalized, name_key),
        SIMILAR_LIMIT,
    )
    if not more:
        return contains, False
    prefix, _more = _fetch(
        session,
        others & Customer.name_normalized.startswith(name_key, autoescape=True),
        SIMILAR_LIMIT,
    )
    prefix_ids = {row.id for row in prefix}
    rest = [row for row in contains if row.id not in prefix_ids]
    return (prefix + rest)[:SIMILAR_LIMIT], True


def find_duplicate_customers(
    session: Session, actor: Actor, query: DuplicateQuery
) -> DuplicateResult:
    """Live customers (any owner, or none) with the same normalised name or mobile,
    then similar names. Rows outside the actor's scope hold only name, owner and
    team. Raises PermissionDenied, ValidationFailed."""
    actor.require(CUSTOMER_VIEW)
    errors = query.field_errors()
    if errors:
        raise ValidationFailed(errors)
    name, mobile = clean(query.name), clean(query.mobile)
    name_key = normalize_name(name)
    phone_key = normalize_phone(mobile)
    clauses = []
    if name_key:
        clauses.append(Customer.name_normalized == name_key)
    if phone_key:
        clauses += [
            Customer.mobile_normalized == phone_key,
            Customer.phone_normalized == phone_key,
        ]
    exact, truncated = _fetch(session, or_(*clauses), EXACT_LIMIT)
    found: dict[int, tuple[Any, list[str]]] = {
        row.id: (row, _exact_kinds(row, name, name_key, mobile, phone_key))
        for row in exact
    }
    if len(name_key) >= MIN_SIMILAR_LENGTH:
        similar, more = _similar(session, name_key, list(found))
        truncated = truncated or more
        for row in similar:
            kind = "name_prefix" if row.name_normalized.startswith(name_key) else None
            found[row.id] = (row, [kind or "name_contains"])
    ordered = sorted(
        found.values(),
        key=lambda item: (
            min(MATCH_RANKS[kind] for kind in item[1]),
            len(item[0].name_normalized),
            item[0].name_normalized,
            item[0].id,
        ),
    )
    return DuplicateResult(
        [_present(row, matches, actor) for row, matches in ordered], truncated
    )
