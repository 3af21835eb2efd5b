"""The `pelago` command line, run in-process: init-db and create-user."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

import models
from dashboard.cli import main
from models.base import compared_in_autogenerate
from services.auth import authenticate
from services.database import Database, make_engine
from services.schema import schema_differences
from services.tally_clock import tally_shift

POSTGRES_URL = os.environ.get("PELAGO_TEST_POSTGRES_URL")
PASSWORD = "Secret-123"


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("PELAGO_DATABASE_URL", url)
    monkeypatch.setenv("PELAGO_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.delenv("PELAGO_SECRET_KEY", raising=False)
    return url


@pytest.fixture
def postgres_url(tmp_path, monkeypatch) -> Iterator[str]:
    """A URL whose connections only see a fresh schema (search_path via libpq
    `options`), dropped afterwards: other tests' schemas are never touched."""
    if not POSTGRES_URL:
        pytest.skip("PELAGO_TEST_POSTGRES_URL not set")
    schema = f"pelago_cli_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = (
        make_url(POSTGRES_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    monkeypatch.setenv("PELAGO_DATABASE_URL", url)
    monkeypatch.setenv("PELAGO_INSTANCE_DIR", str(tmp_path / "instance"))
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def tables(url: str) -> set[str]:
    """The modelled tables (not SQLite's search tables, models/substring_index.py)."""
    engine = make_engine(url)
    try:
        names = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    return {name for name in names if compared_in_autogenerate(name, "table", {})}


def assert_schema_is_current(url: str) -> None:
    assert tables(url) == {*models.Base.metadata.tables, "alembic_version"}
    assert schema_differences(url) == []


def can_log_in(url: str, username: str, password: str) -> bool:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            return authenticate(session, username, password).user_id is not None
    finally:
        database.dispose()


def test_init_db_creates_the_schema(sqlite_url, capsys):
    main(["init-db"])

    assert_schema_is_current(sqlite_url)
    assert "Database ready" in capsys.readouterr().out


def test_init_db_twice_is_idempotent(sqlite_url):
    main(["init-db"])
    main(["create-user", "alice", "--password", PASSWORD])

    main(["init-db"])

    assert_schema_is_current(sqlite_url)
    assert can_log_in(sqlite_url, "alice", PASSWORD)  # data kept


def test_init_db_sets_the_tally_clock_to_the_company_zone(
    sqlite_url, monkeypatch, capsys
):
    monkeypatch.setenv("PELAGO_TIMEZONE", "America/New_York")
    main(["init-db"])
    assert "recounted for America/New_York" in capsys.readouterr().out
    main(["init-db"])  # already there: nothing to recount
    assert "recounted" not in capsys.readouterr().out

    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as connection:
            assert tally_shift(connection) == dt.timedelta(hours=-5)
    finally:
        engine.dispose()


def test_init_db_keeps_the_secret_key_in_the_instance_dir(sqlite_url, tmp_path):
    main(["init-db"])

    assert (tmp_path / "instance" / "secret_key").exists()


def test_create_user_can_log_in(sqlite_url, capsys):
    main(["init-db"])
    capsys.readouterr()

    main(
        [
            "create-user",
            "alice",
            "--role",
            "admin",
            "--name",
            "Alice",
            "--password",
            PASSWORD,
            "--language",
            "en",
        ]
    )

    assert "Created user alice" in capsys.readouterr().out
    assert can_log_in(sqlite_url, "alice", PASSWORD)
    assert not can_log_in(sqlite_url, "alice", "Wrong-123")


def test_create_user_with_a_taken_username_exits_2(sqlite_url, capsys):
    main(["init-db"])
    main(["create-user", "alice", "--password", PASSWORD])
    capsys.readouterr()

    with pytest.raises(SystemExit) as exit_info:
        main(["create-user", "alice", "--password", "Other-456"])

    assert exit_info.value.code == 2
    assert "username: This username is taken." in capsys.readouterr().err
    assert can_log_in(sqlite_url, "alice", PASSWORD)  # the first one is intact


def test_create_user_reports_every_field_error(sqlite_url, capsys):
    main(["init-db"])
    capsys.readouterr()

    with pytest.raises(SystemExit) as exit_info:
        main(["create-user", " ", "--password", "short"])

    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "username:" in err
    assert "password:" in err


def test_unknown_command_is_a_usage_error(sqlite_url):
    with pytest.raises(SystemExit) as exit_info:
        main(["drop-everything"])

    assert exit_info.value.code == 2


@pytest.mark.postgres
def test_init_db_on_postgresql(postgres_url, capsys):
    main(["init-db"])
    main(["init-db"])
    main(["create-user", "alice", "--password", PASSWORD])

    assert_schema_is_current(postgres_url)
    assert can_log_in(postgres_url, "alice", PASSWORD)
    out = capsys.readouterr().out
    assert "Database ready" in out
