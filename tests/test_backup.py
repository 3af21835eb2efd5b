"""`pelago backup` / `pelago restore`: SQLite online backups, checked restores with
a safety copy, and the pg_dump procedure for PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.cli import main
from models import Customer
from services.backup import BackupError, check_backup, postgres_procedure
from services.customers import CustomerIn, create_customer
from services.database import Database
from services.org import build_actor
from services.users import create_user

POSTGRES = "postgresql+psycopg://pelago:s3cret@db.example.com:5432/pelago"


@pytest.fixture
def instance(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PELAGO_DATABASE_URL", f"sqlite:///{tmp_path / 'pelago.db'}")
    monkeypatch.setenv("PELAGO_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.delenv("PELAGO_SECRET_KEY", raising=False)
    return tmp_path / "instance"


@pytest.fixture
def db_url(instance, tmp_path, capsys) -> str:
    """An initialised database with one customer, "First"."""
    main(["init-db"])
    url = f"sqlite:///{tmp_path / 'pelago.db'}"
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            user = create_user(
                session,
                None,
                username="admin",
                password="Secret-123",
                display_name="Admin",
                role_code="admin",
            )
        add_customer(database, user.id, "First")
    finally:
        database.dispose()
    capsys.readouterr()
    return url


def add_customer(database: Database, user_id: int, name: str) -> None:
    with database.unit_of_work() as session:
        actor = build_actor(session, user_id, None, "en")
        create_customer(session, actor, CustomerIn(name=name), allow_duplicate=True)


def customer_names(url: str) -> list[str]:
    database = Database(url)
    try:
        with database.read_only() as session:
            return sorted(session.scalars(select(Customer.name)))
    finally:
        database.dispose()


def backup(capsys, *args: str) -> Path:
    main(["backup", *args])
    return Path(capsys.readouterr().out.strip())


def admin_id(url: str) -> int:
    database = Database(url)
    try:
        with database.read_only() as session:
            return session.scalar(select(Customer.created_by_id))
    finally:
        database.dispose()


def test_backup_writes_a_timestamped_copy_under_instance_backups(
    db_url, instance, capsys
):
    path = backup(capsys)

    assert path.parent == instance / "backups"
    assert path.name.startswith("pelago-") and path.suffix == ".db"
    check_backup(path)
    assert customer_names(f"sqlite:///{path}") == ["First"]


def test_backup_to_a_chosen_directory(db_url, tmp_path, capsys):
    first = backup(capsys, "--to", str(tmp_path / "elsewhere"))
    second = backup(capsys, "--to", str(tmp_path / "elsewhere"))

    assert first.parent == second.parent == tmp_path / "elsewhere"
    assert first != second  # two backups in one second do not overwrite


def test_restore_brings_back_the_backed_up_data_and_keeps_a_safety_copy(
    db_url, instance, capsys
):
    saved = backup(capsys)
    database = Database(db_url)
    try:
        add_customer(database, admin_id(db_url), "Second")
    finally:
        database.dispose()
    assert customer_names(db_url) == ["First", "Second"]

    main(["restore", str(saved)])

    out = capsys.readouterr().out
    assert customer_names(db_url) == ["First"]
    safety = [p for p in (instance / "backups").glob("pelago-before-restore-*.db")]
    assert len(safety) == 1
    assert str(safety[0]) in out
    assert customer_names(f"sqlite:///{safety[0]}") == ["First", "Second"]


def test_restored_database_accepts_new_writes(db_url, capsys):
    saved = backup(capsys)

    main(["restore", str(saved)])
    database = Database(db_url)
    try:
        add_customer(database, admin_id(db_url), "After restore")
    finally:
        database.dispose()

    assert customer_names(db_url) == ["After restore", "First"]


def test_restore_refuses_a_sqlite_file_that_is_not_pelago(db_url, tmp_path, capsys):
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.commit()
    connection.close()

    with pytest.raises(SystemExit) as exit_info:
        main(["restore", str(other)])

    assert exit_info.value.code == 2
    assert "not a Pelago database" in capsys.readouterr().err
    assert customer_names(db_url) == ["First"]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a database at all" * 50])
def test_restore_refuses_a_file_that_is_not_sqlite(db_url, tmp_path, capsys, content):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(content)

    with pytest.raises(SystemExit) as exit_info:
        main(["restore", str(bogus)])

    assert exit_info.value.code == 2
    assert "Restore refused" in capsys.readouterr().err
    assert customer_names(db_url) == ["First"]


def test_restore_refuses_a_missing_file(db_url, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["restore", str(tmp_path / "nope.db")])

    assert exit_info.value.code == 2
    assert "No such file" in capsys.readouterr().err


def test_check_backup_names_the_problem(tmp_path):
    with pytest.raises(BackupError, match="No such file"):
        check_backup(tmp_path / "missing.db")


@pytest.mark.parametrize("command", [["backup"], ["restore", "x.dump"]])
def test_postgresql_prints_the_pg_dump_procedure_and_fails(
    command, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("PELAGO_DATABASE_URL", POSTGRES)
    monkeypatch.setenv("PELAGO_INSTANCE_DIR", str(tmp_path / "instance"))

    with pytest.raises(SystemExit) as exit_info:
        main(command)

    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "pg_dump --format=custom" in err
    assert "pg_restore --clean" in err
    assert "s3cret" not in err  # the password is never printed


def test_postgres_procedure_uses_a_libpq_url():
    text = postgres_procedure(POSTGRES)

    assert "postgresql://pelago:***@db.example.com:5432/pelago" in text
    assert "+psycopg" not in text
