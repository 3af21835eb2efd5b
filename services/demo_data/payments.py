"""Installment plans and payments of approved demo contracts: 1-4 installments
summing to at most the amount, due after the sign date; most installments due
in the past are paid (approved by finance, a few pending or rejected), some are
overdue; the contract's paid amount is the sum of its approved payments."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from services.demo_data import vocabulary as vocab
from services.demo_data.approvals import ApprovalHistory, ApprovalRows
from services.demo_data.customers import pick, weighted_table
from services.demo_data.deal_support import Ids, Numbers, Timeline

INSTALLMENT_COLUMNS = tuple(
    "id contract_id sequence due_date amount remark created_by_id"
    " created_at updated_by_id updated_at version".split()
)
PAYMENT_COLUMNS = tuple(
    "id number customer_id contract_id installment_id amount paid_on method"
    " remark owner_id status approved_at approved_owner_id approved_team_id"
    " created_by_id created_at updated_by_id updated_at version".split()
)
PLANS = weighted_table([(plan, weight) for weight, plan in vocab.INSTALLMENT_PLANS])
METHODS = weighted_table(vocab.PAYMENT_METHOD_WEIGHTS)
CENT = Decimal("0.01")
PAID_WHEN_DUE = 0.85  # share of installments due in the past that were paid
PAID_EARLY = 0.05  # ... and of those not due yet


@dataclass
class PaymentRows(ApprovalRows):
    installments: list[tuple] = field(default_factory=list)
    payments: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class SignedContract:
    id: int
    number: str
    customer_id: int
    owner_id: int
    team_id: int | None
    amount: Decimal
    created_at: dt.datetime
    created_ago: float  # planned days before now (decides what is due)
    approved_at: dt.datetime


class PaymentGenerator:
    def __init__(
        self,
        *,
        rng: random.Random,
        timeline: Timeline,
        ids: Ids,
        numbers: Numbers,
        approvals: ApprovalHistory,
    ) -> None:
        self.rng = rng
        self.timeline = timeline
        self.ids = ids
        self.numbers = numbers
        self.approvals = approvals

    def add(self, rows: PaymentRows, contract: SignedContract) -> tuple[Decimal, str]:
        """The plan and the payments received so far; returns the approved total
        and the plan in words (the contract's remark)."""
        rand = self.rng.random
        plan = pick(rand, PLANS)
        complete = len(plan) == 1 or rand() >= 0.08
        if not complete:
            plan = plan[:-1]  # the last installment is not scheduled yet
        offset = 5 + 15 * rand()
        offsets = []
        for order, (_, remark) in enumerate(plan):
            if order:
                offset += 90 if len(plan) == 4 else 30 + 90 * rand()
                if remark == "质保金":  # retention: due after a year
                    offset = max(offset, 365 + 30 * rand())
            offsets.append(offset)
        sign_date = self.timeline.local_date(contract.created_at)
        paid = scheduled = Decimal("0.00")
        previous = contract.approved_at
        for sequence, ((percent, remark), offset) in enumerate(
            zip(plan, offsets, strict=True), start=1
        ):
            share = (contract.amount * percent / 100).quantize(CENT)
            if complete and sequence == len(plan):
                share = contract.amount - scheduled  # rounding goes to the last
            scheduled += share
            installment_id = self.ids.take("installments")
            rows.installments.append(
                (
                    installment_id,
                    contract.id,
                    sequence,
                    sign_date + dt.timedelta(days=int(offset)),
                    share,
                    remark,
                    contract.owner_id,
                    contract.created_at,
                    contract.owner_id,
                    contract.created_at,
                    1,
                )
            )
            due_ago = contract.created_ago - offset
            if rand() >= (PAID_WHEN_DUE if due_ago > 0 else PAID_EARLY):
                continue  # overdue, or not due yet
            paid_ago = max(min(due_ago - 5 + 25 * rand(), contract.created_ago), 0.0)
            parts = [share]
            if rand() < 0.1 and share >= 2:  # paid in two transfers
                first = (share * Decimal("0.6")).quantize(CENT)
                parts = [first, share - first]
            for part in parts:
                previous, approved = self._payment(
                    rows, contract, installment_id, part, paid_ago, previous, remark
                )
                if approved:
                    paid += part
        steps = "、".join(f"{remark}{percent}%" for percent, remark in plan)
        return paid, f"分{len(plan)}期付款：{steps}"

    def _payment(
        self,
        rows: PaymentRows,
        contract: SignedContract,
        installment_id: int,
        amount: Decimal,
        paid_ago: float,
        after: dt.datetime,
        remark: str,
    ) -> tuple[dt.datetime, bool]:
        """One payment and its approval; returns when the money arrived and
        whether the payment was approved."""
        rand = self.rng.random
        state = rand()
        status = (
            "rejected"
            if state < 0.03
            else "pending"
            if paid_ago < 8 and state < 0.5
            else "approved"
        )
        method = pick(rand, METHODS)
        record_gap = 0.05 + 2 * rand()
        timeline = self.timeline
        paid_at = timeline.at(paid_ago, after)
        recorded = timeline.later(paid_at, record_gap)
        payment_id = self.ids.take("payments")
        number = self.numbers.take("payment", timeline.local_date(recorded))
        decided = self.approvals.submit(
            rows,
            object_type="payment",
            object_id=payment_id,
            amount=amount,
            submitter_id=contract.owner_id,
            submitted_at=timeline.later(recorded, 0.01),
            outcome=status,
            stop=1,
            later=timeline.later,
        )
        approved = decided if status == "approved" else None
        owner = contract.owner_id
        rows.payments.append(
            (
                payment_id,
                number,
                contract.customer_id,
                contract.id,
                installment_id,
                amount,
                timeline.local_date(paid_at),
                method,
                f"{contract.number} {remark}",
                owner,
                status,
                approved,
                owner if approved else None,
                contract.team_id if approved else None,
                owner,
                recorded,
                owner,
                decided or recorded,
                3 if decided else 2,
            )
        )
        return paid_at, approved is not None
