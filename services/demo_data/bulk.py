"""Bulk-load mode: the big tables lose their secondary indexes and the tallies
their triggers while the rows go in, and get them back (built once, over all
rows) at the end — also after a failed load. Maintaining a dozen indexes (the
search's trigram indexes above all) and the tallies row by row made PostgreSQL's
COPY the bottleneck of a large load."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Table, text
from sqlalchemy.orm import Session

from models.tally import install_tallies, suspend_tallies

_POSTGRESQL_INDEXES = text(
    """
    SELECT i.relname, pg_get_indexdef(i.oid)
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname = :table AND t.relnamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
    """
)
# Indexes SQLite made for constraints have no SQL: they stay.
_SQLITE_INDEXES = text(
    "SELECT name, sql FROM sqlite_master "
    "WHERE type = 'index' AND tbl_name = :table AND sql IS NOT NULL"
)


def secondary_indexes(
    connection: Connection, tables: Sequence[Table]
) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the tables' indexes that back no constraint."""
    query = (
        _POSTGRESQL_INDEXES
        if connection.dialect.name == "postgresql"
        else _SQLITE_INDEXES
    )
    return [
        (name, definition)
        for table in tables
        for name, definition in connection.execute(query, {"table": table.name})
    ]


def _create(connection: Connection, indexes: list[tuple[str, str]]) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in indexes:
        for kind in ("CREATE INDEX ", "CREATE UNIQUE INDEX "):
            if definition.startswith(kind):
                definition = kind + "IF NOT EXISTS " + definition[len(kind) :]
        connection.exec_driver_sql(definition)


def _reinstall_tallies(connection: Connection) -> None:
    suspend_tallies(connection)  # a rolled-back suspension left them in place
    install_tallies(connection)


@contextmanager
def _restored_after(session: Session, restore) -> Iterator[None]:
    """Run `restore(connection)` after the block, and after a failed one in a
    transaction of its own (the load commits along the way)."""
    try:
        yield
    except BaseException:
        session.rollback()
        restore(session.connection())
        session.commit()
        raise
    restore(session.connection())


@contextmanager
def indexes_dropped(session: Session, tables: Sequence[Table]) -> Iterator[None]:
    connection = session.connection()
    indexes = secondary_indexes(connection, tables)
    for name, _definition in indexes:
        connection.exec_driver_sql(f"DROP INDEX {name}")
    with _restored_after(session, lambda c: _create(c, indexes)):
        yield


@contextmanager
def tallies_suspended(session: Session) -> Iterator[None]:
    suspend_tallies(session.connection())
    with _restored_after(session, _reinstall_tallies):
        yield
