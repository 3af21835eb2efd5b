"""Each payment carries its contract's sign date (`payments.contract_sign_date`),
copied by triggers (models/parent_copy.py): the deal tally sums a payment's
days to collect (models/deal_tally.py) without reading its contract."""

from __future__ import annotations

from models.parent_copy import parent_copy

PAYMENT_CONTRACT = parent_copy(
    "payments",
    parent="contracts",
    link="contract_id",
    columns={"sign_date": "contract_sign_date"},
    name="payment_contract",
    parent_trigger="contract_payments",
)
