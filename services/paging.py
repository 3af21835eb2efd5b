"""Server-side paging: one count query and one page query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
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
        return max(1, -(-self.total // self.page_size))


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
