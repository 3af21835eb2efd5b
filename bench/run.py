"""`make bench`: time the real callbacks over HTTP against a loaded database and
print p50/p95, the ratio to the callback's own SQL run alone and to a trivial
callback (the floor), and the target.

    python -m bench.run [--scale medium] [--url URL] [--schema SCHEMA]
                        [--runs 20] [--budget 2] [--periods this_month,...]
                        [--only REGEX] [--no-export] [--sql [--explain]]

PostgreSQL by default (PELAGO_BENCH_URL or PELAGO_TEST_POSTGRES_URL); the data is
loaded once into its own schema (pelago_bench_SCALE) and reused;
`--url sqlite:///path.db` runs on SQLite.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from dash import Input, Output
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from bench import database, scenarios, timing
from bench.scenarios import Scenario
from dashboard.app import create_app, make_ready
from dashboard.callback_client import UPDATE_URL, callback_body, csrf_header, log_in
from models import Customer
from services.settings import Settings

PASSWORD = "Pelago-2026"
SQL_RULE = "≤ 2× SQL + 10 ms"
EXPORT_RSS_MB = 200.0
WORKER_RSS_MB = 400.0


@dataclass(frozen=True)
class Row:
    scenario: str
    user: str
    p50: float
    p95: float
    sql_p95: float
    rows: int
    floor_p50: float
    target: float
    runs: int
    rss_growth_mb: float | None = None  # the export's peak memory growth
    error: str | None = None

    @property
    def passed(self) -> bool:
        if self.error:
            return False
        if self.rss_growth_mb is not None:  # the export has its own targets
            return self.p95 <= self.target and self.rss_growth_mb <= EXPORT_RSS_MB
        return self.p95 <= self.target and self.p95 <= 2 * self.sql_p95 + 10


def _floor(value):
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "PELAGO_BENCH_URL",
            os.environ.get(
                "PELAGO_TEST_POSTGRES_URL",
                "postgresql+psycopg://postgres@127.0.0.1:5432/test",
            ),
        ),
    )
    parser.add_argument(
        "--schema", help="PostgreSQL schema of the data (default pelago_bench_SCALE)"
    )
    parser.add_argument(
        "--scale", default="medium", choices=["small", "medium", "large"]
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=20, help="samples per scenario")
    parser.add_argument(
        "--budget",
        type=float,
        default=2.0,
        help="seconds per scenario's timing loop; slow ones stop at 5 samples",
    )
    parser.add_argument(
        "--periods",
        default=",".join(scenarios.PERIODS),
        help="analytics periods, comma-separated",
    )
    parser.add_argument("--only", help="regex: only scenarios whose name matches")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument(
        "--sql", action="store_true", help="print each scenario's slowest queries"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="with --sql on PostgreSQL: EXPLAIN ANALYZE the slowest query",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    schema = args.schema or f"pelago_bench_{args.scale}"
    if not args.url.startswith("postgresql"):
        schema = None
    bench_db = database.prepare(
        args.url,
        scale=args.scale,
        seed=args.seed,
        zone=Settings.timezone,
        schema=schema,
    )
    app = create_app(
        Settings(database_url=bench_db.url, secret_key="bench", default_language="en")
    )
    app.callback(Output("bench-floor", "children"), Input("bench-floor", "title"))(
        _floor
    )
    make_ready(app)  # as dashboard/wsgi.py readies a worker
    engine = app.server.extensions["pelago_db"].engine
    clients = {}
    for username in scenarios.USERS:
        clients[username] = app.server.test_client()
        assert log_in(clients[username], username, PASSWORD).status_code == 302

    headers = {username: csrf_header(client) for username, client in clients.items()}

    def prepared(scenario: Scenario) -> Callable[[], TestResponse]:
        """A call of the scenario's callback: the request is built once, as the
        renderer holds it, and the response is left unparsed (reading it is
        the browser's work: ~1.5 ms for a table of 500 members), so the timing
        is the server's and not the harness's (finding the callback among
        ~400 took ~2.7 ms)."""
        body = callback_body(
            app, scenario.callback, *scenario.values, changed=scenario.changed
        )
        client, header = clients[scenario.username], headers[scenario.username]

        def post() -> TestResponse:
            response = client.post(UPDATE_URL, json=body, headers=header)
            if response.status_code != 200:
                raise RuntimeError(response.get_data(as_text=True)[:300])
            return response

        return post

    def fetch(username, callback, values, changed):
        call = prepared(Scenario("", username, callback, values, changed=changed))
        return call().get_json()["response"]

    with app.server.extensions["pelago_db"].read_only() as session:
        total = session.scalar(select(func.count()).select_from(Customer))
        export = scenarios.export_scenario(app, session)
        plan = scenarios.list_scenarios(app, session, total)
    periods = tuple(p for p in args.periods.split(",") if p)
    plan += scenarios.home_scenarios(app)
    plan += scenarios.report_scenarios(app, periods)
    plan += scenarios.drill_scenarios(app, fetch, periods[-1])
    if args.only:
        plan = [s for s in plan if re.search(args.only, s.name)]

    floor_call = prepared(Scenario("floor", "rep1", "bench-floor.children", ("x",)))
    (floor,) = timing.time_ms(floor_call, runs=2 * args.runs)
    floor_p50 = timing.percentile(floor, 0.5)
    rows = []
    # The export first: a fresh worker's memory, not one grown by the other scenarios.
    if not args.no_export and (not args.only or re.search(args.only, export.name)):
        rows.append(measure_export(engine, prepared, export, floor_p50))
    for number, scenario in enumerate(plan, 1):
        print(
            f"[{number}/{len(plan)}] {scenario.name} · {scenario.username}",
            file=sys.stderr,
            flush=True,
        )
        rows.append(measure(engine, prepared, scenario, args, floor_p50))
    print_table(rows, bench_db.label, floor_p50)


def measure(engine, prepared, scenario: Scenario, args, floor_p50: float) -> Row:
    try:
        call = prepared(scenario)
        with timing.captured_sql(engine) as statements:
            call()
    except Exception as error:  # noqa: BLE001 — a broken scenario is a FAIL row
        return Row(
            scenario.name,
            scenario.username,
            0,
            0,
            0,
            0,
            floor_p50,
            scenario.target_ms,
            0,
            error=str(error).splitlines()[0][:80],
        )
    if args.sql:
        for ms, count, statement, parameters in timing.slowest(engine, statements):
            print(
                f"  {ms:7.1f} ms {count:6,} rows  {' '.join(statement.split())[:400]}"
            )
            print(f"             {str(parameters)[:300]}")
        if args.explain and engine.dialect.name == "postgresql":
            _ms, _count, statement, parameters = timing.slowest(engine, statements)[0]
            print(timing.explain(engine, statement, parameters))
    replay = timing.replay(engine, statements)
    rows = replay()
    samples, sql = timing.time_ms(call, replay, runs=args.runs, budget_s=args.budget)
    return Row(
        scenario.name,
        scenario.username,
        timing.percentile(samples, 0.5),
        timing.percentile(samples, 0.95),
        timing.percentile(sql, 0.95),
        rows,
        floor_p50,
        scenario.target_ms,
        len(samples),
    )


def measure_export(engine, prepared, scenario: Scenario, floor_p50: float) -> Row:
    """One export: its time, its SQL alone, and the peak memory it added."""
    print(f"[export] {scenario.name}", file=sys.stderr, flush=True)
    call = prepared(scenario)
    with timing.captured_sql(engine) as statements, timing.peak_rss_growth() as rss:
        start = time.perf_counter()
        call()
        elapsed = (time.perf_counter() - start) * 1000
    replay = timing.replay(engine, statements)
    start = time.perf_counter()
    rows = replay()
    sql_ms = (time.perf_counter() - start) * 1000
    print(
        f"[export] peak RSS {rss['rss_mb']:.0f} MB (worker target ≤ "
        f"{WORKER_RSS_MB:.0f} MB)",
        file=sys.stderr,
    )
    return Row(
        scenario.name,
        scenario.username,
        elapsed,
        elapsed,
        sql_ms,
        rows,
        floor_p50,
        scenario.target_ms,
        1,
        rss_growth_mb=rss["growth_mb"],
    )


def print_table(rows: list[Row], label: str, floor_p50: float) -> None:
    print(
        f"\nPelago bench — {label}; {platform.machine()}, {os.cpu_count()} cores; "
        f"floor (trivial callback) p50 {floor_p50:.1f} ms; every callback's p95 "
        f"must also be {SQL_RULE} (the export: ≤ {EXPORT_RSS_MB:.0f} MB peak RSS "
        "growth instead)"
    )
    header = (
        f"{'scenario':44} {'user':8} {'p50 ms':>8} {'p95 ms':>8} {'SQL p95':>8} "
        f"{'×SQL':>6} {'×floor':>7} {'rows':>7} {'target':>7}  result"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if row.error:
            print(f"{row.scenario:44} {row.user:8} ERROR {row.error}")
            continue
        note = (
            f" (RSS +{row.rss_growth_mb:.0f} MB)"
            if row.rss_growth_mb is not None
            else ""
        )
        print(
            f"{row.scenario:44} {row.user:8} {row.p50:8.1f} {row.p95:8.1f} "
            f"{row.sql_p95:8.1f} {row.p95 / max(row.sql_p95, 0.01):6.1f} "
            f"{row.p50 / max(row.floor_p50, 0.01):7.1f} {row.rows:7,} "
            f"{row.target:7.0f}  {'pass' if row.passed else 'FAIL'}{note}"
        )
    failed = sum(not row.passed for row in rows)
    print(f"\n{len(rows) - failed} passed, {failed} failed")


if __name__ == "__main__":
    main()
