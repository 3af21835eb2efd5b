"""Generated numbers: pattern validation, preview, counters per period, admin
edits, and the counter under concurrent transactions on both databases."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

import models
from models import NumberPattern, NumberSequence
from services.errors import PermissionDenied, ValidationFailed
from services.numbering import (
    PATTERN_BAD_SEQ,
    PATTERN_BAD_TEXT,
    PATTERN_NEEDS_SEQ,
    PATTERN_NUMBER_TOO_LONG,
    PATTERN_REQUIRED,
    PATTERN_TOO_LONG,
    PATTERN_UNKNOWN_TOKEN,
    next_number,
    number_patterns,
    preview,
    save_number_patterns,
    validate_pattern,
)
from tests.factories import audit_rows, build_org

DAY = dt.date(2024, 3, 7)
BACKENDS = pytest.mark.parametrize(
    "isolated_engine", ["sqlite", "postgresql"], indirect=True
)


def set_pattern(session, object_type: str, pattern: str) -> None:
    session.get(NumberPattern, object_type).pattern = pattern
    session.flush()


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("", PATTERN_REQUIRED),
        ("   ", PATTERN_REQUIRED),
        ("HT" + "X" * 45 + "{seq:4}", PATTERN_TOO_LONG),
        ("HT{yyyy}", PATTERN_NEEDS_SEQ),
        ("HT{seq:3}-{seq:4}", PATTERN_NEEDS_SEQ),
        ("HT{seq:0}", PATTERN_BAD_SEQ),
        ("HT{seq:11}", PATTERN_BAD_SEQ),
        ("HT{seq}", PATTERN_BAD_SEQ),
        ("HT{hh}{seq:4}", PATTERN_UNKNOWN_TOKEN),
        ("HT {seq:4}", PATTERN_BAD_TEXT),
        ("HT{{seq:4}}", PATTERN_BAD_TEXT),
        ("HT{seq:4", PATTERN_BAD_TEXT),
        ("X" * 36 + "{yyyy}{seq:10}", PATTERN_NUMBER_TOO_LONG),
    ],
)
def test_validate_pattern_names_the_problem(pattern, problem):
    assert validate_pattern(pattern) == problem


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("HT{yyyy}{mm}{dd}-{seq:4}", "HT20240307-0001"),
        ("C{yy}{mm}/{seq:3}", "C2403/001"),
        ("合同-{seq:5}", "合同-00001"),
        ("{seq:1}", "1"),
    ],
)
def test_preview_renders_the_first_number(pattern, expected):
    assert validate_pattern(pattern) is None
    assert preview(pattern, DAY) == expected


def test_preview_of_an_invalid_pattern_is_none():
    assert preview("HT{yyyy}", DAY) is None


def test_next_number_counts_up_within_a_day(session, org):
    numbers = [next_number(session, "contract", on=DAY) for _ in range(3)]
    assert numbers == ["HT20240307-0001", "HT20240307-0002", "HT20240307-0003"]


def test_the_counter_restarts_when_the_date_part_changes(session, org):
    next_number(session, "contract", on=DAY)
    next_number(session, "contract", on=DAY)
    assert next_number(session, "contract", on=DAY + dt.timedelta(1)) == (
        "HT20240308-0001"
    )
    # The earlier day's counter is kept.
    assert next_number(session, "contract", on=DAY) == "HT20240307-0003"


def test_a_monthly_pattern_counts_through_the_month(session, org):
    set_pattern(session, "contract", "HT{yyyy}{mm}-{seq:3}")
    assert next_number(session, "contract", on=DAY) == "HT202403-001"
    assert next_number(session, "contract", on=DAY.replace(day=30)) == "HT202403-002"
    assert next_number(session, "contract", on=dt.date(2024, 4, 1)) == "HT202404-001"


def test_a_pattern_without_a_date_never_restarts(session, org):
    set_pattern(session, "payment", "HK-{seq:6}")
    assert next_number(session, "payment", on=DAY) == "HK-000001"
    assert next_number(session, "payment", on=dt.date(2030, 1, 1)) == "HK-000002"


def test_contracts_and_payments_count_separately(session, org):
    assert next_number(session, "contract", on=DAY) == "HT20240307-0001"
    assert next_number(session, "payment", on=DAY) == "HK20240307-0001"
    assert next_number(session, "contract", on=DAY) == "HT20240307-0002"


def test_the_counter_outgrows_its_padding(session, org):
    set_pattern(session, "contract", "N{seq:1}")
    numbers = [next_number(session, "contract", on=DAY) for _ in range(11)]
    assert numbers[-2:] == ["N10", "N11"]


def test_admin_reads_and_saves_patterns_with_an_audit_row(session, org):
    admin = org.actor("admin")
    assert number_patterns(session, admin) == {
        "contract": "HT{yyyy}{mm}{dd}-{seq:4}",
        "payment": "HK{yyyy}{mm}{dd}-{seq:4}",
    }
    saved = save_number_patterns(session, admin, {"contract": " HT-{yy}{mm}-{seq:5} "})
    assert saved["contract"] == "HT-{yy}{mm}-{seq:5}"
    assert next_number(session, "contract", on=DAY) == "HT-2403-00001"
    [row] = audit_rows(session, "numbering.update")
    assert row.before["pattern"] == "HT{yyyy}{mm}{dd}-{seq:4}"
    assert row.after == {"object_type": "contract", "pattern": "HT-{yy}{mm}-{seq:5}"}


def test_saving_reports_every_bad_pattern_and_writes_nothing(session, org):
    admin = org.actor("admin")
    with pytest.raises(ValidationFailed) as exc:
        save_number_patterns(
            session, admin, {"contract": "HT{yyyy}", "payment": "HK{xx}{seq:4}"}
        )
    assert exc.value.errors == {
        "contract": PATTERN_NEEDS_SEQ,
        "payment": PATTERN_UNKNOWN_TOKEN,
    }
    assert number_patterns(session, admin)["contract"] == "HT{yyyy}{mm}{dd}-{seq:4}"


def test_only_admins_edit_patterns(session, org):
    with pytest.raises(PermissionDenied):
        save_number_patterns(session, org.actor("leader_a"), {"contract": "A{seq:4}"})
    with pytest.raises(PermissionDenied):
        number_patterns(session, org.actor("rep_a1"))


# --- concurrency ----------------------------------------------------------------

WORKERS = 12
PER_WORKER = 5


@BACKENDS
def test_concurrent_transactions_never_share_a_number(isolated_engine):
    models.Base.metadata.create_all(isolated_engine)
    factory = sessionmaker(isolated_engine, expire_on_commit=False)
    with factory.begin() as session:
        build_org(session)
    start = threading.Barrier(WORKERS)

    def work(_index: int) -> list[str]:
        start.wait()  # the first counter row is created by one of them, at once
        numbers = []
        for _ in range(PER_WORKER):
            with factory.begin() as session:
                numbers.append(next_number(session, "contract", on=DAY))
        return numbers

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = [n for batch in pool.map(work, range(WORKERS)) for n in batch]

    total = WORKERS * PER_WORKER
    assert sorted(results) == [f"HT20240307-{i:04d}" for i in range(1, total + 1)]
    with factory() as session:
        counters = session.scalars(
            select(NumberSequence).where(NumberSequence.object_type == "contract")
        ).all()
        assert [(c.period, c.last_value) for c in counters] == [("20240307", total)]
