"""Shared fixtures: databases (SQLite + PostgreSQL), savepoint sessions, actors,
and the headless Chromium options for dash_duo."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

import models
import services.passwords
from services.database import make_engine
from services.settings import Settings
from services.tally_clock import align_tally_clock

POSTGRES_URL = os.environ.get("PELAGO_TEST_POSTGRES_URL")
REQUIRE_BROWSER = os.environ.get("PELAGO_REQUIRE_BROWSER") == "1"
CHROMIUM = "/usr/bin/chromium"
_PG_SCHEMAS: dict[Engine, str] = {}


def browser_available() -> bool:
    return os.path.exists(CHROMIUM) and shutil.which("chromedriver") is not None


def pytest_setup_options():
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--window-size=1400,1000",
        "--disable-component-update",
        "--no-first-run",
    ):
        options.add_argument(flag)
    return options


def pytest_collection_modifyitems(config, items):
    if browser_available():
        return
    if REQUIRE_BROWSER:
        raise pytest.UsageError(
            "PELAGO_REQUIRE_BROWSER=1 but Chromium/ChromeDriver are missing"
        )
    skip = pytest.mark.skip(reason="Chromium + ChromeDriver not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _postgres_engine() -> Engine:
    """A fresh schema per test session so parallel runs never collide."""
    schema = f"pelago_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    engine = make_engine(
        POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"}
    )
    _PG_SCHEMAS[engine] = schema
    return engine


def _drop_postgres_schema(engine: Engine) -> None:
    engine.dispose()
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {_PG_SCHEMAS.pop(engine)} CASCADE"))
    admin.dispose()


def backend_params() -> list:
    postgres = pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="PELAGO_TEST_POSTGRES_URL not set"
        ),
    )
    return ["sqlite", postgres]


@pytest.fixture(scope="session", autouse=True)
def _cheap_argon2() -> Iterator[None]:
    """Production argon2 costs ~0.1 s per hash and per check and fixtures hash many
    passwords: same argon2id code, minimal cost."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.passwords, "_hasher", cheap)
        patch.setattr(services.passwords, "_DUMMY_HASH", cheap.hash("dummy"))
        yield


@pytest.fixture(scope="session", params=backend_params())
def engine(request, tmp_path_factory) -> Iterator[Engine]:
    """A migrated-to-models database per backend, shared by the whole session."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "pelago-test.db"
        db_engine = make_engine(f"sqlite:///{path}")
    else:
        db_engine = _postgres_engine()
    models.Base.metadata.create_all(db_engine)
    with db_engine.begin() as connection:  # as `pelago init-db` leaves it
        align_tally_clock(connection, Settings.timezone)
    yield db_engine
    if request.param == "sqlite":
        db_engine.dispose()
    else:
        _drop_postgres_schema(db_engine)


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back after the test;
    service commits become savepoints."""
    connection = engine.connect()
    transaction = connection.begin()
    db_session = Session(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
    )
    yield db_session
    db_session.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def isolated_engine(request, tmp_path) -> Iterator[Engine]:
    """An empty database of the requested backend for tests that really commit
    (races, CLI, migrations). Parametrise with indirect=True."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        db_engine = make_engine(f"sqlite:///{tmp_path / 'isolated.db'}")
        yield db_engine
        db_engine.dispose()
    else:
        if not POSTGRES_URL:
            pytest.skip("PELAGO_TEST_POSTGRES_URL not set")
        db_engine = _postgres_engine()
        yield db_engine
        _drop_postgres_schema(db_engine)


@pytest.fixture
def org(session):
    """A small organisation: see tests/factories.py."""
    from tests.factories import build_org

    return build_org(session)
