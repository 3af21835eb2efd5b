"""The amount metrics (services/analytics/performance.py `amounts`) read whole
months from the trigger-kept deal tallies (models/deal_tally.py) and equal
summing the approved contracts and payments themselves, for any period,
grouping and filter, after approvals, edits, voids and deletes; so do the
payments' amount × days to collect, whose contract sign date the payments
carry (models/payment_contract.py) even when a contract's sign date moves."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from sqlalchemy import delete, event, select

from models import Contract, DealTally, Payment
from models.deal_tally import DEAL_TALLIES
from services.analytics.performance import amounts
from services.analytics.periods import Period
from tests.factories import (
    force_columns,
    make_approved_contract,
    make_customer,
    make_payment,
)

ORIGIN = dt.date(2026, 1, 20)
SPAN_DAYS = 160  # into July, crossing month ends
OWNERS = ("rep_a1", "rep_a2", "rep_b1", "leader_a")
MODELS = {"contract_amount": Contract, "payment_amount": Payment}
DAYS = {"contract_amount": "sign_date", "payment_amount": "paid_on"}


def _day(rng: random.Random) -> dt.date:
    return ORIGIN + dt.timedelta(days=rng.randrange(SPAN_DAYS))


def _attribution(org, rng: random.Random) -> dict:
    owner = rng.choice(OWNERS + (None,))
    return {
        "status": rng.choice(("approved", "approved", "approved", "void")),
        "approved_owner_id": org.ids[owner] if owner else None,
        "approved_team_id": rng.choice((org.team_a.id, org.team_b.id, None)),
        "amount": Decimal(rng.randrange(100, 100_000)) / 100,
    }


def _deals(org, rng: random.Random) -> None:
    """Contracts and payments written, then approved, moved, voided, deleted."""
    session = org.session
    rep = org.actor("rep_a1")
    customer = make_customer(session, rep, "Acme")
    contracts = [
        make_approved_contract(
            session, org.ids["rep_a1"], customer, "1000", name=f"Plan {n}"
        )
        for n in range(12)
    ]
    payments = [
        make_payment(session, rep, rng.choice(contracts), "10") for _ in range(12)
    ]
    for contract in contracts:
        force_columns(session, contract, sign_date=_day(rng), **_attribution(org, rng))
    for payment in payments:
        force_columns(session, payment, paid_on=_day(rng), **_attribution(org, rng))
    # Edits after approval: a new month, owner, team, amount or status.
    for row, day in [(c, "sign_date") for c in contracts[:6]] + [
        (p, "paid_on") for p in payments[:6]
    ]:
        change = rng.choice(("day", "attribution"))
        values = {day: _day(rng)} if change == "day" else _attribution(org, rng)
        force_columns(session, row, **values)
    session.execute(delete(Payment).where(Payment.id == payments[-1].id))
    session.flush()


def _truth(session, metric, period, by, owners, teams, visible) -> list[tuple]:
    """(by…, records, amount[, Σ amount × days to collect for payments])."""
    model = MODELS[metric]
    day = getattr(model, DAYS[metric])
    signed = Contract.sign_date if model is Payment else day
    query = select(
        model.approved_owner_id, model.approved_team_id, day, model.amount, signed
    ).where(model.status == "approved", day >= period.start, day <= period.end)
    if model is Payment:
        query = query.join(Contract, Contract.id == Payment.contract_id)
    rows = session.execute(query).all()
    found: dict[tuple, list] = {}
    for owner, team, on, amount, sign_date in rows:
        if (
            (visible is not None and owner not in visible)
            or (owners is not None and owner not in owners)
            or (teams is not None and team not in teams)
        ):
            continue
        key = tuple({"owner": owner, "year": on.year, "month": on.month}[k] for k in by)
        totals = found.setdefault(key, [0, Decimal(0), Decimal(0)])
        totals[0] += 1
        totals[1] += amount
        totals[2] += amount * (on - sign_date).days
    weighted = model is Payment
    return sorted(
        (
            (*key, *(totals if weighted else totals[:2]))
            for key, totals in found.items()
        ),
        key=_order,
    )


def _order(row: tuple) -> tuple:
    return tuple(-1 if value is None else value for value in row)


def _normal(rows, width: int) -> list[tuple]:
    """`amounts` rows with int keys and sums to the cent (SQLite sums floats)."""
    return sorted(
        (
            (
                *(None if k is None else int(k) for k in row[:width]),
                row[width],
                *(Decimal(str(v)).quantize(Decimal("0.01")) for v in row[width + 1 :]),
            )
            for row in rows
        ),
        key=_order,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_amounts_equal_the_approved_rows_for_any_period(org, seed):
    rng = random.Random(seed)
    _deals(org, rng)
    session = org.session
    for _ in range(25):
        start = _day(rng) - dt.timedelta(days=rng.choice((0, 20)))
        start = start.replace(day=1) if rng.random() < 0.4 else start
        period = Period(start, start + dt.timedelta(days=rng.randrange(0, 120)))
        viewer = org.actor(rng.choice(("admin", "leader_a")))
        by = rng.choice(((), ("owner",), ("year", "month")))
        owners = rng.choice((None, {org.ids["rep_a1"], org.ids["rep_b1"]}))
        teams = rng.choice((None, {org.team_a.id}))
        for metric, model in MODELS.items():
            found = amounts(
                session,
                viewer,
                metric,
                period,
                by,
                user_ids=owners,
                team_ids=teams,
                weighted_days=model is Payment,
            )
            expected = _truth(
                session, metric, period, by, owners, teams, viewer.visible_user_ids
            )
            assert _normal(found, len(by)) == _normal(expected, len(by)), (
                metric,
                period,
                by,
            )


def test_triggers_keep_what_a_recount_gives(org):
    _deals(org, random.Random(7))
    session = org.session
    connection = session.connection()

    def rows() -> set:
        found = session.execute(
            select(
                DealTally.metric,
                DealTally.owner_key,
                DealTally.team_key,
                DealTally.month,
                DealTally.records,
                DealTally.amount,
                DealTally.weighted_days,
            )
        )
        return {tuple(row) for row in found if row.records}

    kept = rows()
    assert {metric for metric, *_ in kept} == set(MODELS)
    assert any(row[-1] for row in kept)  # some payment took days to collect
    copies = session.execute(
        select(Payment.contract_sign_date, Contract.sign_date).join(
            Contract, Contract.id == Payment.contract_id
        )
    ).all()
    assert copies and all(copy == signed for copy, signed in copies)
    for tally in DEAL_TALLIES.values():
        tally.rebuild(connection)
    session.expire_all()
    assert rows() == kept


def test_a_year_of_whole_months_reads_no_contract_rows(org):
    _deals(org, random.Random(5))
    session = org.session
    admin = org.actor("admin")
    statements: list[str] = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        amounts(
            session,
            admin,
            "contract_amount",
            Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        )
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert any("FROM deal_tallies" in s for s in statements)
    assert not any("FROM contracts" in s for s in statements)
