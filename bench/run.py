"""`make bench`: time the real callbacks over HTTP against a loaded database and
print p50/p95, the ratio to the callback's own SQL run alone and to a trivial
callback (the floor), and the target.

    python -m bench.run [--scale medium] [--url URL] [--schema pelago_bench] [--runs 30]

PostgreSQL by default (PELAGO_BENCH_URL or PELAGO_TEST_POSTGRES_URL); the data is
loaded once into its own schema and reused; `--url sqlite:///path.db` runs on SQLite.
"""

from __future__ import annotations

import argparse
import os
import platform
from dataclasses import dataclass

from dash import Input, Output
from sqlalchemy import func, select

from bench import database, scenarios, timing
from dashboard.app import create_app
from dashboard.callback_client import call_callback, log_in
from models import Customer
from services.settings import Settings

PASSWORD = "Pelago-2026"


@dataclass(frozen=True)
class Row:
    scenario: str
    user: str
    p50: float
    p95: float
    sql_p95: float
    floor_p50: float
    target: float

    @property
    def passed(self) -> bool:
        return self.p95 <= self.target and self.p95 <= 2 * self.sql_p95 + 10


def _floor(value):
    return value


def main(argv: list[str] | None = None) -> None:
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
    parser.add_argument("--schema", default="pelago_bench")
    parser.add_argument(
        "--scale", default="medium", choices=["small", "medium", "large"]
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)

    schema = args.schema if args.url.startswith("postgresql") else None
    bench_db = database.prepare(
        args.url, scale=args.scale, seed=args.seed, schema=schema
    )
    app = create_app(
        Settings(database_url=bench_db.url, secret_key="bench", default_language="en")
    )
    app.callback(Output("bench-floor", "children"), Input("bench-floor", "title"))(
        _floor
    )
    engine = app.server.extensions["pelago_db"].engine
    with app.server.extensions["pelago_db"].read_only() as session:
        total = session.scalar(select(func.count()).select_from(Customer))
        plan = scenarios.build(session, total)

    clients = {}
    for username in scenarios.USERS:
        clients[username] = app.server.test_client()
        assert log_in(clients[username], username, PASSWORD).status_code == 302

    def call(client, scenario):
        response = call_callback(
            client, app, scenario.callback, *scenario.values, changed=scenario.changed
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:300]

    floor = timing.time_ms(
        lambda: call_callback(clients["rep1"], app, _floor, "x"), args.runs
    )
    floor_p50 = timing.percentile(floor, 0.5)
    rows = []
    for scenario in plan:
        client = clients[scenario.username]
        with timing.captured_sql(engine) as statements:
            call(client, scenario)
        sql = timing.time_ms(timing.replay(engine, statements), args.runs)
        samples = timing.time_ms(lambda s=scenario, c=client: call(c, s), args.runs)
        rows.append(
            Row(
                scenario.name,
                scenario.username,
                timing.percentile(samples, 0.5),
                timing.percentile(samples, 0.95),
                timing.percentile(sql, 0.95),
                floor_p50,
                scenario.target_ms,
            )
        )
    print_table(rows, bench_db.label, floor_p50)


def print_table(rows: list[Row], label: str, floor_p50: float) -> None:
    print(
        f"\nPelago bench — {label}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores; floor (trivial callback) p50 {floor_p50:.1f} ms"
    )
    header = (
        f"{'scenario':32} {'user':8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'SQL p95':>8} {'×SQL':>6} {'×floor':>7} {'target':>7}  result"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.scenario:32} {row.user:8} {row.p50:7.1f} {row.p95:7.1f} "
            f"{row.sql_p95:8.1f} {row.p95 / max(row.sql_p95, 0.01):6.1f} "
            f"{row.p50 / max(row.floor_p50, 0.01):7.1f} {row.target:7.0f}  "
            f"{'pass' if row.passed else 'FAIL'}"
        )
    failed = sum(not row.passed for row in rows)
    print(f"\n{len(rows) - failed} passed, {failed} failed")


if __name__ == "__main__":
    main()
