"""Declarative base, constraint naming convention and shared column types."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT ids on PostgreSQL, INTEGER (rowid alias) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# JSONB on PostgreSQL (indexable, comparable), JSON text on SQLite.
Json = JSON().with_variant(JSONB(), "postgresql")

int_pk = Annotated[int, mapped_column(BigId, primary_key=True, autoincrement=True)]
created_at = Annotated[dt.datetime, mapped_column(DateTime, default=lambda: utcnow())]
str20 = Annotated[str, mapped_column(String(20))]
str50 = Annotated[str, mapped_column(String(50))]
str100 = Annotated[str, mapped_column(String(100))]
str200 = Annotated[str, mapped_column(String(200))]
money = Annotated[Decimal, mapped_column(Numeric(14, 2))]


def prefix_index(table: str, column: str) -> Index:
    """An index for equality and prefix search (LIKE 'term%') on a normalized
    phone or name: on PostgreSQL in byte order (varchar_pattern_ops), which a
    LIKE can use whatever the database's collation (migration 0015)."""
    return Index(
        f"ix_{table}_{column}", column, postgresql_ops={column: "varchar_pattern_ops"}
    )


def partial_index(name: str, *columns: str, where: str, **kwargs) -> Index:
    """An index of the rows where `where` (SQL) holds, on both databases."""
    return Index(
        name,
        *columns,
        sqlite_where=text(where),
        postgresql_where=text(where),
        **kwargs,
    )


# Trigram (pg_trgm GIN) indexes for the substring and phone search, created by
# migration 0008 on PostgreSQL only: not declared here (SQLite has no such
# index and create_all would need the extension), so schema comparison must
# leave them out.
POSTGRESQL_ONLY_INDEXES = frozenset(
    {
        "ix_customers_name_trgm",
        "ix_customers_mobile_trgm",
        "ix_customers_phone_trgm",
        "ix_contacts_name_trgm",
        "ix_contacts_mobile_trgm",
        # Newest first with the never-set last (migration 0010): SQLite's own
        # index order already is; a PostgreSQL index must say NULLS FIRST.
        "ix_customers_owner_last_followup_nf",
        "ix_customers_last_followup_nf",
        "ix_customers_pool_entered_nf",
        # Day and month rows read from the index alone (INCLUDE; migration 0011).
        "ix_followup_tallies_cover",
    }
)


# SQLite's FTS5 search tables (models/substring_index.py: "…_fts") and the
# shadow tables FTS5 keeps beside each ("…_fts_data", "…_fts_idx", …).
FTS_TABLE = re.compile(r".+_fts(_[a-z]+)?")


def compared_in_autogenerate(name: str | None, type_: str, _parents: dict) -> bool:
    """Alembic `include_name` hook: everything but POSTGRESQL_ONLY_INDEXES and
    the FTS tables."""
    if type_ == "table":
        return not FTS_TABLE.fullmatch(name or "")
    return not (type_ == "index" and name in POSTGRESQL_ONLY_INDEXES)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: Json, list: Json}


def utcnow() -> dt.datetime:
    """Naive UTC timestamp: every stored datetime is UTC, shown in the user's zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
