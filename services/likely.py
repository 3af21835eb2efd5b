"""`likely(condition)`: the condition, marked on SQLite as true of most rows
(its likely() function: the same truth, a different estimate for the
planner). SQLite guesses from sqlite_stat1 that `owner_id IS NULL` holds for
~2,000 customers, one owner's worth, and seeks them through an index that
lacks the columns the query reads; the pool is ~30,000, and its covering
partial index is the cheaper read (the pool's ages: 45 -> 8 ms). The
condition still proves the partial index's WHERE. Other databases get the
condition as it is."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles

from services.sql_condition import Condition


class likely(Condition):  # noqa: N801 - used like an SQL function
    inherit_cache = True
    name = "likely"

    def __init__(self, condition: Any) -> None:
        super().__init__(condition)


@compiles(likely)
def _as_is(element, compiler, **kw) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(likely, "sqlite")
def _likely(element, compiler, **kw) -> str:
    return f"likely({compiler.process(element.clauses.clauses[0], **kw)})"
