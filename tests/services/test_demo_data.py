"""Demo data: documented counts, consistent rows, determinism and idempotence, on
SQLite and PostgreSQL. Only the first test loads the full small scale."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased

import models
from models import Contact, Customer, FollowUp, Team, User
from models.base import utcnow
from models.tally import TALLIES
from services.auth import authenticate
from services.database import make_engine
from services.demo_data import SCALES, Scale, load_demo_data
from services.demo_data import loader as demo_loader
from services.demo_data.bulk import secondary_indexes
from services.demo_data.customers import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    FOLLOWUP_COLUMNS,
)
from services.demo_data.prefetch import prefetch
from services.normalize import mobile_problem, normalize_name, normalize_phone
from services.regions import REGIONS

BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)
LOCAL = dt.timedelta(hours=8)


@pytest.fixture
def empty_db(isolated_engine) -> Engine:
    models.Base.metadata.create_all(isolated_engine)
    return isolated_engine


def sqlite_engine(tmp_path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    models.Base.metadata.create_all(engine)
    return engine


def count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@BACKENDS
def assert_targets(session) -> None:
    """Every seller and team with approved deals has 24 monthly targets per
    metric (last year and this year) in whole thousands."""
    from models import PerformanceTarget

    rows = session.execute(
        select(
            PerformanceTarget.metric,
            PerformanceTarget.subject_type,
            PerformanceTarget.subject_id,
            func.count(),
            func.min(PerformanceTarget.amount),
        ).group_by(
            PerformanceTarget.metric,
            PerformanceTarget.subject_type,
            PerformanceTarget.subject_id,
        )
    ).all()
    for metric in ("contract_amount", "payment_amount"):
        users = [r for r in rows if r[0] == metric and r[1] == "user"]
        teams = [r for r in rows if r[0] == metric and r[1] == "team"]
        assert len(users) >= 20 and len(teams) >= 8
    assert all(
        months == 24 and low > 0 and low % 1000 == 0 for *_k, months, low in rows
    )


def test_small_scale_loads_a_consistent_company(empty_db):
    summary = load_demo_data(empty_db, scale="small", seed=42)

    plan = SCALES["small"]
    assert not summary.skipped
    assert (summary.users, summary.customers) == (plan.users, plan.customers)
    assert (plan.users, plan.customers) == (39, 2000)
    with Session(empty_db) as session:
        assert count(session, User) == summary.users
        assert count(session, Team) == summary.teams == 13  # company, 3, 8, finance
        assert count(session, Customer) == summary.customers
        assert count(session, Contact) == summary.contacts >= summary.customers
        assert count(session, FollowUp) == summary.followups
        assert 8 <= summary.followups / summary.customers <= 12
        assert session.scalar(select(User.id).where(User.username == "admin"))
        assert_one_primary_contact_each(session)
        assert_customer_dates_match_followups(session)
        assert_realistic_customers(session)
        assert_office_hours(session)
        assert_targets(session)
        assert_reminders_due(session)


def assert_one_primary_contact_each(session: Session) -> None:
    primaries = (
        select(Contact.customer_id, func.count().label("primaries"))
        .where(Contact.is_primary.is_(True))
        .group_by(Contact.customer_id)
        .subquery()
    )
    wrong = session.scalar(
        select(func.count())
        .select_from(Customer)
        .outerjoin(primaries, primaries.c.customer_id == Customer.id)
        .where(
            Customer.deleted_at.is_(None), func.coalesce(primaries.c.primaries, 0) != 1
        )
    )
    assert wrong == 0


def assert_customer_dates_match_followups(session: Session) -> None:
    latest = (
        select(FollowUp.customer_id, func.max(FollowUp.occurred_at).label("latest"))
        .group_by(FollowUp.customer_id)
        .subquery()
    )
    mismatched = session.scalar(
        select(func.count())
        .select_from(Customer)
        .outerjoin(latest, latest.c.customer_id == Customer.id)
        .where(Customer.last_followup_at.is_distinct_from(latest.c.latest))
    )
    assert mismatched == 0
    newest = aliased(FollowUp)
    for customer in session.scalars(
        select(Customer)
        .where(Customer.last_followup_at.is_not(None))
        .order_by(Customer.id)
        .limit(200)
    ):
        reminder = session.scalar(
            select(newest.next_followup_at)
            .where(newest.customer_id == customer.id)
            .order_by(newest.occurred_at.desc())
            .limit(1)
        )
        assert customer.next_followup_at == reminder
    in_future = session.scalar(
        select(func.count())
        .select_from(FollowUp)
        .where(FollowUp.occurred_at > utcnow())
    )
    before_customer = session.scalar(
        select(func.count())
        .select_from(FollowUp)
        .join(Customer)
        .where(FollowUp.occurred_at < Customer.created_at)
    )
    assert (in_future, before_customer) == (0, 0)


def assert_realistic_customers(session: Session) -> None:
    customers = session.scalars(select(Customer)).all()
    stages = {
        stage: sum(c.stage == stage for c in customers) / len(customers)
        for stage in ("potential", "intention", "cooperating", "dormant")
    }
    assert stages == pytest.approx(
        {"potential": 0.45, "intention": 0.30, "cooperating": 0.18, "dormant": 0.07},
        abs=0.05,
    )
    assert len({c.name for c in customers}) == len(customers)
    binned = [c for c in customers if c.deleted_at is not None]
    assert binned and all(
        c.stage == "potential"
        and c.deleted_by_id == c.created_by_id
        and c.deleted_stage
        for c in binned
    )
    assert any(c.owner_id is None for c in customers)  # a few in the public pool
    for c in customers:
        assert c.name_normalized == normalize_name(c.name)
        assert c.mobile_normalized == normalize_phone(c.mobile)
        assert c.phone_normalized == normalize_phone(c.phone)
        assert c.mobile is None or mobile_problem(c.mobile) is None
        assert c.city in REGIONS[c.province][1]
        assert c.updated_at >= c.created_at and c.version == 1
    for contact in session.scalars(select(Contact).limit(500)):
        assert contact.name_normalized == normalize_name(contact.name)
        assert contact.mobile is None or mobile_problem(contact.mobile) is None


def assert_office_hours(session: Session) -> None:
    local_times = [at + LOCAL for at in session.scalars(select(FollowUp.occurred_at))]
    weekend = sum(t.weekday() >= 5 for t in local_times) / len(local_times)
    office = sum(9 <= t.hour < 18 for t in local_times) / len(local_times)
    assert weekend < 0.1 and office > 0.99


def assert_reminders_due(session: Session) -> None:
    now = utcnow()
    local_midnight = dt.datetime.combine((now + LOCAL).date(), dt.time()) - LOCAL
    reminders = list(
        session.scalars(
            select(Customer.next_followup_at).where(
                Customer.next_followup_at.is_not(None), Customer.deleted_at.is_(None)
            )
        )
    )
    assert any(at < now for at in reminders)  # overdue
    assert any(
        local_midnight <= at < local_midnight + dt.timedelta(days=1) for at in reminders
    )  # due today
    assert any(at > now + dt.timedelta(days=1) for at in reminders)


def snapshot(engine: Engine) -> dict:
    """What must repeat for a seed: names, numbers, codes, owners, texts, counts."""
    with Session(engine) as session:
        customers = session.execute(
            select(
                Customer.name,
                Customer.mobile,
                Customer.phone,
                Customer.email,
                Customer.source,
                Customer.industry,
                Customer.level,
                Customer.city,
                Customer.stage,
                User.username,
            )
            .outerjoin(User, User.id == Customer.created_by_id)
            .order_by(Customer.id)
            .limit(50)
        ).all()
        contacts = session.execute(
            select(Contact.name, Contact.mobile, Contact.title, Contact.is_primary)
            .order_by(Contact.id)
            .limit(50)
        ).all()
        followups = session.execute(
            select(FollowUp.followup_type, FollowUp.content)
            .order_by(FollowUp.id)
            .limit(200)
        ).all()
        users = session.execute(
            select(User.username, User.display_name).order_by(User.username)
        ).all()
        counts = [count(session, model) for model in (Customer, Contact, FollowUp)]
    return {
        "customers": customers,
        "contacts": contacts,
        "followups": followups,
        "users": users,
        "counts": counts,
    }


@BACKENDS
def test_same_seed_gives_the_same_data_on_any_day_and_backend(
    empty_db, tmp_path, monkeypatch
):
    load_demo_data(empty_db, scale="tiny", seed=7)
    # Another backend, on a Saturday night: the calendar must not change the data.
    saturday_night = dt.datetime(2027, 3, 6, 15, 30)
    monkeypatch.setattr(demo_loader, "utcnow", lambda: saturday_night)
    again = sqlite_engine(tmp_path, "again.db")
    load_demo_data(again, scale="tiny", seed=7)
    other_seed = sqlite_engine(tmp_path, "other.db")
    load_demo_data(other_seed, scale="tiny", seed=8)

    first = snapshot(empty_db)
    assert len(first["customers"]) == 50
    assert snapshot(again) == first
    assert snapshot(other_seed)["customers"] != first["customers"]
    for engine in (again, other_seed):
        engine.dispose()


@BACKENDS
def test_if_empty_loads_once_then_does_nothing(empty_db):
    first = load_demo_data(empty_db, scale="tiny", if_empty=True)
    second = load_demo_data(empty_db, scale="tiny", if_empty=True)

    assert not first.skipped and first.customers == SCALES["tiny"].customers
    assert second.skipped and second.customers == 0 and second.logins == []
    with Session(empty_db) as session:
        assert count(session, Customer) == first.customers
        assert count(session, User) == first.users


@BACKENDS
def test_demo_logins_authenticate_and_new_rows_get_fresh_ids(empty_db):
    summary = load_demo_data(empty_db, scale="tiny")

    assert ("rep1", "Pelago-2026", "rep", "销售一组") in summary.logins
    assert {role for _, _, role, _ in summary.logins} == {
        "admin",
        "executive",
        "leader",
        "rep",
        "finance",
    }
    with Session(empty_db) as session, session.begin():
        assert authenticate(session, "rep1", "Pelago-2026").user_id is not None
        # Explicit ids were used: the sequences must have moved past them.
        customer = Customer(name="新客户", name_normalized="新客户")
        session.add(customer)
        session.flush()
        assert customer.id == summary.customers + 1


@pytest.mark.parametrize("isolated_engine", ["sqlite"], indirect=True)
def test_custom_scale_and_progress(empty_db, monkeypatch):
    monkeypatch.setattr(demo_loader, "PROGRESS_EVERY_ROWS", 100)
    messages: list[str] = []
    plan = Scale(
        customers=25,
        branches=1,
        teams=1,
        reps=2,
        contacts_per_customer=1.0,
        followups_per_customer=4.0,
    )

    summary = load_demo_data(empty_db, scale=plan, progress=messages.append)

    assert (summary.scale, summary.users, summary.teams) == ("custom", 8, 4)
    assert summary.customers == 25 and 25 <= summary.contacts <= 50
    assert 40 <= summary.followups <= 160
    assert messages and "rows/s" in messages[-1]
    assert [login[0] for login in summary.logins] == [
        "admin",
        "exec1",
        "leader1",
        "rep1",
        "rep2",
        "finance1",
    ]


@pytest.mark.parametrize("isolated_engine", ["sqlite"], indirect=True)
def test_refuses_to_add_demo_users_next_to_existing_ones(empty_db):
    load_demo_data(empty_db, scale="tiny")

    with pytest.raises(ValueError, match="admin"):
        load_demo_data(empty_db, scale="tiny")


def test_unknown_scale_is_rejected():
    with pytest.raises(ValueError, match="huge"):
        load_demo_data(make_engine("sqlite://"), scale="huge")


def test_generated_rows_cover_every_column():
    # A new column must be added to the generator, or COPY would leave it NULL.
    for model, columns in (
        (Customer, CUSTOMER_COLUMNS),
        (Contact, CONTACT_COLUMNS),
        (FollowUp, FOLLOWUP_COLUMNS),
    ):
        assert sorted(columns) == sorted(model.__table__.c.keys())


def test_prefetch_keeps_order_and_raises_the_producers_error():
    def items():
        yield from range(5)
        raise RuntimeError("generator broke")

    received = []
    with pytest.raises(RuntimeError, match="generator broke"):
        for item in prefetch(items(), depth=1):
            received.append(item)
    assert received == [0, 1, 2, 3, 4]


def test_prefetch_stops_its_thread_when_the_consumer_stops_early():
    before = threading.active_count()
    stream = prefetch(iter(range(1_000_000)), depth=2)
    assert next(stream) == 0
    stream.close()  # what a failed database write does to the loop
    assert threading.active_count() == before


@BACKENDS
def test_tallies_are_counted_after_a_load_and_kept_after_it(empty_db):
    bulk = [Customer.__table__, Contact.__table__, FollowUp.__table__]
    with empty_db.connect() as connection:
        indexes = secondary_indexes(connection, bulk)
    summary = load_demo_data(empty_db, scale="tiny")
    with empty_db.connect() as connection:  # dropped for the load, then rebuilt
        assert {n for n, _ in secondary_indexes(connection, bulk)} == {
            n for n, _ in indexes
        }

    def snapshots(connection) -> dict[str, set]:
        return {
            t.table: {
                row
                for row in connection.exec_driver_sql(f"SELECT * FROM {t.table}")
                if any(row[-2:])
            }
            for t in TALLIES
            if t.clear  # the rollup tables (not counters on other tables)
        }

    def customers(snapshot) -> int:  # owner_key, stage, customers, contacts
        return sum(row[2] for row in snapshot["customer_tallies"])

    with empty_db.connect() as connection:
        loaded = snapshots(connection)
        # The counters on rows were counted after the load, too.
        assert not connection.exec_driver_sql(
            "SELECT COUNT(*) FROM customers c WHERE contact_count <> "
            "(SELECT COUNT(*) FROM contacts WHERE customer_id = c.id)"
        ).scalar()
        assert not connection.exec_driver_sql(
            "SELECT COUNT(*) FROM payment_installments i WHERE collected <> "
            "COALESCE((SELECT SUM(amount) FROM payments p WHERE p.installment_id = i.id"
            " AND p.status = 'approved'), 0)"
        ).scalar()
        assert connection.exec_driver_sql(
            "SELECT COUNT(*) FROM payment_installments WHERE collected > 0"
        ).scalar()
        assert not connection.exec_driver_sql(
            "SELECT COUNT(*) FROM payment_installments i JOIN contracts c"
            " ON c.id = i.contract_id WHERE i.contract_status IS NULL"
            " OR i.contract_status <> c.status"
            " OR COALESCE(i.contract_owner_id, 0) <> COALESCE(c.owner_id, 0)"
        ).scalar()
        # The triggers are back: a new customer counts.
        connection.execute(
            Customer.__table__.insert().values(
                name="新客户",
                name_normalized="新客户",
                stage="potential",
                version=1,
                custom_values={},
                tags=[],
            )
        )
        grown = snapshots(connection)
        for tally in TALLIES:
            tally.rebuild(connection)
        assert snapshots(connection) == grown
        connection.rollback()
    assert all(loaded.values()), "every tally has rows"
    assert customers(loaded) + 1 == customers(grown)
    assert customers(loaded) <= summary.customers


@BACKENDS
def test_a_failed_load_puts_back_the_indexes_it_dropped(empty_db, monkeypatch):
    tables = [Customer.__table__, Contact.__table__, FollowUp.__table__]

    def indexes() -> set[str]:
        with empty_db.connect() as connection:
            return {name for name, _ in secondary_indexes(connection, tables)}

    before = indexes()
    assert "ix_followups_author_occurred" in before
    real_writer_for = demo_loader.writer_for

    def failing_writer(dialect_name):
        writer = real_writer_for(dialect_name)
        writes = iter(range(12))

        def write(*args):
            if next(writes, None) is None:
                raise RuntimeError("disk full")
            real_write(*args)

        real_write, writer.write = writer.write, write
        return writer

    # Committed along the way (the drops too), then failing mid-load.
    monkeypatch.setattr(demo_loader, "COMMIT_EVERY_ROWS", 1)
    monkeypatch.setattr(demo_loader, "CUSTOMERS_PER_BATCH", 10)
    monkeypatch.setattr(demo_loader, "writer_for", failing_writer)
    with pytest.raises(RuntimeError, match="disk full"):
        load_demo_data(
            empty_db, scale=Scale(customers=200, branches=1, teams=1, reps=2)
        )
    assert indexes() == before
