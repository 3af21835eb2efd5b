"""Server-side paging: one count query and one page query."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, asc, desc, func, select
from sqlalchemy.orm import Session

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return last_page(self.total, self.page_size)


def clamp_page(page: int | None, page_size: int | None) -> tuple[int, int]:
    size = min(max(int(page_size or 20), 1), MAX_PAGE_SIZE)
    return max(int(page or 1), 1), size


def count_rows(session: Session, query: Select) -> int:
    """COUNT(*) over a filtered query, without its ordering."""
    return (
        session.scalar(
            select(func.count()).select_from(query.order_by(None).subquery())
        )
        or 0
    )


def sort_order(
    column,
    descending: bool,
    tiebreak,
    *,
    outer_joined: bool = False,
    reverse: bool = False,
) -> tuple:
    """ORDER BY `column` then `tiebreak` (the id) the same way, so one index on
    (…, column, id) serves either direction. NULLs sort last; NULLS LAST is only
    spelt out for a nullable (or outer-joined) column: on a NOT NULL one it would
    keep PostgreSQL from using that index. `reverse`: the same order read from
    its end (NULLs first), for `page_entities`."""
    direction = desc if descending != reverse else asc
    order = direction(column)
    if outer_joined or getattr(column, "nullable", True):
        order = order.nulls_first() if reverse else order.nulls_last()
    return order, direction(tiebreak)


# SQLite reads a page of several owners' records down the index of the list's
# order when it expects to find the page within this many index entries; the
# IN list of owners otherwise has it read and sort all of theirs (a leader's
# first page of customers: 30 -> 2 ms).
WALK_ENTRIES = 20_000


def walks_in_order(
    session: Session,
    owners: Collection[int] | None,
    indexed: bool,
    page: int,
    size: int,
    total: int,
    everyone: Callable[[], int],
) -> bool:
    """Whether to leave the owner list (and whatever else the list unindexes
    with it: services.customers) unindexed (services/planner_hints.py) for a
    page of `total` records of `owners` (the scope narrowed to the list's
    owner filter, as services/tallies.tallied_owners gives it; None:
    everyone's), `indexed` if an index of the listed table gives the list's
    order (a NOT NULL column's: NULLs last is no index's order; without one
    SQLite would read and sort every record): on SQLite, for everyone or
    several owners (one owner's index gives the order), when the part of
    `everyone()`'s records to walk for the page's rows (read from its nearer
    end, as page_entities does) is short. Everyone's first page of a
    province's customers in one stage: the province's 57,000 sorted, 75 ms;
    walked, 0.3 ms."""
    if (
        session.get_bind().dialect.name != "sqlite"
        or not indexed
        or (owners is not None and len(owners) < 2)
        or not total
    ):
        return False
    offset = (page - 1) * size
    wanted = min(offset, max(total - offset - size, 0)) + size
    return wanted * everyone() <= WALK_ENTRIES * total


# From this offset on a page first finds its ids alone, which an index holding
# the sort key, the id and the scope's columns answers without reading rows.
DEEP_OFFSET = 2_000


def last_page(total: int, size: int) -> int:
    return max(1, -(-total // size))


def page_entities(
    session: Session,
    query: Select,
    order: tuple,
    key,
    *,
    page: int,
    size: int,
    total: int,
    reversed_order: tuple,
) -> list:
    """One page of `query`'s `total` entities in `order` (`key`: their id
    column). A page in the back half is read from the end, in `reversed_order`:
    a leader's last page skipped all 18,000 of their customers (90 ms), and now
    skips at most half of them."""
    offset, limit = (page - 1) * size, size
    if offset > total // 2:
        from_end = total - offset - size
        offset, limit = max(from_end, 0), size + min(from_end, 0)
        if limit <= 0:
            return []
        return _page(session, query, reversed_order, key, offset, limit)[::-1]
    return _page(session, query, order, key, offset, limit)


def _page(
    session: Session, query: Select, order: tuple, key, offset: int, limit: int
) -> list:
    if offset < DEEP_OFFSET:
        return list(session.scalars(query.order_by(*order).limit(limit).offset(offset)))
    ids = session.scalars(
        query.with_only_columns(key).order_by(*order).limit(limit).offset(offset)
    ).all()
    if not ids:
        return []
    return list(session.scalars(query.where(key.in_(ids)).order_by(*order)))
