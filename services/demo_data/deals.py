"""Opportunities, contracts, payment plans, payments and approval histories for
the generated customers, added to each customer batch before it is written.

What a customer gets follows its stage: potential and dormant customers have a
few open or lost opportunities; intention customers mostly an open one, some
already won with a contract waiting for approval (or rejected, or a draft);
cooperating customers an approved contract (most from a won opportunity) one
sales cycle after they were added, then renewals, expansions and add-on orders
about once a year, each approved contract with an installment plan and payments.
Only cooperating customers hold approved contracts, so "first approved contract
makes the customer cooperating" holds for the whole data set. Customers in the
pool or the recycle bin get nothing. Per customer this makes about 0.5
opportunities, 0.3 contracts and 0.6 payments, the volumes the benchmarks are
specified with (tests/services/test_demo_deals.py checks them).

Like the customer generator, `rng` decides everything that must repeat for a
seed (which deals, stages, products, amounts, statuses) and the Clock only
places events in time. Timelines are planned in days before now and placed in
office hours (deal_support.Timeline), each event after the one before it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    ApprovalAction,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepApprover,
    Contract,
    ContractLine,
    NumberPattern,
    NumberSequence,
    Opportunity,
    OpportunityContact,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
    Payment,
    PaymentInstallment,
    User,
)
from services.demo_data import vocabulary as vocab
from services.demo_data.approvals import (
    ACTION_COLUMNS,
    APPROVER_COLUMNS,
    REQUEST_COLUMNS,
    STEP_COLUMNS,
    ApprovalHistory,
    People,
    load_flows,
)
from services.demo_data.customers import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    FOLLOWUP_COLUMNS,
    Batch,
    Clock,
    pick,
    weighted_table,
)
from services.demo_data.deal_support import Ids, Numbers, Timeline
from services.demo_data.payments import (
    INSTALLMENT_COLUMNS,
    PAYMENT_COLUMNS,
    PaymentGenerator,
    PaymentRows,
    SignedContract,
)
from services.demo_data.products import CatalogProduct, add_catalog
from services.normalize import normalize_name
from services.product_lines import line_subtotal
from services.reference_data import ensure_reference_data

OPPORTUNITY_COLUMNS = tuple(
    "id customer_id name name_normalized amount expected_close_date"
    " stage_id status owner_id stage_changed_at closed_at close_reason"
    " remark created_by_id created_at updated_by_id updated_at version"
    " custom_values visited_stages".split()
)
OPPORTUNITY_LINE_COLUMNS = tuple(
    "id opportunity_id product_id quantity unit_price discount subtotal"
    " sort_order".split()
)
OPPORTUNITY_CONTACT_COLUMNS = ("opportunity_id", "contact_id")
STAGE_CHANGE_COLUMNS = tuple(
    "id opportunity_id from_stage_id to_stage_id changed_at left_at"
    " changed_by_id opportunity_owner_id opportunity_status"
    " opportunity_stage_changed_at customer_id".split()
)
CONTRACT_COLUMNS = tuple(
    "id number name name_normalized customer_id opportunity_id amount"
    " paid_amount sign_date start_date end_date customer_signer_id"
    " our_signer_id owner_id status approved_at approved_owner_id"
    " approved_team_id voided_at voided_by_id void_reason remark"
    " created_by_id created_at updated_by_id updated_at version".split()
)
CONTRACT_LINE_COLUMNS = ("id", "contract_id", *OPPORTUNITY_LINE_COLUMNS[2:])
# Written after customers and contacts, before follow-ups (which name
# opportunities and contracts), in foreign-key order.
DEAL_TABLES = (
    (Opportunity.__table__, OPPORTUNITY_COLUMNS, "opportunities"),
    (OpportunityLine.__table__, OPPORTUNITY_LINE_COLUMNS, "opportunity_lines"),
    (OpportunityContact.__table__, OPPORTUNITY_CONTACT_COLUMNS, "opportunity_contacts"),
    (OpportunityStageChange.__table__, STAGE_CHANGE_COLUMNS, "stage_changes"),
    (Contract.__table__, CONTRACT_COLUMNS, "contracts"),
    (ContractLine.__table__, CONTRACT_LINE_COLUMNS, "contract_lines"),
    (PaymentInstallment.__table__, INSTALLMENT_COLUMNS, "installments"),
    (Payment.__table__, PAYMENT_COLUMNS, "payments"),
    (ApprovalRequest.__table__, REQUEST_COLUMNS, "approval_requests"),
    (ApprovalStep.__table__, STEP_COLUMNS, "approval_steps"),
    (ApprovalStepApprover.__table__, APPROVER_COLUMNS, "approval_step_approvers"),
    (ApprovalAction.__table__, ACTION_COLUMNS, "approval_actions"),
)

C_ID, C_NAME, C_LEVEL, C_STAGE, C_OWNER, C_CREATED, C_DELETED, C_CLAIMED = (
    CUSTOMER_COLUMNS.index(name)
    for name in (
        "id",
        "name",
        "level",
        "stage",
        "owner_id",
        "created_at",
        "deleted_at",
        "claimed_at",
    )
)
K_CUSTOMER = CONTACT_COLUMNS.index("customer_id")
K_PRIMARY = CONTACT_COLUMNS.index("is_primary")
F_CUSTOMER, F_OCCURRED, F_OPPORTUNITY, F_CONTRACT = (
    FOLLOWUP_COLUMNS.index(name)
    for name in ("customer_id", "occurred_at", "opportunity_id", "contract_id")
)

# Days an opportunity spends in each open stage (low, high).
STAGE_DAYS = ((2, 20), (4, 30), (5, 35), (3, 25))
# How far open (or lost) opportunities got: weights per open stage.
REACHED = {
    "potential": weighted_table(list(enumerate((60, 40, 0, 0)))),
    "intention": weighted_table(list(enumerate((20, 30, 30, 20)))),
    "cooperating": weighted_table(list(enumerate((25, 25, 30, 20)))),
    "lost": weighted_table(list(enumerate((35, 30, 20, 15)))),
}
LEVEL_FACTOR = {"A": 2.5, "B": 1.5, "C": 1.0, "D": 0.6}
DISCOUNTS = weighted_table(
    [
        (Decimal(percent), weight)
        for percent, weight in ((0, 40), (5, 20), (10, 18), (15, 10), (20, 8), (30, 4))
    ]
)
POTENTIAL_WITH_DEAL = 0.08  # of potential customers: an open or a lost opportunity
# From a customer's first contact to its first contract: (low, low + width) days.
SALES_CYCLE_DAYS = (15, 75)
# After the first contract, cooperating customers sign later deals at this rate
# (a Poisson process): a renewal when the one before is ten months old or more,
# else an expansion or an add-on order; renewals mostly without an opportunity.
LATER_DEALS_PER_YEAR = 1.0
RENEWAL_AFTER_DAYS = 300
VIA_OPPORTUNITY = {"renewal": 0.2, "expansion": 0.5}
NEXT_DEAL_OPEN = 0.1  # the next one is already an open opportunity
# A later contract drafted in the last UNDECIDED_DAYS; a won deal of an intention
# customer ("none": won days ago, no contract drafted yet).
UNDECIDED_DAYS = 15
EXTRA_CONTRACT_STATUS = weighted_table(
    {"approved": 50, "pending": 25, "draft": 10, "rejected": 15}
)
INTENTION_CONTRACT_STATUS = weighted_table(
    {"pending": 45, "rejected": 25, "draft": 20, "none": 10}
)
# When a contract still in progress was drafted: (low, low + width) days ago.
RECENT_DAYS = {
    "pending": (0.2, 10),
    "draft": (0.5, 15),
    "rejected": (1, 40),
    "none": (0.2, 7),
}
# Extras sold with a new deal / an expansion: (product category, probability).
NEW_EXTRAS = (
    ("implementation", 0.8),
    ("training", 0.5),
    ("maintenance", 0.4),
    ("server", 0.1),
    ("terminal", 0.1),
)
EXPANSION_EXTRAS = (("implementation", 0.5), ("training", 0.3))


@dataclass
class DealBatch(Batch, PaymentRows):
    """A customer batch plus the deals of its customers."""

    opportunities: list[tuple] = field(default_factory=list)
    opportunity_lines: list[tuple] = field(default_factory=list)
    opportunity_contacts: list[tuple] = field(default_factory=list)
    stage_changes: list[tuple] = field(default_factory=list)
    contracts: list[tuple] = field(default_factory=list)
    contract_lines: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class _Customer:
    id: int
    short_name: str  # without 有限公司: names deals
    level: str
    owner_id: int
    team_id: int | None
    contact_ids: list[int]  # primary first
    followups: list[int]  # positions in the batch's follow-up list
    start: dt.datetime  # deals happen after this (created, or claimed from the pool)
    span: float  # days from `start` to now


@dataclass(frozen=True)
class _Line:
    product: CatalogProduct
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    subtotal: Decimal


@dataclass(frozen=True)
class _Deal:
    """What a contract copies from its opportunity (or drew for itself)."""

    kind: str  # new, renewal, expansion
    lines: list[_Line]
    opportunity_id: int | None = None
    closed_at: dt.datetime | None = None
    closed_ago: float = 0.0  # planned days before now

    @property
    def topic(self) -> str:
        return self.lines[0].product.topic

    @property
    def amount(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class Stages:
    open: list[int]  # in funnel order
    won: int
    lost: int

    @classmethod
    def load(cls, session: Session) -> Stages:
        rows = session.execute(
            select(OpportunityStage.id, OpportunityStage.outcome)
            .where(OpportunityStage.is_active.is_(True))
            .order_by(OpportunityStage.sort_order, OpportunityStage.id)
        ).all()
        by_outcome: dict[str, list[int]] = {}
        for stage_id, outcome in rows:
            by_outcome.setdefault(outcome, []).append(stage_id)
        return cls(by_outcome["open"], by_outcome["won"][0], by_outcome["lost"][0])


class DealGenerator:
    """Adds deals to customer batches. Everything it needs from the database is
    read before the first batch (start_deals), so it runs in the prefetch
    thread."""

    def __init__(
        self,
        *,
        seed: int,
        now: dt.datetime,
        stages: Stages,
        products: list[CatalogProduct],
        people: People,
        approvals: ApprovalHistory,
        numbers: Numbers,
        ids: Ids,
    ) -> None:
        self.seed = seed
        self.rng = random.Random()  # seeded per customer
        self.clock = Clock(random.Random(f"deal-clock-{seed}"), now)
        self.time = Timeline(self.clock, now)
        self.stages = stages
        self.people = people
        self.approvals = approvals
        self.numbers = numbers
        self.ids = ids
        self.payments = PaymentGenerator(
            rng=self.rng,
            timeline=self.time,
            ids=ids,
            numbers=numbers,
            approvals=approvals,
        )
        self.product_count = len(products)
        self.products: dict[str, list[CatalogProduct]] = {}
        for product in products:
            if product.on_sale:  # off-sale products cannot go on new lines
                self.products.setdefault(product.kind, []).append(product)
        self.main_products = self.products["licence"] + self.products["cloud"]

    def attach(self, batches: Iterator[Batch]) -> Iterator[DealBatch]:
        for batch in batches:
            deals = DealBatch(**{f.name: getattr(batch, f.name) for f in fields(batch)})
            contacts: dict[int, list[int]] = {}
            for contact in batch.contacts:
                ids = contacts.setdefault(contact[K_CUSTOMER], [])
                ids.insert(0 if contact[K_PRIMARY] else len(ids), contact[0])
            followups: dict[int, list[int]] = {}
            for position, followup in enumerate(batch.followups):
                followups.setdefault(followup[F_CUSTOMER], []).append(position)
            for row in batch.customers:
                if row[C_OWNER] is not None and row[C_DELETED] is None:
                    # A stream per customer: where the calendar decides (is
                    # the next deal due yet?), another day changes that
                    # customer's deals, not every later customer's too.
                    self.rng.seed(f"deals-{self.seed}-{row[C_ID]}")
                    self._customer(
                        deals,
                        row,
                        contacts.get(row[C_ID], []),
                        followups.get(row[C_ID], []),
                    )
            yield deals

    # --- what each customer gets ---------------------------------------------

    def _customer(
        self, batch: DealBatch, row: tuple, contact_ids: list[int], followups: list[int]
    ) -> None:
        rand = self.rng.random
        start = max(row[C_CREATED], row[C_CLAIMED] or row[C_CREATED])
        start += dt.timedelta(minutes=10)
        short_name = row[C_NAME]
        for suffix in ("股份有限公司", "集团有限公司", "有限公司"):
            short_name = short_name.removesuffix(suffix)
        customer = _Customer(
            row[C_ID],
            short_name,
            row[C_LEVEL],
            row[C_OWNER],
            self.people.team.get(row[C_OWNER]),
            contact_ids,
            followups,
            start,
            max(self.time.days_ago(start), 0.0),
        )
        stage = row[C_STAGE]
        if stage == "cooperating":
            self._cooperating(batch, customer)
        elif stage == "intention":
            if rand() < 0.85:
                self._intention(batch, customer)
        elif stage == "potential":
            if rand() < POTENTIAL_WITH_DEAL:
                if rand() < 0.8:
                    self._open(batch, customer, "potential", "new")
                else:
                    self._lost(batch, customer, 1 + rand() * customer.span)
        elif rand() < 0.4:  # dormant: deals lost long ago
            self._lost(batch, customer, customer.span * (0.3 + 0.6 * rand()))

    def _cooperating(self, batch: DealBatch, customer: _Customer) -> None:
        rand = self.rng.random
        if rand() >= 0.93:  # signed nothing yet: a deal waits for approval or is open
            if rand() < 0.5:
                self._won(batch, customer, "pending", self._recent("pending"))
            else:
                self._open(batch, customer, "cooperating", "new")
            return
        direct = rand() < 0.3  # signed without an opportunity
        variant = rand()
        history = (
            "void" if variant < 0.04 else "rejected_first" if variant < 0.10 else None
        )
        low, width = SALES_CYCLE_DAYS
        # A claimed or young customer signed sooner than a whole sales cycle.
        drafted_ago = max(
            customer.span - low - width * rand(), customer.span * 0.2 * rand()
        )
        if direct:
            deal = _Deal("new", self._lines(customer.level, "new"))
            signed = self._contract(
                batch, customer, deal, "approved", drafted_ago, history
            )
        else:
            signed = self._won(
                batch, customer, "approved", drafted_ago, history=history
            )
        self._later_deals(batch, customer, signed)

    def _later_deals(
        self, batch: DealBatch, customer: _Customer, signed: tuple[dt.datetime, float]
    ) -> None:
        """Renewals, expansions and add-on orders after the first contract, one
        after another until now; the newest may still wait for approval, the
        next may be under way."""
        rand = self.rng.random
        previous, ago = signed
        while True:
            later = replace(customer, start=previous, span=max(ago - 1, 0.0))
            gap = self.rng.expovariate(LATER_DEALS_PER_YEAR / 365)  # days
            kind = "renewal" if gap >= RENEWAL_AFTER_DAYS else "expansion"
            if gap >= ago:
                if rand() < NEXT_DEAL_OPEN:
                    self._open(batch, later, "cooperating", kind)
                return
            ago -= gap
            status = (
                pick(rand, EXTRA_CONTRACT_STATUS)
                if ago < UNDECIDED_DAYS
                else "approved"
            )
            if rand() < VIA_OPPORTUNITY[kind]:
                signed = self._won(batch, later, status, ago, kind=kind)
            else:
                deal = _Deal(kind, self._lines(customer.level, kind))
                signed = self._contract(batch, later, deal, status, ago, None)
            previous, ago = signed

    def _intention(self, batch: DealBatch, customer: _Customer) -> None:
        rand = self.rng.random
        outcome = rand()
        if outcome < 0.70:
            self._open(batch, customer, "intention", "new")
        elif outcome < 0.82:
            self._lost(batch, customer, 1 + rand() * customer.span)
        else:
            status = pick(rand, INTENTION_CONTRACT_STATUS)
            self._won(batch, customer, status, self._recent(status))

    def _recent(self, status: str) -> float:
        """When a contract still in progress was drafted, in days before now."""
        low, width = RECENT_DAYS[status]
        return low + width * self.rng.random()

    # --- opportunities ---------------------------------------------------------

    def _open(
        self, batch: DealBatch, customer: _Customer, stage: str, kind: str
    ) -> None:
        rand = self.rng.random
        reached = pick(rand, REACHED[stage])
        durations = self._stage_durations(reached)
        stale = 4 if rand() < 0.1 else 1
        durations[-1] = STAGE_DAYS[reached][1] * 1.5 * rand() * stale  # so far
        self._opportunity(batch, customer, "open", durations, 0.0, kind)

    def _lost(self, batch: DealBatch, customer: _Customer, end_ago: float) -> None:
        durations = self._stage_durations(pick(self.rng.random, REACHED["lost"]))
        self._opportunity(batch, customer, "lost", durations, end_ago, "new")

    def _won(
        self,
        batch: DealBatch,
        customer: _Customer,
        status: str,
        drafted_ago: float,
        *,
        kind: str = "new",
        history: str | None = None,
    ) -> tuple[dt.datetime, float] | None:
        """A won opportunity and (unless `status` is "none") its contract drafted
        about `drafted_ago` days ago; returns the contract's (created_at, planned
        days ago). A win late in the customer's life compresses the walk."""
        lead = 0.1 + 4 * self.rng.random()  # from the win to the contract draft
        durations = self._stage_durations(len(self.stages.open) - 1)
        deal = self._opportunity(
            batch, customer, "won", durations, drafted_ago + lead, kind
        )
        if status == "none":
            return None
        return self._contract(
            batch, customer, deal, status, max(deal.closed_ago - lead, 0.0), history
        )

    def _stage_durations(self, reached: int) -> list[float]:
        rand = self.rng.random
        return [
            low + (high - low) * rand() ** 1.5
            for low, high in STAGE_DAYS[: reached + 1]
        ]

    def _opportunity(
        self,
        batch: DealBatch,
        customer: _Customer,
        outcome: str,
        durations: list[float],
        end_ago: float,
        kind: str,
    ) -> _Deal:
        """An opportunity that walked from the first open stage through one stage
        per duration, then (unless open) to won or lost `end_ago` days ago; with
        its lines, contacts and stage rows."""
        rand = self.rng.random
        # The whole walk happens within the customer's life.
        end_ago = min(end_ago, customer.span * 0.8)
        room, total = customer.span - end_ago, sum(durations)
        if total > room:
            durations = [days * room / total for days in durations]
        opportunity_id = self.ids.take("opportunities")
        deal = _Deal(kind, self._lines(customer.level, kind), opportunity_id)
        self._line_rows(
            batch.opportunity_lines, "opportunity_lines", opportunity_id, deal.lines
        )
        linked = customer.contact_ids[: 1 + int(rand() * 2)]
        if rand() < 0.3:
            linked = linked[1:] or linked
        batch.opportunity_contacts.extend((opportunity_id, c) for c in linked)
        reasons = {"won": vocab.WIN_REASONS, "lost": vocab.LOSS_REASONS}
        close_reason = pick(rand, reasons[outcome]) if outcome in reasons else None
        remark = pick(rand, vocab.OPPORTUNITY_REMARKS) if rand() < 0.2 else None
        planned_days = int(30 + 120 * rand())
        close_shift = int(21 * rand()) - 10

        # One stage row per move; the first comes from no stage.
        path = self.stages.open[: len(durations)]
        if outcome != "open":
            path.append(self.stages.won if outcome == "won" else self.stages.lost)
        ago = end_ago + sum(durations)
        created = moment = self.time.at(ago, customer.start)
        moments = [moment]
        for days in durations[: len(path) - 1]:
            ago -= days
            moment = self.time.at(ago, moment)
            moments.append(moment)
        owner, previous = customer.owner_id, None
        for order, stage_id in enumerate(path):
            left_at = moments[order + 1] if order + 1 < len(path) else None
            batch.stage_changes.append(
                (
                    self.ids.take("stage_changes"),
                    opportunity_id,
                    previous,
                    stage_id,
                    moments[order],
                    left_at,
                    owner,
                    # The opportunity's, as the triggers copy them.
                    owner,
                    outcome,
                    moment,
                    customer.id,
                )
            )
            previous = stage_id
        closed_at = moment if outcome != "open" else None
        expected = (
            self.time.local_date(closed_at) + dt.timedelta(days=close_shift)
            if closed_at
            else self.time.local_date(created) + dt.timedelta(days=planned_days)
        )
        name = f"{customer.short_name}{deal.topic}{vocab.DEAL_SUFFIXES[kind]}"
        batch.opportunities.append(
            (
                opportunity_id,
                customer.id,
                name,
                normalize_name(name),
                deal.amount,
                expected,
                previous,
                outcome,
                owner,
                moment,
                closed_at,
                close_reason,
                remark,
                owner,
                created,
                owner,
                moment,
                len(path),
                {},  # custom fields: the demo defines none
                ",".join(str(stage_id) for stage_id in sorted(set(path))),
            )
        )
        self._tag_followups(
            batch,
            customer,
            F_OPPORTUNITY,
            opportunity_id,
            created,
            closed_at or self.time.now,
        )
        return replace(deal, closed_at=closed_at, closed_ago=end_ago)

    def _lines(self, level: str, kind: str) -> list[_Line]:
        """1-5 product lines for a deal of this kind and customer level."""
        rand = self.rng.random
        products = self.products
        chosen: list[tuple[CatalogProduct, int]] = []
        if kind == "renewal":
            main = pick(rand, products["maintenance"] + products["cloud"])
            chosen.append((main, 1 + int(rand() * 1.4)))
            if rand() < 0.3:
                chosen.append((pick(rand, products["maintenance"]), 1))
        else:
            main = pick(rand, self.main_products)
            users = (10 + 90 * rand() ** 2) * LEVEL_FACTOR.get(level, 1.0)
            if kind == "expansion":
                users *= 0.4
            chosen.append((main, self._quantity(main, users)))
            for category, share in (
                EXPANSION_EXTRAS if kind == "expansion" else NEW_EXTRAS
            ):
                if rand() < share:
                    product = pick(rand, products[category])
                    chosen.append((product, self._quantity(product, users)))
        lines, seen = [], set()
        for product, quantity in chosen:
            discount = pick(rand, DISCOUNTS)
            if product.id not in seen:
                seen.add(product.id)
                count = Decimal(quantity)
                lines.append(
                    _Line(
                        product,
                        count,
                        product.price,
                        discount,
                        line_subtotal(count, product.price, discount),
                    )
                )
        return lines

    def _quantity(self, product: CatalogProduct, users: float) -> int:
        rand = self.rng.random
        if product.unit == "license":  # per user
            return max(5, 5 * round(users / 5))
        if product.unit == "hour":
            hours = users * 2 if product.kind == "implementation" else 8 + 24 * rand()
            return max(8, 8 * round(hours / 8))
        if product.unit == "year":
            return 1 if rand() < 0.8 else 2 + int(rand() * 2)
        if product.kind == "terminal":
            return max(2, int(users / 3))
        if product.unit == "piece":
            return 1 + int(rand() * 4)
        return 1 if rand() < 0.85 else 2

    def _line_rows(
        self, rows: list[tuple], table: str, parent_id: int, lines: list[_Line]
    ) -> None:
        for order, line in enumerate(lines):
            rows.append(
                (
                    self.ids.take(table),
                    parent_id,
                    line.product.id,
                    line.quantity,
                    line.unit_price,
                    line.discount,
                    line.subtotal,
                    order,
                )
            )

    # --- contracts ---------------------------------------------------------------

    def _contract(
        self,
        batch: DealBatch,
        customer: _Customer,
        deal: _Deal,
        status: str,
        created_ago: float,
        history: str | None,
    ) -> tuple[dt.datetime, float]:
        """A contract in `status` with its lines and approval history (an
        approved one with its payment plan and payments); returns its
        (created_at, planned days ago). `history` "rejected_first": approved on
        the second submission; "void": an approved contract was voided first
        and this one issued instead."""
        after = deal.closed_at or customer.start
        if history == "void":
            voided_at, void_days = self._contract_row(
                batch, customer, deal, "voided", created_ago, after, False
            )
            created_ago, after = max(created_ago - void_days, 0.0), voided_at
        return self._contract_row(
            batch,
            customer,
            deal,
            status,
            created_ago,
            after,
            history == "rejected_first",
        )

    def _contract_row(
        self,
        batch: DealBatch,
        customer: _Customer,
        deal: _Deal,
        status: str,
        created_ago: float,
        after: dt.datetime,
        rejected_first: bool,
    ) -> tuple[dt.datetime, float]:
        """One contract; returns (created_at, planned days ago), for a voided
        one (voided_at, planned days from creation to voiding)."""
        rand = self.rng.random
        time = self.time
        contract_id = self.ids.take("contracts")
        owner, team, amount = customer.owner_id, customer.team_id, deal.amount
        years = 1 if rand() < 0.7 else 2 + int(rand() * 2)
        start_shift = int(15 * rand())
        signer = (
            customer.contact_ids[0] if rand() < 0.85 and customer.contact_ids else None
        )
        submit_gap, resubmit_gap = 0.01 + 0.5 * rand(), 0.5 + 4 * rand()
        void_days = 2 + 20 * rand()
        void_reason = pick(rand, vocab.VOID_REASONS) if status == "voided" else None
        stop = 1 if rand() < 0.7 else 2  # where a rejection or a wait happens

        created = time.at(created_ago, after)
        number = self.numbers.take("contract", time.local_date(created))
        sign_date = time.local_date(created)
        start_date = sign_date + dt.timedelta(days=start_shift)
        end_date = start_date + dt.timedelta(days=365 * years - 1)
        self._line_rows(batch.contract_lines, "contract_lines", contract_id, deal.lines)
        approved_at = voided_at = voided_by = None
        updated_by, updated_at, version = owner, created, 1
        if status != "draft":
            submitted = time.later(created, submit_gap)
            outcomes = ["rejected"] if rejected_first else []
            outcomes.append("approved" if status == "voided" else status)
            for outcome in outcomes:
                decided = self.approvals.submit(
                    batch,
                    object_type="contract",
                    object_id=contract_id,
                    amount=amount,
                    submitter_id=owner,
                    submitted_at=submitted,
                    outcome=outcome,
                    stop=stop,
                    later=time.later,
                )
                updated_at, version = decided or submitted, version + 2
                submitted = time.later(updated_at, resubmit_gap)
            if outcomes[-1] == "approved":
                approved_at = updated_at
        if status == "voided":
            voided_at = time.later(approved_at, void_days)
            voided_by = self.people.supervisor.get(owner) or owner
            updated_by, updated_at, version = voided_by, voided_at, version + 1
        paid, remark = Decimal("0.00"), None
        if status == "approved":
            paid, remark = self.payments.add(
                batch,
                SignedContract(
                    contract_id,
                    number,
                    customer.id,
                    owner,
                    team,
                    amount,
                    deal.lines[0].product.kind,
                    years,
                    created,
                    created_ago,
                    approved_at,
                    sign_date,
                ),
            )
        name = f"{customer.short_name}{deal.topic}{vocab.CONTRACT_SUFFIXES[deal.kind]}"
        batch.contracts.append(
            (
                contract_id,
                number,
                name,
                normalize_name(name),
                customer.id,
                deal.opportunity_id,
                amount,
                paid,
                sign_date,
                start_date,
                end_date,
                signer,
                owner,
                owner,
                status,
                approved_at,
                owner if approved_at else None,
                team if approved_at else None,
                voided_at,
                voided_by,
                void_reason,
                remark,
                owner,
                created,
                updated_by,
                updated_at,
                version,
            )
        )
        self._tag_followups(
            batch,
            customer,
            F_CONTRACT,
            contract_id,
            created - dt.timedelta(days=10),
            created + dt.timedelta(days=20),
        )
        if status == "voided":
            return voided_at, void_days
        return created, created_ago

    def _tag_followups(
        self,
        batch: DealBatch,
        customer: _Customer,
        column: int,
        object_id: int,
        since: dt.datetime,
        until: dt.datetime,
    ) -> None:
        """Name the deal on about half of the customer's follow-ups in its time
        (the Clock's stream: which ones depends on when they happened)."""
        for position in customer.followups:
            row = batch.followups[position]
            if (
                since <= row[F_OCCURRED] <= until
                and row[column] is None
                and self.clock.random() < 0.5
            ):
                batch.followups[position] = (
                    *row[:column],
                    object_id,
                    *row[column + 1 :],
                )


def start_deals(session: Session, *, seed: int, now: dt.datetime) -> DealGenerator:
    """Reference data, the product catalogue, and a generator for the deals of the
    customers about to be written (ids continue after the existing rows)."""
    ensure_reference_data(session)
    admin_id = session.scalar(select(User.id).where(User.username == "admin"))
    products = add_catalog(
        session, created_by_id=admin_id, created_at=now - dt.timedelta(days=590)
    )
    ids = Ids(
        {
            attribute: (session.scalar(select(func.max(table.c.id))) or 0) + 1
            for table, columns, attribute in DEAL_TABLES
            if "id" in columns
        }
    )
    people = People.load(session)
    approvals = ApprovalHistory(
        flows=load_flows(session),
        people=people,
        rng=random.Random(f"approvals-{seed}"),
        first_ids=tuple(
            ids.next[name]
            for name in (
                "approval_requests",
                "approval_steps",
                "approval_step_approvers",
                "approval_actions",
            )
        ),
    )
    numbers = Numbers(
        dict(
            session.execute(
                select(NumberPattern.object_type, NumberPattern.pattern)
            ).all()
        ),
        {
            (row.object_type, row.period): row.last_value
            for row in session.scalars(select(NumberSequence))
        },
    )
    return DealGenerator(
        seed=seed,
        now=now,
        stages=Stages.load(session),
        products=products,
        people=people,
        approvals=approvals,
        numbers=numbers,
        ids=ids,
    )


def save_number_counters(session: Session, generator: DealGenerator) -> None:
    """Move the number counters past the generated numbers, so numbers the app
    generates later never collide with demo ones."""
    existing = {
        (row.object_type, row.period): row
        for row in session.scalars(select(NumberSequence))
    }
    for (object_type, period), value in sorted(generator.numbers.counters.items()):
        row = existing.get((object_type, period))
        if row is None:
            session.add(
                NumberSequence(object_type=object_type, period=period, last_value=value)
            )
        elif row.last_value < value:
            row.last_value = value
    session.flush()
