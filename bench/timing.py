"""Timing helpers: percentiles, and replaying the SQL a callback ran."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def time_ms(action: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
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


def replay(engine: Engine, statements: list[tuple[str, object]]) -> Callable[[], None]:
    """Run the captured queries alone (read-only: writes are rolled back), fetching
    every row, on one connection: the floor under a callback's database work."""
    queries = [
        (s, p)
        for s, p in statements
        if s.lstrip().upper().startswith(("SELECT", "WITH"))
    ]

    def run() -> None:
        with engine.connect() as connection:
            cursor = connection.connection.cursor()
            for statement, parameters in queries:
                cursor.execute(statement, parameters)
                cursor.fetchall()
            cursor.close()
            connection.rollback()

    return run
