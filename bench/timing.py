"""Timing helpers: percentiles, a time budget per scenario, replaying the SQL a
callback ran, and the process's peak memory."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def time_ms(
    *actions: Callable[[], object],
    runs: int,
    warmup: int = 2,
    budget_s: float | None = None,
    min_runs: int = 5,
) -> list[list[float]]:
    """Timings in ms of each action, called in turn `runs` times after `warmup`
    untimed rounds (interleaved, so a busy moment of a shared machine hits all
    of them alike). With a budget, stops earlier (after at least `min_runs`)
    once the budget is spent, so slow scenarios take fewer samples."""
    for _ in range(warmup):
        for action in actions:
            action()
    samples: list[list[float]] = [[] for _ in actions]
    started = time.perf_counter()
    for run in range(1, runs + 1):
        for action, timings in zip(actions, samples, strict=True):
            start = time.perf_counter()
            action()
            timings.append((time.perf_counter() - start) * 1000)
        spent = time.perf_counter() - started
        if budget_s is not None and run >= min_runs and spent > budget_s:
            break
    return samples


@contextmanager
def captured_sql(engine: Engine) -> Iterator[list[tuple[str, object]]]:
    """Every (statement, parameters) the engine executes inside the block."""
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def queries(statements: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """The reads among captured statements (writes and SET/BEGIN are left out)."""
    return [
        (s, p)
        for s, p in statements
        if s.lstrip().upper().startswith(("SELECT", "WITH"))
    ]


def replay(engine: Engine, statements: list[tuple[str, object]]) -> Callable[[], int]:
    """Run the captured queries alone on one connection, fetching every row (the
    floor under a callback's database work); returns the number of rows."""
    reads = queries(statements)

    def run() -> int:
        rows = 0
        with engine.connect() as connection:
            cursor = connection.connection.cursor()
            for statement, parameters in reads:
                cursor.execute(statement, parameters)
                rows += len(cursor.fetchall())
            cursor.close()
            connection.rollback()
        return rows

    return run


def slowest(
    engine: Engine, statements: list[tuple[str, object]], top: int = 3
) -> list[tuple[float, int, str, object]]:
    """The `top` slowest captured queries run alone once: (ms, rows, SQL, params)."""
    timed = []
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        for statement, parameters in queries(statements):
            start = time.perf_counter()
            cursor.execute(statement, parameters)
            rows = len(cursor.fetchall())
            timed.append(
                ((time.perf_counter() - start) * 1000, rows, statement, parameters)
            )
        cursor.close()
        connection.rollback()
    return sorted(timed, key=lambda item: -item[0])[:top]


def explain(engine: Engine, statement: str, parameters: object) -> str:
    """PostgreSQL's EXPLAIN ANALYZE of one captured query."""
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.close()
        connection.rollback()
    return plan


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


@contextmanager
def peak_rss_growth() -> Iterator[dict[str, float]]:
    """Peak resident memory growth (MB) of this process inside the block: Linux
    resets the high-water mark when "5" is written to /proc/self/clear_refs."""
    result = {"growth_mb": 0.0, "rss_mb": 0.0}
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kb("VmRSS")
    try:
        yield result
    finally:
        peak = _status_kb("VmHWM")
        result["growth_mb"] = (peak - before) / 1024
        result["rss_mb"] = peak / 1024
