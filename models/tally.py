"""Rollups kept by database triggers (models/customer_tally.py,
models/followup_tally.py): counts the lists and reports read from a few rows
instead of counting millions, exact whatever writes the base table (services,
imports, jobs, bulk loads) because the count changes in the writing
transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import event

from models.base import Base


@dataclass(frozen=True)
class Tally:
    table: str  # the rollup
    source: str  # the table its triggers watch
    postgresql: tuple[str, ...]  # function and triggers
    sqlite: tuple[str, ...]  # triggers
    triggers: tuple[str, ...]  # their names, to drop them
    # INSERT … SELECT: the rollup from the source's rows, per dialect name
    recount: dict[str, str]

    def install(self, bind) -> None:
        """Create the triggers and count what is already there."""
        postgresql = bind.dialect.name == "postgresql"
        for statement in self.postgresql if postgresql else self.sqlite:
            bind.exec_driver_sql(statement)
        self.rebuild(bind)

    def suspend(self, bind) -> None:
        """Drop the triggers (a bulk load inserts first and recounts once after,
        then `install` again)."""
        suffix = f" ON {self.source}" if bind.dialect.name == "postgresql" else ""
        for name in self.triggers:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{suffix}")

    def rebuild(self, bind) -> None:
        bind.exec_driver_sql(f"DELETE FROM {self.table}")
        bind.exec_driver_sql(self.recount[bind.dialect.name])


TALLIES: list[Tally] = []


def register(tally: Tally) -> Tally:
    TALLIES.append(tally)
    return tally


def _after_create(_metadata, connection, **_kw) -> None:
    install_tallies(connection)


# After the whole metadata: the watched tables and the rollups must all exist.
event.listen(Base.metadata, "after_create", _after_create)


def suspend_tallies(bind) -> None:
    for tally in TALLIES:
        tally.suspend(bind)


def install_tallies(bind) -> None:
    for tally in TALLIES:
        tally.install(bind)
