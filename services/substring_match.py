"""`has_substring(column, term)`: a substring test on a normalized name that an index
can serve. PostgreSQL: LIKE '%term%', which its pg_trgm index answers. SQLite:
the row's id among those its FTS5 trigram table finds
(models/substring_index.py) — otherwise a search reads every name.

The trigram table only answers a LIKE without ESCAPE of at least three
characters, so a shorter term, one with a LIKE wildcard, or a column without
such a table gets the plain LIKE (read every row) instead."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, literal
from sqlalchemy.ext.compiler import compiles

from models.substring_index import SUBSTRING_INDEXES
from services.sql_condition import Condition

TRIGRAM = 3
# LIKE's wildcards, and PostgreSQL's default escape character.
LIKE_SPECIAL = frozenset("%_\\")


def _index_of(column: Any) -> str | None:
    table = getattr(column.table, "element", column.table)  # an alias's table
    return SUBSTRING_INDEXES.get((table.name, column.name))


def has_substring(column: Any, term: str) -> ColumnElement[bool]:
    if _index_of(column) and len(term) >= TRIGRAM and not LIKE_SPECIAL & set(term):
        return _indexed_contains(column.table.c.id, column, literal(f"%{term}%"))
    return column.contains(term, autoescape=True)


class _indexed_contains(Condition):  # noqa: N801 - used like an SQL operator
    inherit_cache = True
    name = "indexed_contains"


@compiles(_indexed_contains)
def _like(element, compiler, **kw) -> str:
    _id, column, pattern = (compiler.process(c, **kw) for c in element.clauses)
    return f"{column} LIKE {pattern}"


@compiles(_indexed_contains, "sqlite")
def _fts(element, compiler, **kw) -> str:
    key, column, pattern = element.clauses
    return (
        f"{compiler.process(key, **kw)} IN (SELECT rowid FROM {_index_of(column)} "
        f"WHERE {column.name} LIKE {compiler.process(pattern, **kw)})"
    )
