"""Installment plans and payments of approved demo contracts: projects pay by
1-4 milestones, subscriptions and services the same share every quarter or
month of a one-year term (every year of a longer one); installments sum to at
most the amount and fall due after the sign date; most installments due in the
past are paid (approved by finance, a few pending or rejected), some are
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
    "id number customer_id contract_id installment_id amount paid_on"
    " contract_sign_date method"
    " remark owner_id status approved_at approved_owner_id approved_team_id"
    " created_by_id created_at updated_by_id updated_at version".split()
)
PLANS = weighted_table([(plan, weight) for weight, plan in vocab.INSTALLMENT_PLANS])
# Subscriptions and services (the main line's product kind) are billed every
# quarter or month of a one-year term, every year of a longer one; the periods
# are ((words, days apart), weight).
PERIODIC_KINDS = ("cloud", "maintenance")
PERIODS = weighted_table([(("按季度", 91), 50), (("按月", 30), 50)])
METHODS = weighted_table(vocab.PAYMENT_METHOD_WEIGHTS)
CENT = Decimal("0.01")
PAID_WHEN_DUE = 0.9  # share of installments due in the past that were paid
PAID_EARLY = 0.05  # ... and of those not due yet
PAID_IN_TWO = 0.2  # of paid installments: two transfers
UNDECIDED_DAYS = 1 / 24  # a payment recorded since is still pending


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
    main_kind: str  # the first line's product kind: how it is billed
    years: int  # the term
    created_at: dt.datetime
    created_ago: float  # planned days before now (decides what is due)
    approved_at: dt.datetime
    sign_date: dt.date


# (percent of the amount, remark, days after the sign date) per installment.
Plan = list[tuple[Decimal, str, float]]


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
        if contract.main_kind in PERIODIC_KINDS:
            plan, complete, summary = self._periodic(contract.years)
        else:
            plan, complete, summary = self._milestones()
        sign_date = contract.sign_date
        paid = scheduled = Decimal("0.00")
        previous = contract.approved_at
        for sequence, (percent, remark, offset) in enumerate(plan, start=1):
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
            if rand() < PAID_IN_TWO and share >= 2:
                first = (share * Decimal("0.6")).quantize(CENT)
                parts = [first, share - first]
            for part in parts:
                previous, approved = self._payment(
                    rows, contract, installment_id, part, paid_ago, previous, remark
                )
                if approved:
                    paid += part
        return paid, summary

    def _milestones(self) -> tuple[Plan, bool, str]:
        """A milestone plan, whether it is complete (the last installment of
        some is not scheduled yet), and the plan in words."""
        rand = self.rng.random
        milestones = pick(rand, PLANS)
        complete = len(milestones) == 1 or rand() >= 0.08
        if not complete:
            milestones = milestones[:-1]
        offset = 5 + 15 * rand()
        plan = []
        for order, (percent, remark) in enumerate(milestones):
            if order:
                offset += 90 if len(milestones) == 4 else 30 + 90 * rand()
                if remark == "质保金":  # retention: due after a year
                    offset = max(offset, 365 + 30 * rand())
            plan.append((Decimal(percent), remark, offset))
        steps = "、".join(f"{remark}{percent}%" for percent, remark in milestones)
        return plan, complete, f"分{len(milestones)}期付款：{steps}"

    def _periodic(self, years: int) -> tuple[Plan, bool, str]:
        """The same share every year of a longer term, every quarter or month of
        a year's, the first soon after signing."""
        rand = self.rng.random
        words, days = pick(rand, PERIODS) if years == 1 else ("按年", 365)
        count = years * round(365 / days)
        first = 5 + 15 * rand()
        plan = [
            (Decimal(100) / count, f"第{n}期", first + days * (n - 1))
            for n in range(1, count + 1)
        ]
        return plan, True, f"{words}付款，共{count}期"

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
        if timeline.days_ago(recorded) < UNDECIDED_DAYS:
            status = "pending"  # too recent for finance to have decided
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
                contract.sign_date,
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
