"""Bulk inserts of generated rows: Core executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import JSON, Connection, Table, func, insert, select, text


class SqliteWriter:
    # SQLAlchemy's per-row parameter processing holds the GIL: a generator thread
    # measured no faster here.
    overlaps_generation = False
    # Index pages of big tables stop fitting SQLite's 2 MB default cache; 64 MB
    # made the medium load ~20 % faster for ~35 MB more memory.
    LOAD_CACHE_KIB = 65_536

    def __init__(self) -> None:
        self.usual_cache_size: int | None = None

    def write(
        self,
        connection: Connection,
        table: Table,
        columns: Sequence[str],
        rows: list[tuple],
    ) -> None:
        if not rows:
            return
        if self.usual_cache_size is None:
            self.usual_cache_size = connection.exec_driver_sql(
                "PRAGMA cache_size"
            ).scalar()
        # Per call: after a commit the session may hold another pooled connection.
        connection.exec_driver_sql(f"PRAGMA cache_size=-{self.LOAD_CACHE_KIB}")
        connection.execute(
            insert(table), [dict(zip(columns, row, strict=True)) for row in rows]
        )

    def finish(self, connection: Connection, tables: Sequence[Table]) -> None:
        """Give the connection its usual cache back. (No ids to fix: INTEGER
        PRIMARY KEY continues from the largest id.)"""
        if self.usual_cache_size is not None:
            connection.exec_driver_sql(f"PRAGMA cache_size={self.usual_cache_size}")


class PostgresWriter:
    # COPY waits on the server without the GIL: generating the next batch in a
    # thread meanwhile saved 15-20 % on a busy 2-CPU machine.
    overlaps_generation = True

    def write(
        self,
        connection: Connection,
        table: Table,
        columns: Sequence[str],
        rows: list[tuple],
    ) -> None:
        if not rows:
            return
        json_positions = [
            n for n, name in enumerate(columns) if isinstance(table.c[name].type, JSON)
        ]
        # The session's own DBAPI connection: COPY joins its open transaction.
        # Text format: the server casts each value to the column's type (binary
        # COPY measured no faster and would need the exact types).
        driver = connection.connection.driver_connection
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for position in json_positions:
                        row[position] = json.dumps(row[position], ensure_ascii=False)
                copy.write_row(row)

    def finish(self, connection: Connection, tables: Sequence[Table]) -> None:
        """Move the id sequences past the explicit ids, and refresh the planner's
        statistics (the tables grew from nothing)."""
        for table in tables:
            if "id" not in table.c:  # a link table keyed by its two ids
                continue
            largest = connection.scalar(select(func.max(table.c.id)))
            if largest is not None:
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                    {"table": table.name, "value": largest},
                )
        connection.execute(text(f"ANALYZE {', '.join(t.name for t in tables)}"))


def writer_for(dialect_name: str) -> SqliteWriter | PostgresWriter:
    if dialect_name == "postgresql":
        return PostgresWriter()
    if dialect_name == "sqlite":
        return SqliteWriter()
    raise ValueError(f"Demo data supports SQLite and PostgreSQL, not {dialect_name}.")
