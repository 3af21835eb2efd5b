"""The pool rule job: which customers return and why, idempotence, the lock,
warnings, the scheduler and `pelago jobs pool`."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

import models
from models import AuditLog, Customer, Notification, PoolEvent
from models.base import utcnow
from services.operation_log import customer_log
from services.pool import PoolRulesIn, pool_customer_detail, update_rules
from services.pool_job import (
    PoolJobScheduler,
    apply_pool_rules,
    lock_pool_job,
    run_pool_job,
    warn_owners,
)
from tests.factories import (
    build_org,
    force_columns,
    make_customer,
    make_followup,
    reloaded,
)

DAY = dt.timedelta(days=1)
BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)


def enable(org, **values):
    data = {
        "auto_return_enabled": True,
        "no_followup_days": 30,
        "unsigned_days": 90,
        "dormant_days": 180,
        "warn_days": 3,
        "max_customers_per_rep": 0,
        "reclaim_block_days": 0,
    } | values
    version = org.session.scalar(select(models.PoolRules.version)) or 0
    update_rules(
        org.session, org.actor("admin"), PoolRulesIn(**data), expected_version=version
    )


def aged(org, owner, name, *, days, stage="potential", **columns):
    customer = make_customer(org.session, org.actor(owner), name, stage=stage)
    force_columns(org.session, customer, created_at=utcnow() - days * DAY, **columns)
    return customer


def test_nothing_moves_while_rules_are_off(org):
    aged(org, "rep_a1", "Old", days=400)
    assert apply_pool_rules(org.session) == {}


def test_each_rule_returns_its_customers_with_the_reason(org):
    enable(org)
    now = utcnow()
    quiet = aged(org, "rep_a1", "Quiet", days=31)
    unsigned = aged(org, "rep_a1", "Unsigned", days=91, last_followup_at=now - DAY)
    dormant = aged(
        org,
        "rep_a2",
        "Dormant",
        days=400,
        stage="cooperating",
        last_followup_at=now - 181 * DAY,
    )
    fresh = aged(org, "rep_a1", "Fresh", days=29)
    signed = aged(
        org,
        "rep_a1",
        "Signed",
        days=400,
        stage="cooperating",
        last_followup_at=now - 10 * DAY,
    )
    followed = aged(org, "rep_a1", "Followed", days=60)
    make_followup(org.session, org.actor("rep_a1"), followed)

    moved = apply_pool_rules(org.session, now=now)

    assert moved == {"auto_no_followup": 1, "auto_unsigned": 1, "auto_dormant": 1}
    reasons = {
        c.name: reloaded(org.session, c).pool_reason
        for c in (quiet, unsigned, dormant, fresh, signed, followed)
    }
    assert reasons == {
        "Quiet": "auto_no_followup",
        "Unsigned": "auto_unsigned",
        "Dormant": "auto_dormant",
        "Fresh": None,
        "Signed": None,
        "Followed": None,
    }
    stored = reloaded(org.session, quiet)
    assert (stored.owner_id, stored.last_owner_id, stored.last_team_id) == (
        None,
        org.ids["rep_a1"],
        org.team_a.id,
    )


def test_a_move_is_in_the_operation_log_and_pool_history(org):
    enable(org)
    quiet = aged(org, "rep_a1", "Quiet", days=31)
    apply_pool_rules(org.session)

    [entry] = [
        a
        for a in org.session.scalars(select(AuditLog))
        if a.object_id == quiet.id and a.action.startswith("customer.auto")
    ]
    assert (entry.action, entry.actor_id, entry.after) == (
        "customer.auto_no_followup",
        None,
        {"owner_id": None, "pool_reason": "auto_no_followup"},
    )
    detail = pool_customer_detail(org.session, org.actor("rep_a2"), quiet.id)
    assert "customer.auto_no_followup" in [e["action"] for e in detail["log"]]
    assert detail["history"][0]["reason"] == "auto_no_followup"
    [note] = org.session.scalars(select(Notification)).all()
    assert (note.user_id, note.kind, note.params) == (
        org.ids["rep_a1"],
        "pool_returned",
        {"count": 1},
    )


def test_a_second_run_moves_nothing(org):
    enable(org)
    aged(org, "rep_a1", "Quiet", days=31)
    assert sum(apply_pool_rules(org.session).values()) == 1
    assert apply_pool_rules(org.session) == {}
    assert org.session.scalar(select(func.count()).select_from(PoolEvent)) == 1


def test_extension_delays_the_signing_deadline(org):
    enable(org, no_followup_days=0)
    from services.pool import extend_deadlines

    customer = aged(org, "rep_a1", "Extended", days=95)
    extend_deadlines(org.session, org.actor("leader_a"), [customer.id], 10)
    assert apply_pool_rules(org.session) == {}
    assert apply_pool_rules(org.session, now=utcnow() + 6 * DAY) == {"auto_unsigned": 1}


def test_a_claim_restarts_the_clocks(org):
    enable(org)
    from services.pool import claim_customers, release_customers

    customer = aged(org, "rep_a1", "Old", days=200)
    release_customers(org.session, org.actor("rep_a1"), [customer.id], "no")
    claim_customers(org.session, org.actor("rep_a2"), [customer.id])
    assert apply_pool_rules(org.session) == {}


def test_warnings_once_per_owner_per_day(org):
    enable(org)
    aged(org, "rep_a1", "Soon 1", days=28)
    aged(org, "rep_a1", "Soon 2", days=29)
    aged(org, "rep_a2", "Later", days=10)

    assert warn_owners(org.session) == 1
    assert warn_owners(org.session) == 0
    [note] = org.session.scalars(select(Notification)).all()
    assert (note.user_id, note.kind, note.params, note.link) == (
        org.ids["rep_a1"],
        "pool_expiring",
        {"count": 2, "days": 3},
        "/pool-expiring",
    )


def test_owned_customer_log_is_unchanged_for_owned_customers(org):
    customer = make_customer(org.session, org.actor("rep_a1"), "Kept")
    assert [
        e["action"] for e in customer_log(org.session, org.actor("rep_a1"), customer.id)
    ] == ["customer.create"]


# --- committed runs ------------------------------------------------------------


@pytest.fixture
def committed(isolated_engine):
    models.Base.metadata.create_all(isolated_engine)
    factory = sessionmaker(isolated_engine, expire_on_commit=False)
    with factory.begin() as session:
        org = build_org(session)
        enable(org)
        for number in range(7):
            aged(org, "rep_a1", f"Quiet {number}", days=40)
        aged(org, "rep_a1", "Soon", days=28)
    return isolated_engine, factory


@BACKENDS
def test_run_moves_in_committed_batches_and_is_idempotent(committed, monkeypatch):
    engine, factory = committed
    monkeypatch.setattr("services.pool_job.BATCH_SIZE", 3)

    first = run_pool_job(engine)
    second = run_pool_job(engine)

    assert (first.moved_total, first.warned_owners) == (7, 1)
    assert (second.moved_total, second.warned_owners) == (0, 0)
    assert "7 customers returned" in first.describe()
    with factory() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(Customer)
                .where(Customer.pool_reason == "auto_no_followup")
            )
            == 7
        )
        assert session.scalar(select(func.count()).select_from(PoolEvent)) == 7


@BACKENDS
def test_a_second_runner_waits_for_the_lock_then_finds_nothing(committed):
    engine, factory = committed
    writer = engine.execution_options(sqlite_begin="IMMEDIATE")
    holder = sessionmaker(writer)()
    holder.begin()
    lock_pool_job(holder)
    holder.execute(select(1))  # SQLite: BEGIN IMMEDIATE has run
    result = {}
    started = threading.Event()

    def second_run():
        started.set()
        result["run"] = run_pool_job(engine)

    thread = threading.Thread(target=second_run)
    thread.start()
    started.wait()
    moved = apply_pool_rules(holder)  # the first runner, holding the lock
    holder.commit()
    holder.close()
    thread.join()

    assert sum(moved.values()) == 7
    assert result["run"].moved_total == 0
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(PoolEvent)) == 7


@pytest.mark.parametrize("isolated_engine", ["sqlite"], indirect=True)
def test_scheduler_runs_the_job_until_stopped(committed):
    engine, factory = committed
    scheduler = PoolJobScheduler(engine, minutes=60).start()
    assert scheduler.ran.wait(30)
    scheduler.stop(timeout=30)
    assert not scheduler.thread.is_alive() and scheduler.runs == 1
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(PoolEvent)) == 7


def test_scheduler_from_env(monkeypatch, tmp_path):
    from services.pool_job import scheduler_from_env

    url = f"sqlite:///{tmp_path / 'x.db'}"
    for value in ("", "0", "soon"):
        monkeypatch.setenv("PELAGO_POOL_JOB_MINUTES", value)
        assert scheduler_from_env(url) is None


@pytest.mark.parametrize("isolated_engine", ["sqlite"], indirect=True)
def test_cli_jobs_pool(committed, monkeypatch, capsys):
    from dashboard.cli import main

    engine, _factory = committed
    monkeypatch.setenv("PELAGO_DATABASE_URL", str(engine.url))
    main(["jobs", "pool"])
    assert "Pool job: 7 customers returned to the pool" in capsys.readouterr().out


@pytest.mark.parametrize("isolated_engine", ["sqlite"], indirect=True)
def test_gunicorn_master_starts_the_scheduler(committed, monkeypatch):
    import logging
    from types import SimpleNamespace

    from dashboard import gunicorn_conf

    engine, factory = committed
    monkeypatch.setenv("PELAGO_DATABASE_URL", str(engine.url))
    monkeypatch.setenv("PELAGO_POOL_JOB_MINUTES", "60")
    server = SimpleNamespace(log=logging.getLogger("test"))

    gunicorn_conf.when_ready(server)

    scheduler = server.pelago_pool_scheduler
    assert scheduler.ran.wait(30)
    scheduler.stop(timeout=30)
    scheduler.engine.dispose()
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(PoolEvent)) == 7
