"""Alembic migrations: upgrade, no drift from the models, downgrade and back."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, inspect

import models
from models import CUSTOMER_NAME_INDEX
from models.base import compared_in_autogenerate
from services.schema import alembic_config, schema_differences, upgrade_database

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


@BACKENDS
def test_upgrade_creates_the_models_schema(isolated_engine):
    upgrade_database(isolated_engine)

    # SQLite's search tables (models/substring_index.py) are not in the models.
    modelled = {
        name
        for name in table_names(isolated_engine)
        if compared_in_autogenerate(name, "table", {})
    }
    assert modelled == {*models.Base.metadata.tables, "alembic_version"}
    if isolated_engine.dialect.name == "sqlite":
        assert CUSTOMER_NAME_INDEX.table in table_names(isolated_engine)
    assert schema_differences(isolated_engine) == []


@BACKENDS
def test_circular_team_leader_foreign_key_is_created(isolated_engine):
    upgrade_database(isolated_engine)

    foreign_keys = inspect(isolated_engine).get_foreign_keys("teams")
    assert {"name": "fk_teams_leader_id_users", "referred_table": "users"} in [
        {"name": fk["name"], "referred_table": fk["referred_table"]}
        for fk in foreign_keys
    ]


@BACKENDS
def test_downgrade_to_base_then_upgrade_again(isolated_engine):
    upgrade_database(isolated_engine)

    with isolated_engine.connect() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert table_names(isolated_engine) == {"alembic_version"}

    upgrade_database(isolated_engine)
    assert schema_differences(isolated_engine) == []
