"""Customer import: map columns, validate every row exactly like the form
(CustomerIn.field_errors), handle duplicates, then write all rows in one
transaction or none at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Customer
from services.actor import Actor
from services.audit import record_audit, snapshot
from services.customers import (
    CustomerIn,
    _apply,
    scoped_customers,
    update_customer,
)
from services.errors import PermissionDenied, ServiceError, ValidationFailed
from services.exports import Translate
from services.import_files import Table
from services.import_rows import (
    CUSTOMER_FIELDS,
    Lookups,
    field_errors,
    preview,
    row_input,
    suggest_mapping,
)
from services.msgid import N_
from services.normalize import normalize_name, normalize_phone
from services.permissions import CUSTOMER_CREATE, CUSTOMER_EDIT, CUSTOMER_IMPORT

__all__ = ["CUSTOMER_FIELDS", "preview", "suggest_mapping"]

DUPLICATE_MODES = ("skip", "update", "create")
BATCH = 500


class ImportRejected(ServiceError):
    """Some rows are invalid: nothing was written; `report` says why."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            N_("Nothing was imported: {count} problems. Fix the file and try again."),
            count=len(report.errors),
        )
        self.report = report


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    field: str
    message: str  # English msgid
    value: str | None = None
    params: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    total: int = 0
    errors: list[RowError] = field(default_factory=list)
    to_create: list[tuple[int, CustomerIn]] = field(default_factory=list)
    # (row, customer id, the row's values, the fields its cells fill)
    to_update: list[tuple[int, int, CustomerIn, set[str]]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int


def _existing_matches(
    session: Session, rows: Sequence[tuple[int, CustomerIn]]
) -> dict[str, dict[str, set[int]]]:
    """Live customers (any scope, as the duplicate warning) by normalised name and
    mobile, looked up in batches."""
    by = {"name": {}, "mobile": {}}
    names = sorted({normalize_name(d.name) for _, d in rows} - {"", None})
    mobiles = sorted({normalize_phone(d.mobile) for _, d in rows} - {"", None})
    for column, keys, index in (
        (Customer.name_normalized, names, by["name"]),
        (Customer.mobile_normalized, mobiles, by["mobile"]),
    ):
        for start in range(0, len(keys), BATCH):
            found = session.execute(
                select(Customer.id, column).where(
                    Customer.deleted_at.is_(None),
                    column.in_(keys[start : start + BATCH]),
                )
            )
            for customer_id, key in found:
                index.setdefault(key, set()).add(customer_id)
    return by


def _scoped_ids(session: Session, actor: Actor, ids: set[int]) -> set[int]:
    found: set[int] = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        found.update(
            session.scalars(
                scoped_customers(actor)
                .with_only_columns(Customer.id)
                .where(Customer.id.in_(ordered[start : start + BATCH]))
            )
        )
    return found


def check_import(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: Sequence[str | None],
    *,
    duplicates: str = "skip",
    translations: Sequence[Translate] = (str,),
    timezone: str = "UTC",
) -> ImportReport:
    """Validate every row and decide what each would do; writes nothing.
    Raises PermissionDenied."""
    actor.require(CUSTOMER_IMPORT)
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"unknown duplicate mode {duplicates!r}")
    report = ImportReport(total=len(table.rows))
    if "name" not in mapping:
        report.errors.append(RowError(1, "name", N_("Map a column to Name.")))
        return report
    lookups = Lookups(session, actor, translations)
    zone = ZoneInfo(timezone)
    valid: list[tuple[int, CustomerIn, set[str]]] = []
    for number, cells in table.rows:
        data, errors, filled = row_input(cells, mapping, lookups, zone)
        errors = field_errors(session, actor, data) | errors
        if errors:
            raw = dict(zip(mapping, cells, strict=False))
            report.errors += [
                RowError(number, name, message, raw.get(name))
                for name, message in errors.items()
            ]
        else:
            valid.append((number, data, filled))
    _plan_duplicates(session, actor, report, valid, duplicates)
    report.errors.sort(key=lambda e: e.row)
    return report


def _plan_duplicates(
    session: Session,
    actor: Actor,
    report: ImportReport,
    valid: list[tuple[int, CustomerIn, set[str]]],
    mode: str,
) -> None:
    if mode == "create":
        report.to_create = [(number, data) for number, data, _ in valid]
        return
    existing = _existing_matches(session, [(n, d) for n, d, _ in valid])
    seen: dict[str, int] = {}
    matched: dict[int, set[int]] = {}
    for number, data, _filled in valid:
        keys = [f"n:{normalize_name(data.name)}"]
        if data.mobile:
            keys.append(f"m:{normalize_phone(data.mobile)}")
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            report.errors.append(
                RowError(
                    number,
                    "name",
                    N_("Same customer as row {row}."),
                    data.name,
                    {"row": earlier},
                )
            )
            continue
        seen.update(dict.fromkeys(keys, number))
        matched[number] = existing["name"].get(normalize_name(data.name), set()) | (
            existing["mobile"].get(normalize_phone(data.mobile), set())
            if data.mobile
            else set()
        )
    editable = (
        _scoped_ids(session, actor, set().union(*matched.values()))
        if mode == "update" and matched and actor.can(CUSTOMER_EDIT)
        else set()
    )
    for number, data, filled in valid:
        if number not in matched:
            continue
        matches = matched[number]
        if not matches:
            report.to_create.append((number, data))
        elif mode == "skip":
            report.skipped.append(number)
        elif len(matches) > 1:
            report.errors.append(
                RowError(
                    number,
                    "name",
                    N_("Matches {count} existing customers: update is ambiguous."),
                    data.name,
                    {"count": len(matches)},
                )
            )
        elif not matches <= editable:
            report.errors.append(
                RowError(
                    number,
                    "name",
                    N_("Matches an existing customer you cannot edit."),
                    data.name,
                )
            )
        else:
            report.to_update.append((number, next(iter(matches)), data, filled))


def _merged(customer: Customer, changes: CustomerIn, filled: set[str]) -> CustomerIn:
    """The stored customer with the file's filled cells on top (blank cells keep
    what is stored)."""
    current = {f.name: getattr(customer, f.name) for f in fields(CustomerIn)}
    current["tags"] = tuple(current["tags"] or ())
    return CustomerIn(**(current | {f: getattr(changes, f) for f in filled}))


def commit_import(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: Sequence[str | None],
    *,
    duplicates: str = "skip",
    translations: Sequence[Translate] = (str,),
    timezone: str = "UTC",
) -> ImportResult:
    """Import every row or none: any invalid row raises before anything is written
    (the caller's transaction rolls back). Raises PermissionDenied, ImportRejected."""
    report = check_import(
        session,
        actor,
        table,
        mapping,
        duplicates=duplicates,
        translations=translations,
        timezone=timezone,
    )
    if not report.ok:
        raise ImportRejected(report)
    if report.to_create:
        actor.require(CUSTOMER_CREATE)
    if report.to_update and not actor.can(CUSTOMER_EDIT):
        raise PermissionDenied()
    _create_all(session, actor, [data for _, data in report.to_create])
    problems: list[RowError] = []
    for number, customer_id, changes, filled in report.to_update:
        customer = session.get(Customer, customer_id)
        try:
            update_customer(
                session,
                actor,
                customer_id,
                _merged(customer, changes, filled),
                expected_version=customer.version,
            )
        except ValidationFailed as error:
            problems += [RowError(number, f, m) for f, m in error.errors.items()]
    if problems:
        raise ImportRejected(ImportReport(total=report.total, errors=problems))
    return ImportResult(
        len(report.to_create), len(report.to_update), len(report.skipped)
    )


def _create_all(session: Session, actor: Actor, rows: list[CustomerIn]) -> None:
    """Insert validated rows in batches (create_customer's steps without its
    per-row queries), each with its audit row."""
    for start in range(0, len(rows), BATCH):
        customers = []
        for data in rows[start : start + BATCH]:
            if data.owner_id is None:
                data = replace(data, owner_id=actor.user_id)
            customer = Customer(
                created_by_id=actor.user_id, updated_by_id=actor.user_id
            )
            _apply(customer, data)
            customers.append(customer)
        session.add_all(customers)
        session.flush()
        for customer in customers:
            record_audit(
                session,
                actor,
                "customer.create",
                "customer",
                customer.id,
                after=snapshot(customer),
            )
        session.flush()
