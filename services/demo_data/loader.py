"""load_demo_data: a deterministic demo company, from 40 users and 2,000 customers
up to 1,000,000 customers and 10,000,000 follow-ups, streamed in batches."""

from __future__ import annotations

import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.orm import Session

from models import Contact, Customer, FollowUp, Lead, PoolEvent, User
from models.base import utcnow
from services.demo_data.bulk import indexes_dropped, tallies_suspended
from services.demo_data.customers import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    FOLLOWUP_COLUMNS,
    CustomerGenerator,
)
from services.demo_data.deals import DEAL_TABLES, save_number_counters, start_deals
from services.demo_data.leads import LEAD_TABLES, lead_batches
from services.demo_data.organisation import Scale, build_organisation
from services.demo_data.pool import POOL_EVENT_COLUMNS, add_pending_requests
from services.demo_data.prefetch import prefetch
from services.demo_data.targets import add_targets
from services.demo_data.vocabulary import PASSWORD
from services.demo_data.writers import PostgresWriter, SqliteWriter, writer_for

SCALES: dict[str, Scale] = {
    "tiny": Scale(customers=60, branches=2, teams=2, reps=4),
    "small": Scale(customers=2_000, branches=3, teams=8, reps=26),
    "medium": Scale(customers=100_000, branches=4, teams=20, reps=120),
    "large": Scale(customers=1_000_000, branches=6, teams=60, reps=435),
}
CUSTOMERS_PER_BATCH = 1_000  # about 2,000 contacts and 10,000 follow-ups
# Small loads are one transaction; big ones commit along the way so neither the
# SQLite WAL nor PostgreSQL's open transaction grows with the whole data set.
COMMIT_EVERY_ROWS = 200_000
PROGRESS_EVERY_ROWS = 100_000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoSummary:
    """What a load inserted; `logins` are (username, password, role, team) rows
    worth printing (every demo user shares the same password)."""

    scale: str
    skipped: bool = False
    teams: int = 0
    users: int = 0
    dictionary_entries: int = 0
    customers: int = 0
    contacts: int = 0
    followups: int = 0  # on customers and on leads
    leads: int = 0
    products: int = 0
    opportunities: int = 0
    contracts: int = 0
    payments: int = 0
    seconds: float = 0.0
    password: str = PASSWORD
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)

    def describe(self) -> str:
        """Human-readable report for the command line."""
        if self.skipped:
            return "Demo data skipped: the database already has users."
        lines = [
            f"Demo data ({self.scale}) loaded in {self.seconds:.1f} s: "
            f"{self.teams} teams, {self.users} users, {self.customers:,} customers, "
            f"{self.contacts:,} contacts, {self.leads:,} leads, "
            f"{self.followups:,} follow-ups, {self.products} products, "
            f"{self.opportunities:,} opportunities, {self.contracts:,} contracts, "
            f"{self.payments:,} payments.",
            f"Every demo user's password is {self.password}. For example:",
        ]
        lines += [
            f"  {username:<10} {role:<10} {team}"
            for username, _, role, team in self.logins
        ]
        return "\n".join(lines)


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_demo_data(
    engine: Engine,
    *,
    scale: str | Scale = "small",
    seed: int = 42,
    if_empty: bool = False,
    progress: Progress | None = None,
) -> DemoSummary:
    """Generate a demo organisation with customers, contacts and follow-ups.

    The same seed gives the same names, numbers and counts on every run and both
    backends; timestamps are placed relative to now. With `if_empty`, does nothing
    when any user exists (safe to call on every start). Raises ValueError for an
    unknown scale or when demo usernames are already taken.
    """
    scale_name, plan = _resolve_scale(scale)
    started = time.perf_counter()
    now = utcnow()
    writer = writer_for(engine.dialect.name)
    # No audit rows: the log records what people did; a bulk-generated history
    # would bury real entries and double the volume of a large load.
    with Session(engine) as session:
        if if_empty and session.scalar(select(User.id).limit(1)) is not None:
            return DemoSummary(scale=scale_name, skipped=True)
        org = build_organisation(session, plan, random.Random(f"org-{seed}"), now)
        generator = CustomerGenerator(
            scale=plan,
            sellers=org.sellers,
            seed=seed,
            now=now,
            first_ids=tuple(
                _next_id(session, model) for model in (Customer, Contact, FollowUp)
            ),
            customers_per_batch=CUSTOMERS_PER_BATCH,
            first_pool_event_id=_next_id(session, PoolEvent),
        )
        deals = start_deals(session, seed=seed, now=now)
        counter = _Counter(progress, started)
        # Foreign-key order: follow-ups name opportunities and contracts.
        tables = (
            (Customer.__table__, CUSTOMER_COLUMNS, "customers"),
            (Contact.__table__, CONTACT_COLUMNS, "contacts"),
            *DEAL_TABLES,
            (FollowUp.__table__, FOLLOWUP_COLUMNS, "followups"),
            (PoolEvent.__table__, POOL_EVENT_COLUMNS, "pool_events"),
        )
        bulk_tables = list(
            dict.fromkeys(table for table, _, _ in (*tables, *LEAD_TABLES))
        )
        with tallies_suspended(session):
            batches = deals.attach(generator.batches())
            if writer.overlaps_generation:
                batches = prefetch(batches)
            with indexes_dropped(session, bulk_tables):
                # closing(): a failed write must stop the generator thread at once.
                with closing(batches):
                    _write(session, writer, counter, batches, tables)
                leads = lead_batches(
                    session,
                    sellers=org.sellers,
                    total=round(plan.customers * plan.leads_per_customer),
                    seed=seed,
                    now=now,
                    first_ids=(_next_id(session, Lead), _next_id(session, FollowUp)),
                )
                _write(session, writer, counter, leads, LEAD_TABLES)
            writer.finish(session.connection(), bulk_tables)
            save_number_counters(session, deals)
            add_pending_requests(session, now)
            add_targets(session, today=now.date(), seed=seed)
        session.commit()
    return DemoSummary(
        scale=scale_name,
        teams=org.teams,
        users=org.users,
        dictionary_entries=org.dictionary_entries,
        customers=counter.rows["customers"],
        contacts=counter.rows["contacts"],
        followups=counter.rows["followups"],
        leads=counter.rows["leads"],
        products=deals.product_count,
        opportunities=counter.rows["opportunities"],
        contracts=counter.rows["contracts"],
        payments=counter.rows["payments"],
        seconds=round(time.perf_counter() - started, 2),
        logins=org.logins,
    )


def _write(
    session: Session,
    writer: SqliteWriter | PostgresWriter,
    counter: _Counter,
    batches: Iterable,
    tables: Sequence[tuple[Table, Sequence[str], str]],
) -> None:
    """Write each batch's rows of each table (batch attribute), committing
    every COMMIT_EVERY_ROWS rows."""
    for batch in batches:
        connection = session.connection()
        for table, columns, attribute in tables:
            rows = getattr(batch, attribute)
            writer.write(connection, table, columns, rows)
            counter.add(attribute, len(rows))
        if counter.uncommitted >= COMMIT_EVERY_ROWS:
            session.commit()
            counter.uncommitted = 0


def _next_id(session: Session, model) -> int:
    """The id after the largest stored one (the generators assign ids)."""
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _resolve_scale(scale: str | Scale) -> tuple[str, Scale]:
    if isinstance(scale, Scale):
        return "custom", scale
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    return scale, SCALES[scale]


class _Counter:
    """Rows written per table; reports every PROGRESS_EVERY_ROWS rows."""

    def __init__(self, progress: Progress | None, started: float) -> None:
        self.progress = progress
        self.started = started
        self.rows: dict[str, int] = defaultdict(int)
        self.total = 0
        self.uncommitted = 0

    def add(self, table: str, count: int) -> None:
        before = self.total
        self.rows[table] += count
        self.total += count
        self.uncommitted += count
        step = PROGRESS_EVERY_ROWS
        if self.progress and before // step != self.total // step:
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            rows = self.rows
            self.progress(
                f"demo data: {self.total:,} rows ({rows['customers']:,} customers, "
                f"{rows['contacts']:,} contacts, {rows['followups']:,} follow-ups), "
                f"{self.total / elapsed:,.0f} rows/s"
            )
