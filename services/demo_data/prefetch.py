"""Generate the next batches in a thread while the database stores this one."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def prefetch(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Yield `items` produced by a background thread, at most `depth` ahead (so
    memory stays bounded). SQLite and psycopg release the GIL while the database
    works, so generating the next batch overlaps with storing this one. An error
    in the producer is raised here; leaving the loop early stops the producer."""
    pending: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                pending.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consuming thread
            put(exc)

    thread = threading.Thread(target=produce, name="demo-data-generator", daemon=True)
    thread.start()
    try:
        while (item := pending.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
