"""Demo leads: owned leads in every status, some in the lead pool, some already
converted (linked to a generated customer of the same owner), with follow-ups.

Runs after the customers are written. Like the customer generator, `rng` decides
everything that must repeat for a seed (names, counts, statuses, owners) and the
Clock only places events in time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import Customer, FollowUp, Lead
from services.demo_data import vocabulary as vocab
from services.demo_data.customers import Clock, weighted_table
from services.demo_data.organisation import Seller, random_mobile
from services.normalize import normalize_name, normalize_phone

LEADS_PER_CUSTOMER = 0.1
MIN_LEADS, MAX_LEADS = 12, 20_000
CONVERTED_SHARE = 0.1
POOL_SHARE = 0.12  # of unconverted leads
STATUS_TABLE = weighted_table(
    {"new": 35, "contacted": 30, "qualified": 20, "unqualified": 15}
)
SOURCE_TABLE = weighted_table(vocab.SOURCE_WEIGHTS)
LEAD_HISTORY_DAYS = 120
ROWS_PER_INSERT = 2_000
NOTES = (
    "电话沟通，对方有意向了解产品，约下周演示。",
    "发送了产品资料，等待对方反馈。",
    "微信联系，对方正在做预算，下月再跟进。",
    "初次沟通，需求尚不明确。",
    "对方负责人出差，约定回来后再联系。",
    "在展会上交换了名片，已加微信。",
)
FOLLOWUP_TYPES = ("call", "wechat", "email", "visit")


@dataclass(frozen=True)
class LeadSummary:
    leads: int
    followups: int


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


OPTIONAL_COLUMNS = (
    "company",
    "mobile",
    "last_owner_id",
    "pool_entered_at",
    "converted_customer_id",
    "converted_at",
    "converted_by_id",
    "last_followup_at",
)


def _row(**values) -> dict:
    """One leads row; every row has the same keys (one executemany statement)."""
    values = dict.fromkeys(OPTIONAL_COLUMNS) | values
    values.setdefault("version", 1)
    values["name_normalized"] = normalize_name(values["name"])
    values["company_normalized"] = normalize_name(values.get("company")) or None
    values["mobile_normalized"] = normalize_phone(values.get("mobile"))
    return values


def generate_leads(
    session: Session,
    *,
    sellers: list[Seller],
    customers: int,
    seed: int,
    now: dt.datetime,
) -> LeadSummary:
    """Insert the demo leads and their follow-ups in the session's transaction."""
    rng = random.Random(f"leads-{seed}")
    clock = Clock(random.Random(f"lead-clock-{seed}"), now)
    total = min(MAX_LEADS, max(MIN_LEADS, int(customers * LEADS_PER_CUSTOMER)))
    converted_count = int(total * CONVERTED_SHARE)
    rows: list[dict] = []
    plans: list[tuple[int, int, float, float]] = []  # author, count, from, to (days)
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
    for customer in rng.sample(owned, min(converted_count, len(owned))):
        age_days = max(1.0, (now - customer.created_at).total_seconds() / 86_400)
        lead_age = age_days + 3 + 30 * rng.random()
        created = clock.office_time(lead_age)
        rows.append(
            _row(
                name=_person(rng),
                company=customer.name,
                mobile=customer.mobile,
                source=_pick(rng, SOURCE_TABLE),
                status="converted",
                owner_id=customer.owner_id,
                converted_customer_id=customer.id,
                converted_at=customer.created_at,
                converted_by_id=customer.owner_id,
                created_by_id=customer.owner_id,
                created_at=created,
                updated_by_id=customer.owner_id,
                updated_at=customer.created_at,
            )
        )
        plans.append((customer.owner_id, 1 + int(rng.random() * 2), lead_age, age_days))
    for _ in range(total - len(rows)):
        seller = _pick(rng, sellers)
        status = _pick(rng, STATUS_TABLE)
        in_pool = rng.random() < POOL_SHARE
        lead_age = 1 + LEAD_HISTORY_DAYS * rng.random()
        created = clock.office_time(lead_age)
        pool_since = clock.office_time(lead_age * rng.random()) if in_pool else None
        rows.append(
            _row(
                name=_person(rng),
                company=_company(rng) if rng.random() < 0.8 else None,
                mobile=random_mobile(rng) if rng.random() < 0.9 else None,
                source=_pick(rng, SOURCE_TABLE),
                status=status,
                owner_id=None if in_pool else seller.user_id,
                last_owner_id=seller.user_id if in_pool else None,
                pool_entered_at=pool_since,
                created_by_id=seller.user_id,
                created_at=created,
                updated_by_id=seller.user_id,
                updated_at=pool_since or created,
            )
        )
        count = 0 if status == "new" else 1 + int(rng.random() * 3)
        plans.append((seller.user_id, count, lead_age, 0.0))
    planned = []
    for row, (author, count, oldest, newest) in zip(rows, plans, strict=True):
        times = sorted(
            max(
                row["created_at"],
                clock.office_time(newest + (oldest - newest) * clock.random()),
            )
            for _ in range(count)
        )
        row["last_followup_at"] = times[-1] if times else None
        planned.append(
            [
                {
                    "followup_type": _pick(rng, FOLLOWUP_TYPES),
                    "content": _pick(rng, NOTES),
                    "occurred_at": at,
                    "author_id": author,
                    "created_at": at,
                }
                for at in times
            ]
        )
    followups = 0
    for first in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[first : first + ROWS_PER_INSERT]
        ids = (
            session.execute(
                insert(Lead).returning(Lead.id, sort_by_parameter_order=True), chunk
            )
            .scalars()
            .all()
        )
        entries = [
            entry | {"lead_id": lead_id}
            for lead_id, lead_entries in zip(
                ids, planned[first : first + ROWS_PER_INSERT], strict=True
            )
            for entry in lead_entries
        ]
        if entries:
            session.execute(insert(FollowUp), entries)
            followups += len(entries)
    return LeadSummary(leads=len(rows), followups=followups)
