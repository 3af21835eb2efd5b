"""Demo leads: owned leads in every status, some in the lead pool, some already
converted (linked to a generated customer of the same owner), with follow-ups.

Runs after the customers are written. Like the customer generator, rows are
tuples in column order with ids assigned here, yielded in batches for the bulk
writer; `rng` decides everything that must repeat for a seed (names, counts,
statuses, owners) and the Clock only places events in time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from models import Customer, FollowUp, Lead
from services.demo_data import vocabulary as vocab
from services.demo_data.customers import FOLLOWUP_COLUMNS, Clock, weighted_table
from services.demo_data.organisation import Seller, random_mobile
from services.normalize import normalize_name, normalize_phone

LEAD_COLUMNS = tuple(
    "id name name_normalized company company_normalized mobile mobile_normalized"
    " phone email source status owner_id last_owner_id pool_entered_at"
    " next_followup_at last_followup_at remark custom_values converted_customer_id"
    " converted_at converted_by_id opportunity_name opportunity_amount"
    " created_by_id created_at updated_by_id updated_at deleted_at deleted_by_id"
    " version".split()
)
# Written after the customers' batches, in foreign-key order.
LEAD_TABLES = (
    (Lead.__table__, LEAD_COLUMNS, "leads"),
    (FollowUp.__table__, FOLLOWUP_COLUMNS, "followups"),
)
LEADS_PER_BATCH = 5_000
CONVERTED_SHARE = 0.1
POOL_SHARE = 0.12  # of unconverted leads
STATUS_TABLE = weighted_table(
    {"new": 35, "contacted": 30, "qualified": 20, "unqualified": 15}
)
SOURCE_TABLE = weighted_table(vocab.SOURCE_WEIGHTS)
LEAD_HISTORY_DAYS = 120
NOTES = (
    "电话沟通，对方有意向了解产品，约下周演示。",
    "发送了产品资料，等待对方反馈。",
    "微信联系，对方正在做预算，下月再跟进。",
    "初次沟通，需求尚不明确。",
    "对方负责人出差，约定回来后再联系。",
    "在展会上交换了名片，已加微信。",
)
FOLLOWUP_TYPES = ("call", "wechat", "email", "visit")


@dataclass
class LeadBatch:
    leads: list[tuple] = field(default_factory=list)
    followups: list[tuple] = field(default_factory=list)


def _pick(rng: random.Random, items):
    return items[int(rng.random() * len(items))]


def _person(rng: random.Random) -> str:
    return _pick(rng, vocab.SURNAMES)[0] + _pick(rng, vocab.GIVEN_NAMES)[0]


def _company(rng: random.Random) -> str:
    city = _pick(rng, sorted(vocab.BIG_CITIES)).removesuffix("市")
    brand = _pick(rng, vocab.BRAND_CHARS)[0] + _pick(rng, vocab.BRAND_CHARS)[0]
    industry = _pick(rng, sorted(vocab.INDUSTRY_WORDS))
    word = _pick(rng, vocab.INDUSTRY_WORDS[industry])
    return f"{city}{brand}{word}有限公司"


def lead_batches(
    session: Session,
    *,
    sellers: list[Seller],
    total: int,
    seed: int,
    now: dt.datetime,
    first_ids: tuple[int, int],
) -> Iterator[LeadBatch]:
    """`total` demo leads and their follow-ups; ids start at `first_ids` (lead,
    follow-up). Converted leads name customers already in the session."""
    rng = random.Random(f"leads-{seed}")
    clock = Clock(random.Random(f"lead-clock-{seed}"), now)
    converted_count = int(total * CONVERTED_SHARE)
    owned = session.execute(
        select(
            Customer.id,
            Customer.name,
            Customer.mobile,
            Customer.owner_id,
            Customer.created_at,
        )
        .where(Customer.deleted_at.is_(None), Customer.owner_id.is_not(None))
        .order_by(Customer.id)
        .limit(converted_count * 4)
    ).all()
    converted = rng.sample(owned, min(converted_count, len(owned)))
    builder = _Builder(rng, clock, first_ids)
    for number in range(total):
        if number < len(converted):
            builder.converted(converted[number])
        else:
            builder.unconverted(_pick(rng, sellers))
        if len(builder.batch.leads) >= LEADS_PER_BATCH:
            yield builder.take()
    yield builder.take()


class _Builder:
    """Lead and follow-up rows, ids assigned here, one batch at a time."""

    def __init__(
        self, rng: random.Random, clock: Clock, first_ids: tuple[int, int]
    ) -> None:
        self.rng = rng
        self.clock = clock
        self.next_lead_id, self.next_followup_id = first_ids
        self.batch = LeadBatch()

    def take(self) -> LeadBatch:
        batch, self.batch = self.batch, LeadBatch()
        return batch

    def converted(self, customer: Row) -> None:
        """A lead that became `customer`, followed up before that."""
        rng = self.rng
        age_days = max(
            1.0, (self.clock.now - customer.created_at).total_seconds() / 86_400
        )
        lead_age = age_days + 3 + 30 * rng.random()
        owner = customer.owner_id
        self._add(
            {
                "name": _person(rng),
                "company": customer.name,
                "mobile": customer.mobile,
                "source": _pick(rng, SOURCE_TABLE),
                "status": "converted",
                "owner_id": owner,
                "converted_customer_id": customer.id,
                "converted_at": customer.created_at,
                "converted_by_id": owner,
                "created_by_id": owner,
                "created_at": self.clock.office_time(lead_age),
                "updated_by_id": owner,
                "updated_at": customer.created_at,
            },
            owner,
            1 + int(rng.random() * 2),
            lead_age,
            age_days,
        )

    def unconverted(self, seller: Seller) -> None:
        """A lead of `seller`'s, some in the pool now."""
        rng, clock = self.rng, self.clock
        status = _pick(rng, STATUS_TABLE)
        in_pool = rng.random() < POOL_SHARE
        lead_age = 1 + LEAD_HISTORY_DAYS * rng.random()
        created = clock.office_time(lead_age)
        pool_since = clock.office_time(lead_age * rng.random()) if in_pool else None
        self._add(
            {
                "name": _person(rng),
                "company": _company(rng) if rng.random() < 0.8 else None,
                "mobile": random_mobile(rng) if rng.random() < 0.9 else None,
                "source": _pick(rng, SOURCE_TABLE),
                "status": status,
                "owner_id": None if in_pool else seller.user_id,
                "last_owner_id": seller.user_id if in_pool else None,
                "pool_entered_at": pool_since,
                "created_by_id": seller.user_id,
                "created_at": created,
                "updated_by_id": seller.user_id,
                "updated_at": pool_since or created,
            },
            seller.user_id,
            0 if status == "new" else 1 + int(rng.random() * 3),
            lead_age,
            0.0,
        )

    def _add(
        self, values: dict, author: int, count: int, oldest: float, newest: float
    ) -> None:
        """The lead row from `values` (the columns that are set) and `count`
        follow-ups between `oldest` and `newest` days ago."""
        rng, clock = self.rng, self.clock
        lead_id = self.next_lead_id
        self.next_lead_id += 1
        times = sorted(
            max(
                values["created_at"],
                clock.office_time(newest + (oldest - newest) * clock.random()),
            )
            for _ in range(count)
        )
        for at in times:
            kind, content = _pick(rng, FOLLOWUP_TYPES), _pick(rng, NOTES)
            self.batch.followups.append(
                (
                    self.next_followup_id,
                    None,
                    None,
                    kind,
                    content,
                    at,
                    None,
                    author,
                    at,
                    lead_id,
                    None,
                    None,
                )
            )
            self.next_followup_id += 1
        row = dict.fromkeys(LEAD_COLUMNS) | values
        row.update(
            id=lead_id,
            name_normalized=normalize_name(values["name"]),
            company_normalized=normalize_name(values.get("company")) or None,
            mobile_normalized=normalize_phone(values.get("mobile")),
            last_followup_at=times[-1] if times else None,
            custom_values={},
            version=1,
        )
        self.batch.leads.append(tuple(row[column] for column in LEAD_COLUMNS))
