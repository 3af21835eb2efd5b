"""`make bench-load`: issue 7's load test. gunicorn serves the bench database
while locust (in-process) runs simulated users who log in and mix customer
lists, customer detail, follow-up creation and analytics (bench/load_users.py);
each worker's RSS is sampled every second. Prints one table per request type,
the peak worker RSS and pass/fail against 0 failures, total p95 ≤ 300 ms and a
worker's RSS ≤ 400 MB; exits non-zero on fail.

    python -m bench.load [--scale medium] [--url URL] [--schema S] [--users 50]
                         [--spawn-rate 10] [--duration 300] [--workers 2]
                         [--threads 4]

The database is prepared as `python -m bench.run` does: PostgreSQL schema
pelago_bench_SCALE by default, `--url sqlite:///path.db` for SQLite. The users'
follow-ups stay in it (their content starts with "Load test:").
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gevent
import locust.env  # before requests: locust has gevent patch the stdlib first
import locust.stats
import psutil
import requests

from bench import database, load_users
from bench.run import WORKER_RSS_MB
from services.settings import PROJECT_ROOT, Settings

P95_TARGET_MS = 300.0
KINDS = ("list", "detail", "follow-up create", "analytics", "login")
SEED = 42  # bench.run's: the same data in the same schema
SECRET_KEY = "pelago-load-test"
MB = 1024 * 1024


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.load")
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
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="users/s")
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    schema = args.schema or f"pelago_bench_{args.scale}"
    if not args.url.startswith("postgresql"):
        schema = None
    bench_db = database.prepare(
        args.url, scale=args.scale, seed=SEED, zone=Settings.timezone, schema=schema
    )
    load_users.configure(bench_db.url)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile(
        "w", prefix="pelago-load-", suffix=".log", delete=False
    ) as log:
        with gunicorn(bench_db.url, port, args, log) as server:
            wait_until_up(host, server, log.name)
            rss: list[tuple[float, float]] = []
            sampler = gevent.spawn(sample_rss, server.pid, rss)
            cpu_before = cpu_seconds(server.pid)
            env, elapsed = run_users(host, args)
            cpu = [
                b - a for a, b in zip(cpu_before, cpu_seconds(server.pid), strict=True)
            ]
            sampler.kill()
    passed = report(env, elapsed, rss, cpu, args, bench_db.label, log.name)
    sys.exit(0 if passed else 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, port: int, args, log) -> Iterator[subprocess.Popen]:
    """gunicorn as `pelago serve` starts it, without the pool job or access log;
    stopped with SIGTERM (graceful: requests in flight finish)."""
    env = os.environ | {
        "PELAGO_DATABASE_URL": database_url,
        "PELAGO_SECRET_KEY": SECRET_KEY,
        "PELAGO_POOL_JOB_MINUTES": "0",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "dashboard.wsgi:server",
        "--config",
        "python:dashboard.gunicorn_conf",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        "120",
    ]
    server = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(host: str, server: subprocess.Popen, log_path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}; see {log_path}")
        try:
            if requests.get(f"{host}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or workers booting
            pass
        gevent.sleep(0.25)
    sys.exit(f"gunicorn did not answer within 60 s; see {log_path}")


def sample_rss(master_pid: int, samples: list[tuple[float, float]]) -> None:
    """Every second: (time, the largest worker's resident memory in MB)."""
    master = psutil.Process(master_pid)
    while True:
        sizes = []
        for worker in master.children():
            try:
                sizes.append(worker.memory_info().rss / MB)
            except psutil.NoSuchProcess:
                continue
        samples.append((time.monotonic(), max(sizes, default=0.0)))
        gevent.sleep(1)


def cpu_seconds(master_pid: int) -> tuple[float, float]:
    """CPU seconds used so far by locust (this process) and gunicorn's workers:
    on a small machine they compete, and the percentiles show it."""

    def used(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    workers = psutil.Process(master_pid).children()
    return used(psutil.Process()), sum(used(worker) for worker in workers)


def run_users(host: str, args) -> tuple[locust.env.Environment, float]:
    """locust, headless and in-process, for the duration (ramp-up included);
    returns its environment and the seconds it ran."""
    env = locust.env.Environment(user_classes=[load_users.CrmUser], host=host)
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    while (elapsed := time.monotonic() - started) < args.duration:
        gevent.sleep(min(10, args.duration - elapsed))
        total = env.stats.total
        print(
            f"[{time.monotonic() - started:4.0f} s] {runner.user_count} users, "
            f"{total.num_requests:,} requests, {total.num_failures} failures, "
            f"{total.current_rps:.1f} req/s now",
            file=sys.stderr,
            flush=True,
        )
    runner.quit()
    return env, time.monotonic() - started


def by_kind(env: locust.env.Environment) -> dict[str, locust.stats.StatsEntry]:
    """locust's entries (one per name and method) merged per request type."""
    merged = {kind: locust.stats.StatsEntry(env.stats, kind, "") for kind in KINDS}
    for (name, _method), entry in env.stats.entries.items():
        if name not in merged:
            merged[name] = locust.stats.StatsEntry(env.stats, name, "")
        merged[name].extend(entry)
    return merged


def report(
    env: locust.env.Environment,
    elapsed: float,
    rss: list[tuple[float, float]],
    cpu: list[float],
    args,
    label: str,
    log_path: str,
) -> bool:
    """The table, the peak worker RSS and the verdict; True when it passed."""
    print(
        f"\nPelago load test — {label}; gunicorn {args.workers} workers × "
        f"{args.threads} threads; {args.users} users (+{args.spawn_rate:g}/s), "
        f"{elapsed:.0f} s; {platform.machine()}, {os.cpu_count()} cores"
    )
    header = (
        f"{'request':18} {'requests':>9} {'failures':>9} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, entry in [*by_kind(env).items(), ("total", env.stats.total)]:
        print(
            f"{name:18} {entry.num_requests:9,} {entry.num_failures:9,} "
            f"{entry.num_requests / elapsed:7.1f} "
            f"{entry.get_response_time_percentile(0.5):7.0f} "
            f"{entry.get_response_time_percentile(0.95):7.0f} "
            f"{entry.max_response_time:7.0f}"
        )
    peak = max((mb for _at, mb in rss), default=0.0)
    # Logins burst during the ramp-up: the second half shows the steady state.
    middle = (rss[0][0] + rss[-1][0]) / 2 if rss else 0.0
    steady = max((mb for at, mb in rss if at >= middle), default=0.0)
    print(
        f"\npeak worker RSS {peak:.0f} MB (in the run's second half: {steady:.0f} MB)"
    )
    locust_cpu, workers_cpu = (seconds / elapsed for seconds in cpu)
    print(f"CPU: locust {locust_cpu:.0%} of a core, gunicorn workers {workers_cpu:.0%}")
    errors = sorted(env.stats.errors.values(), key=lambda e: -e.occurrences)
    for error in errors[:10]:
        print(f"  {error.occurrences:5}× {error.name}: {error.error}")
    crashes = sum(row["count"] for row in env.runner.exceptions.values())
    for row in env.runner.exceptions.values():
        print(f"  {row['count']:5}× user code raised: {row['msg']}")
    failures = env.stats.total.num_failures + crashes
    p95 = env.stats.total.get_response_time_percentile(0.95)
    checks = [
        (f"failures {failures} = 0", failures == 0),
        (f"total p95 {p95:.0f} ms ≤ {P95_TARGET_MS:.0f} ms", p95 <= P95_TARGET_MS),
        (f"worker RSS {peak:.0f} MB ≤ {WORKER_RSS_MB:.0f} MB", peak <= WORKER_RSS_MB),
    ]
    for text, ok in checks:
        print(f"{'pass' if ok else 'FAIL'}  {text}")
    passed = all(ok for _text, ok in checks)
    tracebacks = Path(log_path).read_text().count("Traceback")
    print(
        f"\n{'PASS' if passed else 'FAIL'} (gunicorn log: {log_path}, "
        f"{tracebacks} tracebacks)"
    )
    return passed


if __name__ == "__main__":
    main()
