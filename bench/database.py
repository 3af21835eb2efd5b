"""The benchmark database: a PostgreSQL schema (or SQLite file) loaded once with the
demo data at the requested scale and reused by later runs."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from models import Customer
from services.database import make_engine
from services.demo_data import load_demo_data, stderr_progress
from services.schema import upgrade_database
from services.tally_clock import align_tally_clock


@dataclass(frozen=True)
class BenchDatabase:
    url: str  # what the app connects with (carries the schema's search_path)
    label: str


def postgres_url(base_url: str, schema: str) -> str:
    """`base_url` with the schema as the connection's search_path."""
    url = make_url(base_url)
    return url.update_query_dict(
        {"options": f"-csearch_path={schema}"}
    ).render_as_string(hide_password=False)


def vacuum(engine: Engine) -> None:
    """Statistics and, on PostgreSQL, the visibility map (index-only scans) as
    autovacuum would leave them some time after a bulk load."""
    if engine.dialect.name == "postgresql":  # VACUUM runs outside a transaction
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    # SQLite: in a committed transaction. AUTOCOMMIT still let the engine's
    # BEGIN IMMEDIATE (services/database.py) open one, never committed, so
    # the statistics were rolled back.
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def prepare(
    url: str, *, scale: str, seed: int, zone: str, schema: str | None = None
) -> BenchDatabase:
    """Migrate, set the tally clock to `zone` and load the demo data unless the
    customers are already there; vacuum after any of them changed rows."""
    if schema:
        admin = make_engine(url)
        with admin.begin() as connection:
            # Migration 0008 would install pg_trgm into the first bench schema,
            # and dropping that schema would take every schema's search indexes.
            connection.execute(
                text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
            )
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        admin.dispose()
        url = postgres_url(url, schema)
    engine: Engine = make_engine(url)
    before = _revision(engine)
    upgrade_database(engine)
    migrated = _revision(engine) != before
    with engine.begin() as connection:
        recounted = align_tally_clock(connection, zone)
    with engine.connect() as connection:
        customers = connection.scalar(select(func.count()).select_from(Customer))
    loading = not customers
    if loading:
        print(f"loading demo data ({scale}) …", file=sys.stderr)
        load_demo_data(engine, scale=scale, seed=seed, progress=stderr_progress)
        with engine.connect() as connection:
            customers = connection.scalar(select(func.count()).select_from(Customer))
    if loading or migrated or recounted:  # rewritten rows, stale statistics
        vacuum(engine)
    engine.dispose()
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    return BenchDatabase(url, f"{backend}, {customers:,} customers")
