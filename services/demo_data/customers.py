"""Customer, contact and follow-up rows, generated batch by batch.

Rows are plain tuples in the column order below so the same batch can go to
SQLite (Core executemany) or PostgreSQL (COPY). Ids are assigned here, so contacts
and follow-ups reference their customer without reading anything back.

Two random streams: `rng` decides everything that should repeat for a seed (names,
numbers, codes, stages, counts, texts); the Clock's own stream only places events
in time. The calendar (weekends, "today") depends on when the generator runs, so
drawing it from `rng` would make names differ from one run to the next.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from services.demo_data import vocabulary as vocab
from services.demo_data.organisation import Scale, Seller, random_mobile
from services.demo_data.pool import PoolHistory
from services.normalize import normalize_name, normalize_phone
from services.regions import REGIONS

CUSTOMER_COLUMNS = (
    "id",
    "name",
    "name_normalized",
    "mobile",
    "mobile_normalized",
    "phone",
    "phone_normalized",
    "email",
    "source",
    "industry",
    "level",
    "province",
    "city",
    "district",
    "address",
    "stage",
    "owner_id",
    "next_followup_at",
    "last_followup_at",
    "tags",
    "remark",
    "created_by_id",
    "created_at",
    "updated_by_id",
    "updated_at",
    "deleted_at",
    "deleted_by_id",
    "deleted_stage",
    "version",
    # Public pool (services/demo_data/pool.py).
    "last_owner_id",
    "last_team_id",
    "pool_entered_at",
    "pool_reason",
    "pool_note",
    "claimed_at",
    "pool_extension_days",
    # Custom fields: the demo defines none.
    "custom_values",
    # Kept by triggers on contacts, which a bulk load suspends (models/tally.py).
    "contact_count",
)
CONTACT_COLUMNS = (
    "id",
    "customer_id",
    "name",
    "name_normalized",
    "mobile",
    "mobile_normalized",
    "phone",
    "email",
    "title",
    "is_primary",
    "birthday",
    "remark",
    "created_by_id",
    "created_at",
    "updated_by_id",
    "updated_at",
    "version",
    "custom_values",
)
FOLLOWUP_COLUMNS = (
    "id",
    "customer_id",
    "contact_id",
    "followup_type",
    "content",
    "occurred_at",
    "next_followup_at",
    "author_id",
    "created_at",
    "lead_id",
    "opportunity_id",
    "contract_id",
)

HISTORY_DAYS = 540  # about 18 months
# Asia/Shanghai has no daylight saving: local = UTC + 8 h all year.
LOCAL_OFFSET = dt.timedelta(hours=8)
STAGE_WEIGHTS = {"potential": 45, "intention": 30, "cooperating": 18, "dormant": 7}
# Customers further down the funnel are older (signing takes time) ...
MIN_AGE_DAYS = {"potential": 0, "intention": 7, "cooperating": 45, "dormant": 200}
# ... and were followed up more often.
FOLLOWUP_FACTOR = {
    "potential": 0.55,
    "intention": 1.2,
    "cooperating": 1.7,
    "dormant": 0.9,
}
ACTIVE_STAGES = ("potential", "intention", "cooperating")
POOL_SHARE = 0.06  # of potential and dormant customers: released to the public pool
DELETED_SHARE = 0.005  # of owned customers: sitting in the recycle bin
DUE_TODAY_SHARE = 0.03  # of active customers: a follow-up is due today
# Contacts are entered within a few minutes of their customer, follow-ups after.
FIRST_FOLLOWUP_DELAY = dt.timedelta(minutes=5)


def weighted_table(weights: dict[str, int] | Sequence[tuple[object, int]]) -> tuple:
    """Items repeated by their integer weight: `table[int(random() * len)]` is one
    weighted pick from a single draw."""
    pairs = weights.items() if isinstance(weights, dict) else weights
    return tuple(item for item, weight in pairs for _ in range(weight))


STAGE_TABLE = weighted_table(STAGE_WEIGHTS)
SOURCE_TABLE = weighted_table(vocab.SOURCE_WEIGHTS)
INDUSTRY_TABLE = weighted_table(vocab.INDUSTRY_WEIGHTS)
TYPE_TABLE = weighted_table(vocab.FOLLOWUP_TYPE_WEIGHTS)
LEVEL_TABLES = {
    stage: weighted_table(list(zip("ABCD", weights, strict=True)))
    for stage, weights in vocab.LEVEL_WEIGHTS.items()
}
SURNAME_TABLE = weighted_table(
    [(pair, max(1, 12 - n // 4)) for n, pair in enumerate(vocab.SURNAMES)]
)
PRIMARY_TITLE_TABLE = weighted_table(
    list(zip(vocab.TITLES, vocab.PRIMARY_TITLE_WEIGHTS, strict=True))
)
OTHER_TITLE_TABLE = weighted_table(
    list(zip(vocab.TITLES, vocab.OTHER_TITLE_WEIGHTS, strict=True))
)
SUFFIX_TABLE = vocab.COMPANY_SUFFIXES
BRANDS = tuple(
    (a + b, pa + pb)
    for (a, pa), (b, pb) in itertools.permutations(vocab.BRAND_CHARS, 2)
)
# A step coprime with len(BRANDS) walks every brand once before repeating.
BRAND_STEP = 1009


def _region_table(provinces: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for province in provinces:
        for order, city in enumerate(REGIONS[province][1]):
            weight = 3 if city in vocab.BIG_CITIES else (2 if order == 0 else 1)
            pairs.append(((province, city), weight))
    return weighted_table(pairs)


ALL_REGIONS = _region_table(list(REGIONS))
BRANCH_REGIONS = [_region_table(provinces) for _, provinces in vocab.BRANCHES]


def pick(random_draw: Callable[[], float], table: Sequence):
    return table[int(random_draw() * len(table))]


def draw_stage_and_age(rng: random.Random) -> tuple[str, float]:
    """A stage, and how many days ago the customer was created."""
    stage = pick(rng.random, STAGE_TABLE)
    low = MIN_AGE_DAYS[stage]
    # Half uniform, half with density falling with age: the company is growing.
    share = rng.random() if rng.random() < 0.5 else 1 - rng.random() ** 0.5
    return stage, low + share * (HISTORY_DAYS - low)


NEVER_CONTACTED_SHARE = 0.08  # of potential customers


def _followup_weight(stage: str, age_days: float) -> float:
    # A customer added last week cannot have a year's worth of calls.
    return FOLLOWUP_FACTOR[stage] * min(1.0, (age_days + 14) / 120)


def followup_count(
    rng: random.Random, stage: str, age_days: float, per_unit: float
) -> int:
    """Follow-ups of one customer; the expectation is linear in `per_unit`."""
    if stage == "potential" and rng.random() < NEVER_CONTACTED_SHARE:
        return 0
    expected = per_unit * _followup_weight(stage, age_days) * (0.3 + 1.4 * rng.random())
    return int(expected + rng.random())  # unbiased rounding


def followups_per_unit(target: float) -> float:
    """Scale factor so that customers average `target` follow-ups (estimated from
    the same distributions with a fixed seed, so it is identical on every run)."""
    sample = random.Random(20260101)
    draws = 20_000
    total = 0.0
    for _ in range(draws):
        stage, age = draw_stage_and_age(sample)
        contacted = 1 - NEVER_CONTACTED_SHARE if stage == "potential" else 1.0
        total += contacted * _followup_weight(stage, age)
    return target / (total / draws)


class Clock:
    """Places events on weekdays in office hours (Asia/Shanghai), never after
    `now`; returns naive UTC like every stored timestamp."""

    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.random = rng.random
        self.now = now
        local_today = (now + LOCAL_OFFSET).date()
        self.today_weekday = local_today.weekday()
        self.local_midnight = dt.datetime.combine(local_today, dt.time()) - LOCAL_OFFSET

    def office_time(self, days_ago: float) -> dt.datetime:
        minute = 540 + 540 * self.random()  # 09:00-18:00
        if 720 <= minute < 810 and self.random() < 0.6:
            minute = 540 + 540 * self.random()  # fewer calls over lunch
        day = int(days_ago)
        if self.local_midnight + dt.timedelta(days=-day, minutes=minute) > self.now:
            day += 1  # later today has not happened yet
        weekday = (self.today_weekday - day) % 7
        if weekday >= 5 and self.random() < 0.85:
            # Most weekend work really happened on a weekday of that week.
            day += weekday - int(5 * self.random())
        return self.local_midnight + dt.timedelta(days=-day, minutes=minute)

    def due_today(self, after: dt.datetime) -> dt.datetime:
        """A reminder some time in today's office hours, after `after`."""
        moment = self.local_midnight + dt.timedelta(minutes=540 + 480 * self.random())
        return max(moment, after + dt.timedelta(hours=1))


@dataclass
class Batch:
    customers: list[tuple] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)
    followups: list[tuple] = field(default_factory=list)
    pool_events: list[tuple] = field(default_factory=list)


@dataclass
class _Contact:
    id: int
    created_at: dt.datetime
    called: str  # how a colleague refers to the person: 王总, 李经理


class CustomerGenerator:
    """Yields batches of customers with their contacts and follow-ups."""

    def __init__(
        self,
        *,
        scale: Scale,
        sellers: list[Seller],
        seed: int,
        now: dt.datetime,
        first_ids: tuple[int, int, int],
        customers_per_batch: int = 1000,
        first_pool_event_id: int = 1,
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.clock = Clock(random.Random(f"clock-{seed}"), now)
        self.now = now
        self.sellers = sellers
        self.seller_cum_weights = list(itertools.accumulate(s.weight for s in sellers))
        self.next_customer_id, self.next_contact_id, self.next_followup_id = first_ids
        self.customers_per_batch = customers_per_batch
        self.per_unit = followups_per_unit(scale.followups_per_customer)
        self.names_per_key: dict[str, int] = {}
        self.pool = PoolHistory(seed, now, sellers, first_pool_event_id)

    def batches(self) -> Iterator[Batch]:
        batch = Batch()
        for _ in range(self.scale.customers):
            self._customer(batch)
            if len(batch.customers) >= self.customers_per_batch:
                yield batch
                batch = Batch()
        if batch.customers:
            yield batch

    def _customer(self, batch: Batch) -> None:
        rng, rand, clock = self.rng, self.rng.random, self.clock
        customer_id = self.next_customer_id
        self.next_customer_id += 1
        stage, age_days = draw_stage_and_age(rng)
        cum_weights = self.seller_cum_weights
        seller = self.sellers[
            min(
                bisect.bisect(cum_weights, rand() * cum_weights[-1]),
                len(self.sellers) - 1,
            )
        ]
        in_pool = stage in ("potential", "dormant") and rand() < POOL_SHARE
        deleted = not in_pool and rand() < DELETED_SHARE
        province, city = pick(
            rand, BRANCH_REGIONS[seller.branch] if rand() < 0.8 else ALL_REGIONS
        )
        industry = pick(rand, INDUSTRY_TABLE)
        name, domain = self._company_name(city, industry)
        created_at = clock.office_time(age_days)

        contacts = self._contacts(
            batch, customer_id, seller.user_id, created_at, domain, city
        )
        primary_mobile = batch.contacts[-len(contacts)][4]
        if primary_mobile and rand() < 0.75:
            mobile = primary_mobile
        else:
            mobile = random_mobile(rng) if rand() < 0.8 else None
        phone = self._landline(city) if rand() < 0.45 else None
        email = (
            f"{pick(rand, vocab.COMPANY_MAILBOXES)}@{domain}" if rand() < 0.5 else None
        )
        tags = [pick(rand, vocab.TAGS)] if rand() < 0.25 else []
        if tags and rand() < 0.3:
            tags = list(dict.fromkeys([*tags, pick(rand, vocab.TAGS)]))
        remark = pick(rand, vocab.REMARKS) if rand() < 0.1 else None
        address = f"{pick(rand, vocab.ROADS)}路{1 + int(rand() * 300)}号"
        if rand() < 0.5:
            address += f"{pick(rand, vocab.BUILDINGS)}{2 + int(rand() * 28)}楼"

        last_at, next_at = self._followups(
            batch,
            customer_id,
            seller.user_id,
            stage,
            age_days,
            created_at,
            contacts,
            active=not in_pool and not deleted,
        )
        source, level = pick(rand, SOURCE_TABLE), pick(rand, LEVEL_TABLES[stage])
        updated_at = max(created_at, last_at or created_at)
        deleted_at = deleted_by = deleted_stage = None
        if deleted:
            deleted_days = 60 * rand()
            deleted_at = max(clock.office_time(deleted_days), updated_at)
            deleted_by, deleted_stage, stage = seller.user_id, stage, "potential"
            updated_at = deleted_at
        owner_id = None if in_pool else seller.user_id
        batch.customers.append(
            (
                customer_id,
                name,
                normalize_name(name),
                mobile,
                normalize_phone(mobile),
                phone,
                normalize_phone(phone),
                email,
                source,
                industry,
                level,
                province,
                city,
                None,
                address,
                stage,
                owner_id,
                next_at,
                last_at,
                tags,
                remark,
                seller.user_id,
                created_at,
                seller.user_id,
                updated_at,
                deleted_at,
                deleted_by,
                deleted_stage,
                1,
                *self.pool.columns(
                    batch.pool_events,
                    customer_id,
                    seller,
                    in_pool=in_pool,
                    deleted=deleted,
                    created_at=created_at,
                    last_at=last_at,
                ),
                {},
                len(contacts),
            )
        )

    def _company_name(self, city: str, industry: str) -> tuple[str, str]:
        """苏州华信电子科技有限公司-style name and its e-mail domain. Each (city,
        industry word) walks through the brand list, so names repeat only past
        len(BRANDS) companies of the same city and trade."""
        rand = self.rng.random
        word = pick(rand, vocab.INDUSTRY_WORDS[industry])
        key = city + word
        count = self.names_per_key.get(key, 0)
        self.names_per_key[key] = count + 1
        brand, brand_pinyin = BRANDS[
            (zlib.crc32(key.encode()) + count * BRAND_STEP) % len(BRANDS)
        ]
        name = f"{city.removesuffix('市')}{brand}{word}{pick(rand, SUFFIX_TABLE)}"
        domain = (
            f"{brand_pinyin}{vocab.INDUSTRY_DOMAIN[industry]}."
            f"{vocab.CUSTOMER_EMAIL_DOMAIN}"
        )
        return name, domain

    def _landline(self, city: str) -> str:
        number = 20_000_000 + int(self.rng.random() * 69_999_999)  # 8 digits
        return f"{vocab.AREA_CODES[city]}-{number}"

    def _contacts(
        self,
        batch: Batch,
        customer_id: int,
        user_id: int,
        created_at: dt.datetime,
        domain: str,
        city: str,
    ) -> list[_Contact]:
        rand = self.rng.random
        # 1-3 (uniform) around the default of two per customer.
        count = max(1, int(self.scale.contacts_per_customer - 1 + 3 * rand()))
        contacts = []
        for order in range(count):
            primary = order == 0
            surname, surname_pinyin = pick(rand, SURNAME_TABLE)
            given, given_pinyin = pick(rand, vocab.GIVEN_NAMES)
            name = surname + given
            titles = PRIMARY_TITLE_TABLE if primary else OTHER_TITLE_TABLE
            title, form = pick(rand, titles)
            has_mobile = rand() < (0.9 if primary else 0.75)
            mobile = random_mobile(self.rng) if has_mobile else None
            phone = self._landline(city) if rand() < 0.15 else None
            email = (
                f"{given_pinyin}.{surname_pinyin}@{domain}" if rand() < 0.6 else None
            )
            birthday = (
                dt.date(
                    1965 + int(rand() * 35), 1 + int(rand() * 12), 1 + int(rand() * 28)
                )
                if rand() < 0.15
                else None
            )
            # Entered together with the customer, before any follow-up names them
            # (a contact added "later" would make texts depend on the calendar).
            added_at = min(created_at + dt.timedelta(minutes=order), self.now)
            contact_id = self.next_contact_id
            self.next_contact_id += 1
            batch.contacts.append(
                (
                    contact_id,
                    customer_id,
                    name,
                    normalize_name(name),
                    mobile,
                    normalize_phone(mobile),
                    phone,
                    email,
                    title,
                    primary,
                    birthday,
                    None,
                    user_id,
                    added_at,
                    user_id,
                    added_at,
                    1,
                    {},
                )
            )
            called = surname + form if form else name
            contacts.append(_Contact(contact_id, added_at, called))
        return contacts

    def _followups(
        self,
        batch: Batch,
        customer_id: int,
        author_id: int,
        stage: str,
        age_days: float,
        created_at: dt.datetime,
        contacts: list[_Contact],
        *,
        active: bool,
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """Append the customer's follow-ups; returns (last occurred_at, the newest
        follow-up's next_followup_at) for the customer row."""
        rng, rand, clock = self.rng, self.rng.random, self.clock
        count = followup_count(rng, stage, age_days, self.per_unit)
        if not count:
            return None, None
        active = active and stage in ACTIVE_STAGES
        due_today = active and rand() < DUE_TODAY_SHARE
        # Dormant customers went quiet months ago; active ones were called lately.
        quiet_days = (
            90 + rand() * (min(age_days - 20, 330) - 90) if stage == "dormant" else 0.0
        )
        span = max(age_days - quiet_days, 0.0)
        skew = 1.6 if active else 1.0
        times = []
        for _ in range(count):
            occurred = clock.office_time(quiet_days + span * clock.random() ** skew)
            if occurred < created_at + FIRST_FOLLOWUP_DELAY:
                later = dt.timedelta(minutes=5 + 120 * clock.random())
                occurred = min(created_at + later, self.now)
            times.append(occurred)
        times.sort()
        if due_today:
            times[-1] = max(times[-1], clock.office_time(0.5 + 5.5 * clock.random()))

        next_at = None
        for order, occurred in enumerate(times):
            newest = order == count - 1
            kind = pick(rand, TYPE_TABLE)
            contact = contacts[int(rand() * len(contacts))] if rand() < 0.55 else None
            if contact is not None and contact.created_at > occurred:
                contact = contacts[0]
            content = pick(rand, vocab.FOLLOWUP_TEMPLATES[kind]).format(
                who=contact.called if contact else "客户",
                product=pick(rand, vocab.PRODUCTS),
                amount=pick(rand, vocab.AMOUNTS),
                days=3 + int(rand() * 12),
                people=2 + int(rand() * 6),
            )
            wants_next = rand() < (0.7 if newest else 0.35)
            next_at = None
            if newest and due_today:
                next_at = clock.due_today(occurred)
            elif wants_next and (active or not newest):
                next_at = occurred + dt.timedelta(days=1 + int(clock.random() * 14))
            typing_delay = dt.timedelta(minutes=30 * clock.random())
            logged_at = min(occurred + typing_delay, self.now)
            batch.followups.append(
                (
                    self.next_followup_id,
                    customer_id,
                    contact.id if contact else None,
                    kind,
                    content,
                    occurred,
                    next_at,
                    author_id,
                    logged_at,
                    None,
                    None,
                    None,
                )
            )
            self.next_followup_id += 1
        return times[-1], next_at
