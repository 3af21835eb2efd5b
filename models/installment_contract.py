"""Each installment carries its contract's status and owner
(`payment_installments.contract_status`, `contract_owner_id`), copied by
triggers (models/parent_copy.py) when the installment is written and when the
contract's status or owner changes: the to-do and the overdue receivables
select and group the open installments of approved contracts by owner from an
index alone (an admin's 79,000 open installments joined to 250,000 approved
contracts took ~150 ms)."""

from __future__ import annotations

from models.parent_copy import parent_copy

INSTALLMENT_CONTRACT = parent_copy(
    "payment_installments",
    parent="contracts",
    link="contract_id",
    columns={"status": "contract_status", "owner_id": "contract_owner_id"},
    name="installment_contract",
    parent_trigger="contract_installments",
)
