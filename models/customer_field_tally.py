"""Live owned customers per value of each field the customer analytics break
them down by (source, industry, level, province, stage), per owner and for
everyone (EVERYONE), by month of creation on the tally clock
(models/tally_clock.py): a trigger-kept rollup (models/tally.py). An admin's
year of 680,000 new customers by region is ~400 rows of everyone's months
instead of an index scan of every customer (~100 ms);
services/analytics/customers.py reads it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigId
from models.tally import Tally, register
from models.tally_clock import MONTH, starts_on

FIELDS = ("source", "industry", "level", "province", "stage")
EVERYONE = 0  # owner_key of the rows that count every owner's customers
NO_VALUE = ""  # value key of the customers without a value


class CustomerFieldTally(Base):
    __tablename__ = "customer_field_tallies"

    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    owner_key: Mapped[int] = mapped_column(BigId, primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # clock's
    value: Mapped[str] = mapped_column(String(50), primary_key=True)
    customers: Mapped[int] = mapped_column(Integer, default=0)


_TABLE = "customer_field_tallies"
_KEY = "field, owner_key, month, value"
_WATCHED = ("owner_id", "deleted_at", "created_at", *FIELDS)


def _live(row: str) -> str:
    return f"{row}.deleted_at IS NULL AND {row}.owner_id IS NOT NULL"


def _keys(row: str, dialect: str) -> list[str]:
    """The (field, owner_key, month, value) tuples a customer row counts in."""
    month = starts_on(f"{row}.created_at")[MONTH][dialect]
    return [
        f"('{field}', {owner}, {month}, COALESCE({row}.{field}, '{NO_VALUE}'))"
        for field in FIELDS
        for owner in (f"{row}.owner_id", str(EVERYONE))
    ]


def _pg_function() -> str:
    def values(row: str, extra: str = "") -> str:
        return ", ".join(key[:-1] + extra + ")" for key in _keys(row, "postgresql"))

    return f"""
CREATE OR REPLACE FUNCTION customer_field_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND {_live("OLD")} THEN
    UPDATE {_TABLE} t SET customers = t.customers - 1
    FROM (VALUES {values("OLD")}) AS k(field, owner_key, month, value)
    WHERE t.field = k.field AND t.owner_key = k.owner_key
      AND t.month = k.month AND t.value = k.value;
  END IF;
  IF TG_OP <> 'DELETE' AND {_live("NEW")} THEN
    INSERT INTO {_TABLE} ({_KEY}, customers) VALUES {values("NEW", ", 1")}
    ON CONFLICT ({_KEY}) DO UPDATE SET customers = {_TABLE}.customers + 1;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""


def _sqlite_steps(row: str, sign: str) -> str:
    """Statements moving a row's counts by `sign` (its rows first made when
    adding)."""
    keys = _keys(row, "sqlite")
    made = (
        f"\n  INSERT OR IGNORE INTO {_TABLE} ({_KEY}, customers) "
        f"SELECT *, 0 FROM (VALUES {', '.join(keys)}) WHERE {_live(row)};"
        if sign == "+"
        else ""
    )
    return made + "".join(
        f"\n  UPDATE {_TABLE} SET customers = customers {sign} 1 "
        f"WHERE ({_KEY}) = {key} AND {_live(row)};"
        for key in keys
    )


def _recount(dialect: str) -> str:
    """Every live customer's rows: a pass over the table per field and owner
    key (ten; ~10 s at a million customers on PostgreSQL)."""
    month = starts_on("created_at")[MONTH][dialect]
    parts = " UNION ALL ".join(
        f"SELECT '{field}' AS field, {owner} AS owner_key, {month} AS month, "
        f"COALESCE({field}, '{NO_VALUE}') AS value FROM customers "
        f"WHERE {_live('customers')}"
        for field in FIELDS
        for owner in ("owner_id", str(EVERYONE))
    )
    return (
        f"INSERT INTO {_TABLE} ({_KEY}, customers) SELECT {_KEY}, COUNT(*) "
        f"FROM ({parts}) AS counted GROUP BY {_KEY}"
    )


_CHANGED_PG = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _WATCHED)
_CHANGED_SQLITE = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _WATCHED)

CUSTOMER_FIELD_TALLY = register(
    Tally(
        table=_TABLE,
        source="customers",
        postgresql=(
            _pg_function(),
            """
CREATE TRIGGER customer_field_write AFTER INSERT OR DELETE ON customers
FOR EACH ROW EXECUTE FUNCTION customer_field_change()
""",
            f"""
CREATE TRIGGER customer_field_update AFTER UPDATE OF {", ".join(_WATCHED)}
ON customers FOR EACH ROW WHEN ({_CHANGED_PG})
EXECUTE FUNCTION customer_field_change()
""",
        ),
        sqlite=(
            "CREATE TRIGGER customer_field_write AFTER INSERT ON customers\n"
            f"BEGIN{_sqlite_steps('NEW', '+')}\nEND",
            "CREATE TRIGGER customer_field_delete AFTER DELETE ON customers\n"
            f"BEGIN{_sqlite_steps('OLD', '-')}\nEND",
            f"CREATE TRIGGER customer_field_update AFTER UPDATE OF "
            f"{', '.join(_WATCHED)} ON customers\nWHEN {_CHANGED_SQLITE}\n"
            f"BEGIN{_sqlite_steps('OLD', '-')}{_sqlite_steps('NEW', '+')}\nEND",
        ),
        triggers=(
            "customer_field_write",
            "customer_field_delete",
            "customer_field_update",
        ),
        function="customer_field_change",
        recount={dialect: (_recount(dialect),) for dialect in ("postgresql", "sqlite")},
        clocked=True,
    )
)
