"""Customer counts per stage from the trigger-kept rollup (models/customer_tally.py):
a few hundred rows read instead of every customer in scope."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import CustomerTally
from models.customer import CUSTOMER_STAGES
from models.customer_tally import POOL_OWNER_KEY

# Filter fields the rollup answers; any other set field needs a real count.
_TALLY_FIELDS = {"stage", "owner_id", "sort", "descending", "page", "page_size"}


def answered_by_tally(flt) -> bool:
    """Whether a list filter (CustomerFilter, PoolFilter) narrows the customers only
    by owner and stage."""
    return not any(
        getattr(flt, f.name) for f in fields(flt) if f.name not in _TALLY_FIELDS
    )


def counts_by_stage(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
    """{stage: n} for every stage, plus "all"."""
    counts = dict.fromkeys(CUSTOMER_STAGES, 0)
    for stage, count in rows:
        counts[stage] = int(count or 0)
    counts["all"] = sum(counts[s] for s in CUSTOMER_STAGES)
    return counts


def tallied_stage_counts(
    session: Session, owner_ids: Collection[int] | None, *, pool: bool = False
) -> dict[str, int]:
    """Live customers per stage owned by `owner_ids` (None: by anyone), or in the
    pool."""
    query = select(CustomerTally.stage, func.sum(CustomerTally.customers)).group_by(
        CustomerTally.stage
    )
    if pool:
        query = query.where(CustomerTally.owner_key == POOL_OWNER_KEY)
    elif owner_ids is None:
        query = query.where(CustomerTally.owner_key != POOL_OWNER_KEY)
    elif not owner_ids:
        return counts_by_stage(())
    else:
        query = query.where(CustomerTally.owner_key.in_(owner_ids))
    return counts_by_stage(session.execute(query).all())
