"""Live customers per owner and stage (a trigger-kept rollup, models/tally.py).

The customer list and the pool show a count per stage tab on every call; at a
million customers counting the rows themselves costs an all-scope viewer
~0.5 s.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.tally import Tally, register

POOL_OWNER_KEY = 0  # customers without an owner (the public pool)


class CustomerTally(Base):
    __tablename__ = "customer_tallies"

    owner_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: pool
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    customers: Mapped[int] = mapped_column(Integer, default=0)


_KEY = "COALESCE({row}.owner_id, 0), {row}.stage"
_MATCH = "owner_key = COALESCE({row}.owner_id, 0) AND stage = {row}.stage"
_SQLITE_ADD = f"""
  INSERT OR IGNORE INTO customer_tallies (owner_key, stage, customers)
  SELECT {_KEY.format(row="NEW")}, 0 WHERE NEW.deleted_at IS NULL;
  UPDATE customer_tallies SET customers = customers + 1
  WHERE NEW.deleted_at IS NULL AND {_MATCH.format(row="NEW")};"""
_SQLITE_REMOVE = f"""
  UPDATE customer_tallies SET customers = customers - 1
  WHERE OLD.deleted_at IS NULL AND {_MATCH.format(row="OLD")};"""

CUSTOMER_TALLY = register(
    Tally(
        table="customer_tallies",
        source="customers",
        postgresql=(
            f"""
CREATE OR REPLACE FUNCTION customer_tally() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
    UPDATE customer_tallies SET customers = customers - 1
    WHERE {_MATCH.format(row="OLD")};
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
    INSERT INTO customer_tallies (owner_key, stage, customers)
    VALUES ({_KEY.format(row="NEW")}, 1)
    ON CONFLICT (owner_key, stage)
    DO UPDATE SET customers = customer_tallies.customers + 1;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
            """
CREATE TRIGGER customer_tally_write AFTER INSERT OR DELETE ON customers
FOR EACH ROW EXECUTE FUNCTION customer_tally()
""",
            """
CREATE TRIGGER customer_tally_update AFTER UPDATE OF owner_id, stage, deleted_at
ON customers FOR EACH ROW
WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.stage <> NEW.stage
      OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
EXECUTE FUNCTION customer_tally()
""",
        ),
        sqlite=(
            f"""
CREATE TRIGGER customer_tally_write AFTER INSERT ON customers
BEGIN{_SQLITE_ADD}
END
""",
            f"""
CREATE TRIGGER customer_tally_delete AFTER DELETE ON customers
BEGIN{_SQLITE_REMOVE}
END
""",
            f"""
CREATE TRIGGER customer_tally_update AFTER UPDATE OF owner_id, stage, deleted_at
ON customers
WHEN OLD.owner_id IS NOT NEW.owner_id OR OLD.stage IS NOT NEW.stage
     OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN{_SQLITE_REMOVE}{_SQLITE_ADD}
END
""",
        ),
        triggers=(
            "customer_tally_write",
            "customer_tally_delete",
            "customer_tally_update",
        ),
        recount=dict.fromkeys(
            ("postgresql", "sqlite"),
            "INSERT INTO customer_tallies (owner_key, stage, customers) "
            "SELECT COALESCE(owner_id, 0), stage, COUNT(*) FROM customers "
            "WHERE deleted_at IS NULL GROUP BY COALESCE(owner_id, 0), stage",
        ),
    )
)
