"""Administering dictionaries: add, relabel, reorder, disable/enable, delete entries.

Stored records keep a dictionary *code*, so a code never changes once created and
an entry that records use is disabled, never deleted: old records keep showing
their label (services.dictionaries.labels reads inactive entries too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Base, DictionaryEntry
from models.dictionary import DICTIONARY_KINDS
from services.actor import Actor
from services.audit import changed_fields, record_audit, snapshot
from services.errors import Conflict, NotFound, ValidationFailed
from services.msgid import N_
from services.ordering import generate_code, label_errors, move_item, record_active
from services.permissions import ADMIN_SETTINGS

OBJECT_TYPE = "dictionary_entry"
CODE_LENGTH = 50
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# (table, column) pairs holding codes of each kind. Looked up by table name so a
# module whose table is absent from this build is simply skipped; a new kind's
# users (opportunity stages, lost reasons…) add their columns here.
DICTIONARY_USAGE: dict[str, tuple[tuple[str, str], ...]] = {
    "customer_source": (("customers", "source"), ("leads", "source")),
    "industry": (("customers", "industry"),),
    "customer_level": (("customers", "level"),),
    "followup_type": (("followups", "followup_type"),),
    "product_unit": (("products", "unit"),),
    "payment_method": (("payments", "method"),),
}


@dataclass(frozen=True)
class EntryIn:
    """A new entry; an empty code is generated from the English label."""

    kind: str
    label_en: str | None = None
    label_zh: str | None = None
    code: str | None = None


def list_entries(session: Session, actor: Actor, kind: str) -> list[dict[str, Any]]:
    """Every entry of `kind`, active or not, in display order.
    Raises PermissionDenied, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    _check_kind(kind)
    entries = session.scalars(
        select(DictionaryEntry)
        .where(DictionaryEntry.kind == kind)
        .order_by(DictionaryEntry.sort_order, DictionaryEntry.id)
    )
    return [_row(entry) for entry in entries]


def get_entry(session: Session, actor: Actor, entry_id: int) -> dict[str, Any]:
    """One entry. Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    return _row(_entry(session, entry_id))


def create_entry(session: Session, actor: Actor, data: EntryIn) -> DictionaryEntry:
    """Add an entry at the end of its list. Raises PermissionDenied,
    ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    _check_kind(data.kind)
    label_en, label_zh = _clean(data.label_en), _clean(data.label_zh)
    entered_code = _clean(data.code).lower()
    errors = _label_errors(session, data.kind, label_en, label_zh)
    if entered_code:
        if len(entered_code) > CODE_LENGTH or not _CODE.match(entered_code):
            errors["code"] = N_(
                "Use up to 50 lower-case letters, digits, - or _, "
                "starting with a letter or digit."
            )
        elif _code_taken(session, data.kind, entered_code):
            errors["code"] = N_("This code is already used in this list.")
    if errors:
        raise ValidationFailed(errors)
    code = entered_code or _generate_code(session, data.kind, label_en)
    last = session.scalar(
        select(func.max(DictionaryEntry.sort_order)).where(
            DictionaryEntry.kind == data.kind
        )
    )
    entry = DictionaryEntry(
        kind=data.kind,
        code=code,
        label_en=label_en,
        label_zh=label_zh,
        sort_order=(last + 1) if last is not None else 0,
        is_active=True,
    )
    try:
        # A concurrent add of the same code loses on the unique constraint.
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError as error:
        raise ValidationFailed(
            {"code": N_("This code is already used in this list.")}
        ) from error
    record_audit(
        session,
        actor,
        "dictionary.create",
        OBJECT_TYPE,
        entry.id,
        after=snapshot(entry),
    )
    session.flush()
    return entry


def update_entry(
    session: Session,
    actor: Actor,
    entry_id: int,
    *,
    label_en: str | None,
    label_zh: str | None,
) -> DictionaryEntry:
    """Change an entry's labels (its code stays: records store it).
    Raises PermissionDenied, NotFound, ValidationFailed."""
    actor.require(ADMIN_SETTINGS)
    entry = _entry(session, entry_id, lock=True)
    label_en, label_zh = _clean(label_en), _clean(label_zh)
    errors = _label_errors(session, entry.kind, label_en, label_zh, except_id=entry.id)
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(entry)
    entry.label_en, entry.label_zh = label_en, label_zh
    old, new = changed_fields(before, snapshot(entry))
    if new:
        record_audit(
            session,
            actor,
            "dictionary.update",
            OBJECT_TYPE,
            entry.id,
            before=old,
            after=new,
        )
    session.flush()
    return entry


def move_entry(session: Session, actor: Actor, entry_id: int, *, up: bool) -> bool:
    """Swap an entry with its neighbour above (up) or below; False at either end.
    Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    entry = _entry(session, entry_id)
    siblings = list(
        session.scalars(
            select(DictionaryEntry)
            .where(DictionaryEntry.kind == entry.kind)
            .order_by(DictionaryEntry.sort_order, DictionaryEntry.id)
            .with_for_update()
        )
    )
    return move_item(
        session,
        actor,
        siblings,
        entry,
        up=up,
        action="dictionary.reorder",
        object_type=OBJECT_TYPE,
    )


def set_entry_active(
    session: Session, actor: Actor, entry_id: int, *, active: bool
) -> DictionaryEntry:
    """Enable or disable an entry: disabled ones are not offered in forms but stay
    readable on records. Raises PermissionDenied, NotFound."""
    actor.require(ADMIN_SETTINGS)
    entry = _entry(session, entry_id, lock=True)
    record_active(
        session,
        actor,
        entry,
        active=active,
        action_prefix="dictionary",
        object_type=OBJECT_TYPE,
    )
    session.flush()
    return entry


def delete_entry(session: Session, actor: Actor, entry_id: int) -> None:
    """Delete an entry no record uses. Raises PermissionDenied, NotFound, Conflict
    (in use: disable it instead)."""
    actor.require(ADMIN_SETTINGS)
    entry = _entry(session, entry_id, lock=True)
    if entry_in_use(session, entry.kind, entry.code):
        raise Conflict(N_("Records use this entry: disable it instead of deleting."))
    record_audit(
        session,
        actor,
        "dictionary.delete",
        OBJECT_TYPE,
        entry.id,
        before=snapshot(entry),
    )
    session.delete(entry)
    session.flush()


def entry_in_use(session: Session, kind: str, code: str) -> bool:
    """Whether any record (deleted-to-recycle-bin ones too) stores `code`."""
    for table_name, column_name in DICTIONARY_USAGE.get(kind, ()):
        table = Base.metadata.tables.get(table_name)
        if table is None:
            continue
        if session.scalar(select(exists().where(table.c[column_name] == code))):
            return True
    return False


def _row(entry: DictionaryEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "code": entry.code,
        "label_en": entry.label_en,
        "label_zh": entry.label_zh,
        "sort_order": entry.sort_order,
        "is_active": entry.is_active,
    }


def _entry(session: Session, entry_id: int, *, lock: bool = False) -> DictionaryEntry:
    query = select(DictionaryEntry).where(DictionaryEntry.id == entry_id)
    entry = session.scalar(query.with_for_update() if lock else query)
    if entry is None:
        raise NotFound()
    return entry


def _check_kind(kind: str) -> None:
    if kind not in DICTIONARY_KINDS:
        raise ValidationFailed({"kind": N_("Choose a value from the list.")})


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _label_errors(
    session: Session,
    kind: str,
    label_en: str,
    label_zh: str,
    *,
    except_id: int | None = None,
) -> dict[str, str]:
    return label_errors(
        session,
        DictionaryEntry,
        {"label_en": label_en, "label_zh": label_zh},
        taken=N_("Another entry in this list has this label."),
        scope=[DictionaryEntry.kind == kind],
        except_id=except_id,
    )


def _code_taken(session: Session, kind: str, code: str) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    DictionaryEntry.kind == kind, DictionaryEntry.code == code
                )
            )
        )
    )


def _generate_code(session: Session, kind: str, label_en: str) -> str:
    return generate_code(
        label_en,
        length=CODE_LENGTH,
        default="entry",
        taken=lambda code: _code_taken(session, kind, code),
    )
