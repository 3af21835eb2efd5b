"""Each installment carries its contract's status and owner
(`payment_installments.contract_status`, `contract_owner_id`), copied by
triggers (models/tally.py) when the installment is written and when the
contract's status or owner changes: the to-do and the overdue receivables
select and group the open installments of approved contracts by owner from an
index alone (an admin's 79,000 open installments joined to 250,000 approved
contracts took ~150 ms)."""

from __future__ import annotations

from models.tally import Tally, register

_COPIED = ("status", "owner_id")


def _differs(pairs: list[tuple[str, str]], distinct: str) -> str:
    """SQL: any column of a (column, copy) pair differs from its copy."""
    return " OR ".join(f"{column} {distinct} {copy}" for column, copy in pairs)


# A contract's copied columns before and after its update; an installment's
# copies against its contract (`c`).
_CONTRACT_CHANGED = [(f"OLD.{c}", f"NEW.{c}") for c in _COPIED]
_STALE_COPY = [(f"payment_installments.contract_{c}", f"c.{c}") for c in _COPIED]
_PG_DIFFERS = _differs(_CONTRACT_CHANGED, "IS DISTINCT FROM")
_SQLITE_DIFFERS = _differs(_CONTRACT_CHANGED, "IS NOT")
_FROM_CONTRACT = ", ".join(
    f"contract_{c} = (SELECT {c} FROM contracts WHERE id = NEW.contract_id)"
    for c in _COPIED
)
_FROM_NEW = ", ".join(f"contract_{c} = NEW.{c}" for c in _COPIED)


def _recount(distinct: str) -> str:
    """Copy what differs (a bulk load that wrote the copies is only checked)."""
    return (
        "UPDATE payment_installments SET contract_status = c.status, "
        "contract_owner_id = c.owner_id FROM contracts c "
        "WHERE c.id = payment_installments.contract_id "
        f"AND ({_differs(_STALE_COPY, distinct)})"
    )


INSTALLMENT_CONTRACT = register(
    Tally(
        table="payment_installments",
        source="payment_installments",
        postgresql=(
            """
CREATE OR REPLACE FUNCTION installment_contract() RETURNS trigger AS $$
BEGIN
  SELECT status, owner_id INTO NEW.contract_status, NEW.contract_owner_id
  FROM contracts WHERE id = NEW.contract_id;
  RETURN NEW;
END $$ LANGUAGE plpgsql
""",
            """
CREATE TRIGGER installment_contract_write
BEFORE INSERT OR UPDATE OF contract_id ON payment_installments
FOR EACH ROW EXECUTE FUNCTION installment_contract()
""",
        ),
        sqlite=(
            f"""
CREATE TRIGGER installment_contract_write AFTER INSERT ON payment_installments
BEGIN
  UPDATE payment_installments SET {_FROM_CONTRACT} WHERE id = NEW.id;
END
""",
            f"""
CREATE TRIGGER installment_contract_update
AFTER UPDATE OF contract_id ON payment_installments
BEGIN
  UPDATE payment_installments SET {_FROM_CONTRACT} WHERE id = NEW.id;
END
""",
        ),
        triggers=("installment_contract_write", "installment_contract_update"),
        function="installment_contract",
        recount={
            "postgresql": (_recount("IS DISTINCT FROM"),),
            "sqlite": (_recount("IS NOT"),),
        },
        clear=False,
        parent="contracts",
        parent_triggers=("contract_installments",),
        postgresql_parent=(
            f"""
CREATE OR REPLACE FUNCTION contract_installments() RETURNS trigger AS $$
BEGIN
  UPDATE payment_installments SET {_FROM_NEW} WHERE contract_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql
""",
            f"""
CREATE TRIGGER contract_installments AFTER UPDATE OF status, owner_id ON contracts
FOR EACH ROW WHEN ({_PG_DIFFERS}) EXECUTE FUNCTION contract_installments()
""",
        ),
        sqlite_parent=(
            f"""
CREATE TRIGGER contract_installments AFTER UPDATE OF status, owner_id ON contracts
WHEN {_SQLITE_DIFFERS}
BEGIN
  UPDATE payment_installments SET {_FROM_NEW} WHERE contract_id = NEW.id;
END
""",
        ),
    )
)
