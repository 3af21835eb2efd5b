"""Public pool demo data: pool columns and PoolEvent rows for generated customers
(from their own random stream, so names and numbers of a seed never change), and
a couple of pending cross-team claim requests after the load."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Customer, PoolClaimRequest, Team, User
from services.demo_data.organisation import Seller
from services.notifications import notify

POOL_EVENT_COLUMNS = (
    "id",
    "customer_id",
    "direction",
    "reason",
    "owner_id",
    "team_id",
    "actor_id",
    "note",
    "created_at",
)
RELEASE_NOTES = (
    "客户暂无采购预算",
    "联系人已离职，需重新开发",
    "多次联系未果",
    "客户已选择竞品",
    "不在本区域，释放给当地同事",
    "需求不明确，暂缓跟进",
)
# Why pool customers entered the pool (weights).
IN_REASONS = (("released", 55), ("auto_no_followup", 35), ("auto_unsigned", 10))
CLAIMED_FROM_POOL_SHARE = 0.04  # of owned customers: claimed from the pool once
PENDING_REQUESTS = 2


class PoolHistory:
    """Pool columns and events for one customer at a time."""

    def __init__(
        self,
        seed: int,
        now: dt.datetime,
        sellers: Sequence[Seller],
        first_event_id: int,
    ) -> None:
        self.rng = random.Random(f"pool-{seed}")
        self.now = now
        self.sellers = sellers
        self.next_event_id = first_event_id
        self.reasons = tuple(r for r, weight in IN_REASONS for _ in range(weight))

    def _event(
        self,
        events: list[tuple],
        customer_id: int,
        direction: str,
        reason: str,
        seller: Seller,
        actor_id: int | None,
        note: str | None,
        at: dt.datetime,
    ) -> None:
        events.append(
            (
                self.next_event_id,
                customer_id,
                direction,
                reason,
                seller.user_id,
                seller.team_id,
                actor_id,
                note,
                at,
            )
        )
        self.next_event_id += 1

    def columns(
        self,
        events: list[tuple],
        customer_id: int,
        seller: Seller,
        *,
        in_pool: bool,
        deleted: bool,
        created_at: dt.datetime,
        last_at: dt.datetime | None,
    ) -> tuple:
        """(last_owner_id, last_team_id, pool_entered_at, pool_reason, pool_note,
        claimed_at, pool_extension_days), appending the customer's events."""
        rand = self.rng.random
        if in_pool:
            quiet_since = max(last_at or created_at, created_at)
            entered = quiet_since + (self.now - quiet_since) * (0.2 + 0.8 * rand())
            reason = self.reasons[int(rand() * len(self.reasons))]
            note = (
                RELEASE_NOTES[int(rand() * len(RELEASE_NOTES))]
                if reason == "released"
                else None
            )
            actor = seller.user_id if reason == "released" else None
            self._event(events, customer_id, "in", reason, seller, actor, note, entered)
            return (seller.user_id, seller.team_id, entered, reason, note, None, 0)
        if deleted or len(self.sellers) < 2 or rand() >= CLAIMED_FROM_POOL_SHARE:
            return (None, None, None, None, None, None, 0)
        previous = self.sellers[int(rand() * len(self.sellers))]
        if previous.user_id == seller.user_id:
            return (None, None, None, None, None, None, 0)
        span = (last_at or self.now) - created_at
        released = created_at + span * 0.3 * rand()
        claimed = released + (self.now - released) * 0.2 * rand()
        note = RELEASE_NOTES[int(rand() * len(RELEASE_NOTES))]
        self._event(
            events,
            customer_id,
            "in",
            "released",
            previous,
            previous.user_id,
            note,
            released,
        )
        self._event(
            events, customer_id, "out", "claimed", seller, seller.user_id, None, claimed
        )
        return (previous.user_id, previous.team_id, None, None, None, claimed, 0)


def add_pending_requests(session: Session, now: dt.datetime) -> int:
    """A few cross-team claims of pool customers waiting for the last team's
    leader (to-do and the Pool requests page have something to show)."""
    leaders = dict(
        session.execute(
            select(Team.id, Team.leader_id).where(Team.leader_id.is_not(None))
        ).all()
    )
    reps = session.execute(
        select(User.id, User.team_id, User.display_name)
        .order_by(User.id)
        .where(User.username.like("rep%"))
    ).all()
    pool = session.execute(
        select(Customer.id, Customer.name, Customer.last_team_id)
        .where(
            Customer.owner_id.is_(None),
            Customer.deleted_at.is_(None),
            Customer.last_team_id.in_(list(leaders)),
        )
        .order_by(Customer.id)
        .limit(50)
    ).all()
    added = 0
    for customer in pool:
        requester = next((r for r in reps if r.team_id != customer.last_team_id), None)
        if requester is None or added >= PENDING_REQUESTS:
            break
        session.add(
            PoolClaimRequest(
                customer_id=customer.id,
                requester_id=requester.id,
                target_user_id=requester.id,
                kind="claim",
                reviewer_team_id=customer.last_team_id,
                status="pending",
                created_at=now - dt.timedelta(hours=2 + added),
            )
        )
        notify(
            session,
            leaders[customer.last_team_id],
            "pool_request",
            params={
                "customer": customer.name,
                "requester": requester.display_name,
                "target": requester.display_name,
            },
            link="/pool-requests",
        )
        added += 1
        reps = reps[1:] + reps[:1]  # another requester next time
    session.flush()
    return added
