"""Database schema: the packaged Alembic migrations and drift from the models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine

import models
from models.base import compared_in_autogenerate
from services.database import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(target: str | Connection) -> Config:
    """Alembic config for the packaged migrations on a URL or a shared connection."""
    config = Config(MIGRATIONS_DIR / "alembic.ini")
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if isinstance(target, Connection):
        config.attributes["connection"] = target
    else:
        # ConfigParser interpolates "%", which URL-encoded passwords contain.
        config.set_main_option("sqlalchemy.url", target.replace("%", "%%"))
    return config


def upgrade_database(target: str | Engine | Connection, revision: str = "head") -> None:
    """Migrate the database to `revision`. Raises alembic.util.CommandError."""
    with _connect(target) as connection:
        command.upgrade(alembic_config(connection), revision)


def schema_differences(target: str | Engine | Connection) -> list:
    """What autogenerate would change to make the database match the models."""
    with _connect(target) as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": compared_in_autogenerate},
        )
        return compare_metadata(context, models.Base.metadata)


@contextmanager
def _connect(target: str | Engine | Connection) -> Iterator[Connection]:
    if isinstance(target, Connection):
        yield target
        return
    engine = make_engine(target) if isinstance(target, str) else target
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        if engine is not target:
            engine.dispose()
