"""The pool rule job: return overdue customers to the pool and warn owners
before it happens. Idempotent and safe to run every few minutes from cron
(`pelago jobs pool`) or from the in-process scheduler; a database lock makes
concurrent runs queue up instead of moving a customer twice."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from models import Customer, PoolEvent, User
from models.base import utcnow
from services.audit import record_audit
from services.notifications import notify
from services.pool import (
    candidate_clause,
    customer_deadline,
    enter_pool_values,
    get_rules,
    return_deadline,
)

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key: "pelago" + 1, any constant shared by every runner.
ADVISORY_LOCK_KEY = 0x70656C61676F01
BATCH_SIZE = 500
# Shanghai has no daylight saving: one warning digest per owner per local day.
LOCAL_OFFSET = dt.timedelta(hours=8)


@dataclass
class PoolJobResult:
    moved: Counter = field(default_factory=Counter)  # reason → customers
    warned_owners: int = 0

    @property
    def moved_total(self) -> int:
        return sum(self.moved.values())

    def describe(self) -> str:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.moved.items()))
        return (
            f"Pool job: {self.moved_total} customers returned to the pool"
            f"{f' ({reasons})' if reasons else ''}; "
            f"{self.warned_owners} owners warned."
        )


def lock_pool_job(session: Session) -> None:
    """Serialise rule runs for the rest of the transaction: an advisory lock on
    PostgreSQL; on SQLite the transaction must have begun IMMEDIATE (the write
    lock, which `make_engine` takes by default)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        )


def apply_pool_rules(
    session: Session, *, now: dt.datetime | None = None, limit: int = BATCH_SIZE
) -> Counter:
    """Return up to `limit` overdue customers to the pool in the caller's
    transaction (after `lock_pool_job`); returns customers moved per reason."""
    now = now or utcnow()
    rules = get_rules(session)
    moved: Counter = Counter()
    if not rules.auto_return_enabled:
        return moved
    # Stream the (exact but extension-blind) candidates until a batch is full.
    candidates = session.execute(
        select(
            Customer.id,
            Customer.owner_id,
            Customer.stage,
            Customer.last_followup_at,
            Customer.claimed_at,
            Customer.created_at,
            Customer.pool_extension_days,
        )
        .where(Customer.deleted_at.is_(None), candidate_clause(rules, now))
        .order_by(Customer.id)
        .execution_options(yield_per=2000)
    )
    due = []
    for row in candidates:
        deadline = row_deadline(rules, row)
        if deadline and deadline[0] <= now:
            due.append((row, deadline[1]))
            if len(due) >= limit:
                break
    candidates.close()
    owners = {c.owner_id for c, _ in due}
    teams = dict(
        session.execute(select(User.id, User.team_id).where(User.id.in_(owners))).all()
    )
    per_owner: Counter = Counter()
    for customer, reason in due:
        owner_id = customer.owner_id
        values = enter_pool_values(owner_id, teams.get(owner_id), reason, None, now)
        result = session.execute(
            update(Customer)
            # Only if nobody changed the owner since we read it.
            .where(Customer.id == customer.id, Customer.owner_id == owner_id)
            .values(**values, version=Customer.version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            continue
        session.add(
            PoolEvent(
                customer_id=customer.id,
                direction="in",
                reason=reason,
                owner_id=owner_id,
                team_id=teams.get(owner_id),
                created_at=now,
            )
        )
        record_audit(
            session,
            None,
            f"customer.{reason}",
            "customer",
            customer.id,
            before={"owner_id": owner_id},
            after={"owner_id": None, "pool_reason": reason},
        )
        moved[reason] += 1
        per_owner[owner_id] += 1
    for owner_id, count in per_owner.items():
        notify(
            session,
            owner_id,
            "pool_returned",
            params={"count": count},
            link="/pool",
        )
    session.flush()
    return moved


def warn_owners(session: Session, *, now: dt.datetime | None = None) -> int:
    """Once a day per owner: how many of their customers return to the pool
    within the warning window. Returns how many owners were notified."""
    now = now or utcnow()
    rules = get_rules(session)
    if not rules.auto_return_enabled or not rules.warn_days:
        return 0
    horizon = now + dt.timedelta(days=rules.warn_days)
    rows = session.scalars(
        select(Customer).where(
            Customer.deleted_at.is_(None), candidate_clause(rules, horizon)
        )
    )
    per_owner: Counter = Counter()
    for customer in rows:
        deadline = customer_deadline(rules, customer)
        if deadline and now < deadline[0] <= horizon:
            per_owner[customer.owner_id] += 1
    day = (now + LOCAL_OFFSET).date().isoformat()
    warned = 0
    for owner_id, count in per_owner.items():
        warned += notify(
            session,
            owner_id,
            "pool_expiring",
            params={"count": count, "days": rules.warn_days},
            link="/pool-expiring",
            dedupe_key=f"pool_expiring:{day}",
        )
    session.flush()
    return warned


def row_deadline(rules, row) -> tuple[dt.datetime, str] | None:
    return return_deadline(
        rules,
        stage=row.stage,
        last_followup_at=row.last_followup_at,
        claimed_at=row.claimed_at,
        created_at=row.created_at,
        extension_days=row.pool_extension_days,
    )


def run_pool_job(engine: Engine, *, now: dt.datetime | None = None) -> PoolJobResult:
    """Apply the rules in committed batches, then send the warnings. Each batch
    holds the job lock, so a second runner waits and then finds nothing to do."""
    writer = engine.execution_options(sqlite_begin="IMMEDIATE")
    result = PoolJobResult()
    while True:
        with Session(writer) as session, session.begin():
            lock_pool_job(session)
            moved = apply_pool_rules(session, now=now)
        result.moved.update(moved)
        if sum(moved.values()) < BATCH_SIZE:
            break
    with Session(writer) as session, session.begin():
        lock_pool_job(session)
        result.warned_owners = warn_owners(session, now=now)
    return result


class PoolJobScheduler:
    """Runs the pool job now and then every `minutes` in a daemon thread (one
    per server: the gunicorn master starts it, see dashboard/gunicorn_conf.py)."""

    def __init__(self, engine: Engine, minutes: float) -> None:
        self.engine = engine
        self.interval = minutes * 60
        self.stopped = threading.Event()
        self.runs = 0
        self.ran = threading.Event()  # set after every run (tests wait on it)
        self.thread = threading.Thread(
            target=self._loop, name="pelago-pool-job", daemon=True
        )

    def start(self) -> PoolJobScheduler:
        self.thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self.stopped.set()
        self.thread.join(timeout)

    def _loop(self) -> None:
        while not self.stopped.is_set():
            try:
                outcome = run_pool_job(self.engine)
                if outcome.moved_total or outcome.warned_owners:
                    log.info(outcome.describe())
            except Exception:  # keep the schedule alive; the next run retries
                log.exception("pool job failed")
            self.runs += 1
            self.ran.set()
            if self.stopped.wait(self.interval):
                break


def scheduler_from_env(database_url: str) -> PoolJobScheduler | None:
    """A started scheduler when PELAGO_POOL_JOB_MINUTES is a positive number."""
    raw = os.environ.get("PELAGO_POOL_JOB_MINUTES", "").strip()
    try:
        minutes = float(raw) if raw else 0.0
    except ValueError:
        log.warning("PELAGO_POOL_JOB_MINUTES=%r is not a number; not scheduling", raw)
        return None
    if minutes <= 0:
        return None
    from services.database import make_engine

    log.info("pool job scheduled every %s minutes", raw)
    return PoolJobScheduler(make_engine(database_url), minutes).start()
