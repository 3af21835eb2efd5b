"""Substring indexes for name search on SQLite: an FTS5 trigram table over one
column, kept by triggers like the rollups (models/tally.py) and read by
services.substring_match. SQLite has no index a LIKE '%term%' can use, so a
search read all of a million customer names (~1.3 s); PostgreSQL has its pg_trgm
indexes (migration 0008) and gets nothing here."""

from __future__ import annotations

from models.tally import Tally, register

# (table, column) → the FTS5 table that indexes it.
SUBSTRING_INDEXES: dict[tuple[str, str], str] = {}


def substring_index(source: str, column: str) -> Tally:
    """An external-content FTS5 table `<source>_<column>_fts` whose rowid is
    `source`.id (the trigram tokenizer folds case; the column is normalized)."""
    name = f"{source}_{column}_fts"
    triggers = (f"{name}_insert", f"{name}_delete", f"{name}_update")
    add = f"INSERT INTO {name} (rowid, {column}) VALUES (NEW.id, NEW.{column});"
    remove = (
        f"INSERT INTO {name} ({name}, rowid, {column}) "
        f"VALUES ('delete', OLD.id, OLD.{column});"
    )
    SUBSTRING_INDEXES[(source, column)] = name
    return register(
        Tally(
            table=name,
            source=source,
            postgresql=(),
            sqlite=(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({column}, "
                f"content='{source}', content_rowid='id', tokenize='trigram')",
                f"CREATE TRIGGER {triggers[0]} AFTER INSERT ON {source} "
                f"BEGIN {add} END",
                f"CREATE TRIGGER {triggers[1]} AFTER DELETE ON {source} "
                f"BEGIN {remove} END",
                f"CREATE TRIGGER {triggers[2]} AFTER UPDATE OF {column} ON {source} "
                f"BEGIN {remove} {add} END",
            ),
            triggers=triggers,
            function="",
            recount={
                "postgresql": (),
                "sqlite": (f"INSERT INTO {name} ({name}) VALUES ('rebuild')",),
            },
            clear=False,
        )
    )


CUSTOMER_NAME_INDEX = substring_index("customers", "name_normalized")
