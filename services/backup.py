"""Database backup and restore.

SQLite: copies made with SQLite's online backup API, which reads a consistent
snapshot even while the app is writing, and restores through the same API so the
database file is replaced page by page inside one SQLite transaction.
PostgreSQL: Pelago does not dump itself; `postgres_procedure` explains pg_dump /
pg_restore, the tools made for it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore that cannot be done; `str(error)` says why."""


class UnsupportedBackend(BackupError):
    """The database is not SQLite: use the backend's own tools."""


POSTGRES_PROCEDURE = """\
Pelago backs up PostgreSQL with PostgreSQL's own tools (run them where the
database is reachable; they ask for the password or read ~/.pgpass):

Backup (custom format, compressed; safe while the app runs):
    pg_dump --format=custom --no-owner --file=pelago-$(date +%Y%m%d-%H%M%S).dump \\
        "{url}"

Restore (stop the app first, e.g. `systemctl stop pelago`):
    pg_restore --clean --if-exists --no-owner --single-transaction \\
        --dbname="{url}" pelago-YYYYMMDD-HHMMSS.dump
    pelago init-db        # applies any newer migrations to the restored data

Then start the app again. The password is not shown above: add it to the URL or
use ~/.pgpass / PGPASSWORD.
"""


def is_sqlite(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "sqlite"


def sqlite_path(database_url: str) -> Path:
    """The database file of a SQLite URL. Raises UnsupportedBackend, BackupError."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise UnsupportedBackend(postgres_procedure(database_url))
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def postgres_procedure(database_url: str) -> str:
    """The documented pg_dump / pg_restore steps for this database (no password)."""
    url = make_url(database_url).set(drivername="postgresql")
    return POSTGRES_PROCEDURE.format(url=url.render_as_string(hide_password=True))


def backup_database(
    database_url: str, target_dir: Path, *, prefix: str = "pelago"
) -> Path:
    """Copy a SQLite database to `target_dir/<prefix>-YYYYmmdd-HHMMSS.db` with the
    online backup API; returns the new file. Raises UnsupportedBackend,
    BackupError."""
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"No database at {source}.")
    target_dir.mkdir(parents=True, exist_ok=True)
    target = _new_file(target_dir, prefix)
    _copy(source, target)
    return target


def check_backup(path: Path) -> None:
    """Raises BackupError unless `path` is an intact SQLite file of a Pelago
    database (it has Alembic's version table with a revision)."""
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problems = connection.execute("PRAGMA quick_check").fetchall()
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master "
                "WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            revision = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if has_version
                else None
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if problems != [("ok",)]:
        raise BackupError(f"{path} is damaged: {problems[0][0]}")
    if revision is None:
        raise BackupError(
            f"{path} is not a Pelago database (it has no alembic_version table)."
        )


def restore_database(
    database_url: str, backup_file: Path, safety_dir: Path
) -> Path | None:
    """Replace the SQLite database with `backup_file`, after checking it and saving
    a safety copy of the current database into `safety_dir` (returned; None when
    there was no database). Stop the
    server first: open connections would keep serving from their caches.
    Raises UnsupportedBackend, BackupError."""
    target = sqlite_path(database_url)
    check_backup(backup_file)
    if target.exists() and target.resolve() == backup_file.resolve():
        raise BackupError("The backup file is the database itself.")
    safety_copy = None
    if target.exists():
        safety_dir.mkdir(parents=True, exist_ok=True)
        safety_copy = _new_file(safety_dir, "pelago-before-restore")
        _copy(target, safety_copy)
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup_file, target, keep_journal_mode=True)
    return safety_copy


def _new_file(directory: Path, prefix: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path, number = directory / f"{prefix}-{stamp}.db", 1
    while path.exists():
        number += 1
        path = directory / f"{prefix}-{stamp}-{number}.db"
    return path


def _copy(source: Path, target: Path, *, keep_journal_mode: bool = False) -> None:
    """SQLite online backup of `source` into `target` (created or overwritten)."""
    source_db = sqlite3.connect(source)
    try:
        target_db = sqlite3.connect(target)
        try:
            source_db.backup(target_db)
            if not keep_journal_mode:
                # A backup is one self-contained file, readable without a -wal.
                target_db.execute("PRAGMA journal_mode=DELETE")
        finally:
            target_db.close()
    finally:
        source_db.close()
