"""SQL that means the same on every database and is written for SQLite's
query planner, where its guess would cost a scan or a sort; other databases
get the expression as it is.

- `likely(condition)`: the condition, marked as true of most rows (SQLite's
  likely(): the same truth, a different estimate). SQLite guesses from
  sqlite_stat1 that `owner_id IS NULL` holds for ~2,000 customers, one
  owner's worth, and seeks them through an index that lacks the columns the
  query reads; the pool is ~30,000, and its covering partial index is the
  cheaper read (the pool's ages: 45 -> 8 ms). The condition still proves the
  partial index's WHERE.
- `unindexed(column)`: the column as `+column`, SQLite's documented way to
  keep a WHERE term from being sought through an index, so that the planner
  takes the index that gives the ORDER BY or holds the other terms (a drill's
  page of the slowest decisions of a year: the year's 250,000 sorted, ~125
  ms; walked by whole hours, ~2 ms). Callers decide when that pays.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from services.sql_condition import Condition


class _SQLiteHint(FunctionElement):
    """Its one argument as is; on SQLite written as `sqlite` says."""

    inherit_cache = True
    sqlite = "{}"  # a format string of the argument


@compiles(_SQLiteHint)
def _as_is(element, compiler, **kw) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(_SQLiteHint, "sqlite")
def _hinted(element, compiler, **kw) -> str:
    return element.sqlite.format(compiler.process(element.clauses.clauses[0], **kw))


class likely(Condition, _SQLiteHint):  # noqa: N801 - used like an SQL function
    inherit_cache = True
    name = "likely"
    sqlite = "likely({})"

    def __init__(self, condition: Any) -> None:
        super().__init__(condition)


class unindexed(_SQLiteHint):  # noqa: N801 - used like an SQL function
    inherit_cache = True
    name = "unindexed"
    sqlite = "+{}"

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


def unindexed_if(hinted: bool, column: Any) -> Any:
    """unindexed(column) if `hinted`, else the column as it is."""
    return unindexed(column) if hinted else column
