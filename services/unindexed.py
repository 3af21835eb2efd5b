"""`unindexed(column)`: the column, written on SQLite as `+column`, SQLite's
documented way to keep a WHERE term from being sought through an index. A
drill-down's page of the slowest decisions of a year: SQLite took the index
by decision time and sorted the year's 250,000 decisions for it (~125 ms);
with the period's term left to filter, it walks the index by whole hours
from the slowest and stops at the page (~7 ms). Other databases get the
column as it is."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class unindexed(FunctionElement):  # noqa: N801 - used like an SQL function
    inherit_cache = True
    name = "unindexed"

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _as_is(element, compiler, **kw) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(unindexed, "sqlite")
def _plus(element, compiler, **kw) -> str:
    return f"+{compiler.process(element.clauses.clauses[0], **kw)}"
