"""Alembic environment: migrates models.Base.metadata on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from alembic.operations import ops
from sqlalchemy import Connection, ForeignKeyConstraint

import models
from models.base import compared_in_autogenerate
from services.database import make_engine

config = context.config
target_metadata = models.Base.metadata
# From the CLI: alembic -c migrations/alembic.ini -x url=<database url> <command>
x_arguments = context.get_x_argument(as_dictionary=True)
url = x_arguments.get("url") or config.get_main_option("sqlalchemy.url")
if config.cmd_opts is not None and config.config_file_name:
    # Only for the CLI: fileConfig would disable the loggers of an application
    # that runs migrations programmatically.
    fileConfig(config.config_file_name)


def add_use_alter_foreign_keys_last(_context, _revision, directives) -> None:
    """Autogenerate hook: move use_alter FKs out of op.create_table(), which leaves
    them out on PostgreSQL, into ALTERs once every table exists."""
    script = directives[0]
    deferred = []
    for operation in script.upgrade_ops.ops:
        if not isinstance(operation, ops.CreateTableOp):
            continue
        kept = []
        for item in operation.columns:
            if isinstance(item, ForeignKeyConstraint) and item.use_alter:
                create_fk = ops.CreateForeignKeyOp.from_constraint(item)
                deferred.append(
                    ops.ModifyTableOps(
                        operation.table_name, [create_fk], schema=operation.schema
                    )
                )
            else:
                kept.append(item)
        operation.columns = kept
    if deferred:
        script.upgrade_ops.ops.extend(deferred)
        script.downgrade_ops = script.upgrade_ops.reverse()


@contextmanager
def sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Batch mode copies a table, drops the original and renames the copy: with
    foreign keys enforced, that DROP cascades to (deletes) every child row."""
    if connection.dialect.name != "sqlite":
        yield
        return
    if connection.in_transaction():
        raise RuntimeError(
            "On SQLite, migrate on a connection outside a transaction: "
            "PRAGMA foreign_keys cannot be switched off inside one."
        )
    driver_connection = connection.connection.driver_connection
    driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver_connection.execute("PRAGMA foreign_keys=ON")


def check_sqlite_foreign_keys(connection: Connection) -> None:
    """With enforcement off during the migration, check the result before commit."""
    if connection.dialect.name == "sqlite":
        violations = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if violations:
            raise RuntimeError(f"Foreign key violations after migrating: {violations}")


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        # make_engine emits BEGIN itself on SQLite, so its DDL is transactional too:
        # one transaction for the whole upgrade on both backends.
        transactional_ddl=True,
        process_revision_directives=add_use_alter_foreign_keys_last,
        include_name=compared_in_autogenerate,
    )
    with sqlite_foreign_keys_off(connection), context.begin_transaction():
        context.run_migrations()
        check_sqlite_foreign_keys(connection)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
