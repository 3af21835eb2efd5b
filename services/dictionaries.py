"""Dictionary lookups: form options, labels and validation of stored codes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DictionaryEntry


def options(
    session: Session, kind: str, language: str, *, include_code: str | None = None
) -> list[dict[str, str]]:
    """Active entries of `kind` as {label, value}; keeps `include_code` even when
    disabled so an old record still shows its value in a form."""
    entries = session.scalars(
        select(DictionaryEntry)
        .where(DictionaryEntry.kind == kind)
        .order_by(DictionaryEntry.sort_order, DictionaryEntry.id)
    )
    return [
        {"label": _label(entry, language), "value": entry.code}
        for entry in entries
        if entry.is_active or entry.code == include_code
    ]


def labels(session: Session, language: str) -> dict[tuple[str, str], str]:
    """{(kind, code): label} for every entry, active or not (history stays readable)."""
    return {
        (entry.kind, entry.code): _label(entry, language)
        for entry in session.scalars(select(DictionaryEntry))
    }


def active_codes(session: Session, kind: str) -> set[str]:
    return set(
        session.scalars(
            select(DictionaryEntry.code).where(
                DictionaryEntry.kind == kind, DictionaryEntry.is_active.is_(True)
            )
        )
    )


def _label(entry: DictionaryEntry, language: str) -> str:
    return entry.label_zh if language == "zh_CN" else entry.label_en
