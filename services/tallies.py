"""Counts read from the trigger-kept rollups (models/customer_tally.py,
models/contract_tally.py): a few hundred rows instead of every record in scope."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import fields
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import ContractTally, CustomerTally, OpportunityTally
from models.customer import CUSTOMER_STAGES
from models.customer_tally import POOL_OWNER_KEY

# Filter fields that only order or page a list.
_PAGING = {"sort", "descending", "page", "page_size"}


def answered_by_tally(flt, keys: Collection[str] = ("stage", "owner_id")) -> bool:
    """Whether a list filter narrows the records only by the rollup's `keys`
    (any other field set needs a real count)."""
    allowed = _PAGING | set(keys)
    return not any(getattr(flt, f.name) for f in fields(flt) if f.name not in allowed)


def tallied_owners(
    scope: Collection[int] | None, owner_id: int | None
) -> Collection[int] | None:
    """The owners a list counts: its scope (None: everyone), narrowed to the
    owner filter."""
    if owner_id is None:
        return scope
    return [owner_id] if scope is None or owner_id in scope else []


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


def tallied_customers_by_owner(
    session: Session, owner_ids: Collection[int] | None
) -> dict[int, int]:
    """{owner: live customers} of `owner_ids` (None: every owner) who have any."""
    query = (
        select(CustomerTally.owner_key, func.sum(CustomerTally.customers))
        .where(
            CustomerTally.owner_key != POOL_OWNER_KEY
            if owner_ids is None
            else CustomerTally.owner_key.in_(sorted(owner_ids))
        )
        .group_by(CustomerTally.owner_key)
    )
    return {owner: int(n) for owner, n in session.execute(query) if n}


def tallied_contract_totals(
    session: Session, owner_ids: Collection[int] | None
) -> dict[str, tuple[int, Decimal]]:
    """{status: (contracts, amount)} owned by `owner_ids` (None: anyone's)."""
    query = select(
        ContractTally.status,
        func.sum(ContractTally.contracts),
        func.sum(ContractTally.amount),
    ).group_by(ContractTally.status)
    if owner_ids is not None:
        if not owner_ids:
            return {}
        query = query.where(ContractTally.owner_key.in_(owner_ids))
    return {
        status: (int(count or 0), Decimal(amount or 0))
        for status, count, amount in session.execute(query)
    }


def tallied_contacts(session: Session, owner_ids: Collection[int] | None) -> int:
    """Contacts of the live customers owned by `owner_ids` (None: by anyone)."""
    query = select(func.coalesce(func.sum(CustomerTally.contacts), 0))
    if owner_ids is None:
        query = query.where(CustomerTally.owner_key != POOL_OWNER_KEY)
    elif not owner_ids:
        return 0
    else:
        query = query.where(CustomerTally.owner_key.in_(owner_ids))
    return int(session.scalar(query))


def tallied_opportunity_totals(
    session: Session, owner_ids: Collection[int] | None
) -> dict[int, tuple[int, Decimal]]:
    """{stage id: (opportunities, amount)} of live customers' opportunities owned
    by `owner_ids` (None: anyone's)."""
    query = select(
        OpportunityTally.stage_id,
        func.sum(OpportunityTally.opportunities),
        func.sum(OpportunityTally.amount),
    ).group_by(OpportunityTally.stage_id)
    if owner_ids is not None:
        if not owner_ids:
            return {}
        query = query.where(OpportunityTally.owner_key.in_(owner_ids))
    return {
        stage_id: (int(count or 0), Decimal(amount or 0))
        for stage_id, count, amount in session.execute(query)
        if count
    }
