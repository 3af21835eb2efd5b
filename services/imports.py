"""Imports: map columns, validate every row exactly like the entity's form,
handle duplicates, then write all rows in one transaction or none at all.

Each entity is one `ImportSpec` (its columns, how a row becomes the form's input,
how new and matched rows are written), like the export specs; customers are
defined here, leads in services/lead_imports.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import Customer
from services.actor import Actor
from services.audit import record_audit, snapshot
from services.custom_fields import field_defs, import_field_map
from services.customers import (
    CustomerIn,
    apply_customer_input,
    scoped_customers,
    update_customer,
)
from services.errors import PermissionDenied, ServiceError, ValidationFailed
from services.exports import Translate
from services.import_files import Table
from services.import_rows import (
    CUSTOMER_FIELDS,
    FieldMap,
    Lookups,
    field_errors,
    preview,
    row_input,
)
from services.import_rows import suggest_mapping as _suggest
from services.msgid import N_
from services.normalize import normalize_name, normalize_phone
from services.permissions import CUSTOMER_CREATE, CUSTOMER_EDIT, CUSTOMER_IMPORT

__all__ = ["CUSTOMER_FIELDS", "preview"]

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
    to_create: list[tuple[int, Any]] = field(default_factory=list)
    # (row, record id, the row's values, the fields its cells fill)
    to_update: list[tuple[int, int, Any, set[str]]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


RowInput = Callable[..., tuple[Any, dict[str, str], set[str]]]


@dataclass(frozen=True)
class ImportSpec:
    """One importable entity. `model` has id, name_normalized, mobile_normalized
    and deleted_at; the input dataclass has `name` and `mobile`."""

    entity: str
    fields: FieldMap
    permissions: tuple[str, ...]  # to check or import at all
    create_permission: str
    edit_permission: str
    model: type
    editable: Callable[[Actor], Select]  # records the actor may update
    # (cells, mapping, lookups, zone) → (input, conversion errors, filled fields)
    row_input: RowInput
    field_errors: Callable[[Session, Actor, Any], dict[str, str]]
    create_all: Callable[[Session, Actor, list], None]
    # (session, actor, record id, the row's values, filled fields); may raise
    # ValidationFailed, reported against the row.
    update: Callable[[Session, Actor, int, Any, set[str]], None]
    same_as_row: str  # msgids
    ambiguous: str
    not_editable: str
    # The custom-field entity whose active fields are importable columns too.
    custom_entity: str | None = None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int


def _existing_matches(
    session: Session, spec: ImportSpec, rows: Sequence[tuple[int, Any]]
) -> dict[str, dict[str, set[int]]]:
    """Live records (any scope, as the duplicate warning) by normalised name and
    mobile, looked up in batches."""
    by = {"name": {}, "mobile": {}}
    model = spec.model
    names = sorted({normalize_name(d.name) for _, d in rows} - {"", None})
    mobiles = sorted({normalize_phone(d.mobile) for _, d in rows} - {"", None})
    for column, keys, index in (
        (model.name_normalized, names, by["name"]),
        (model.mobile_normalized, mobiles, by["mobile"]),
    ):
        for start in range(0, len(keys), BATCH):
            found = session.execute(
                select(model.id, column).where(
                    model.deleted_at.is_(None),
                    column.in_(keys[start : start + BATCH]),
                )
            )
            for record_id, key in found:
                index.setdefault(key, set()).add(record_id)
    return by


def _editable_ids(
    session: Session, actor: Actor, spec: ImportSpec, ids: set[int]
) -> set[int]:
    found: set[int] = set()
    ordered = sorted(ids)
    model = spec.model
    for start in range(0, len(ordered), BATCH):
        found.update(
            session.scalars(
                spec.editable(actor)
                .with_only_columns(model.id)
                .where(model.id.in_(ordered[start : start + BATCH]))
            )
        )
    return found


def import_fields(session: Session, spec: ImportSpec, language: str) -> FieldMap:
    """The columns a file may map: the spec's fields, then its entity's active
    custom fields (cf_<id>, labelled in `language`)."""
    if spec.custom_entity is None:
        return spec.fields
    custom = field_defs(session, spec.custom_entity)
    return spec.fields | import_field_map(custom, language)


def suggest_mapping(
    headers: Sequence[str],
    translations: Sequence[Translate] = (str,),
    spec: ImportSpec | None = None,
    fields: FieldMap | None = None,
) -> list[str | None]:
    """The field each column most likely holds (or None) among `fields` (by
    default the spec's; customers by default)."""
    return _suggest(headers, translations, fields or (spec or CUSTOMER_SPEC).fields)


def check_import(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: Sequence[str | None],
    *,
    duplicates: str = "skip",
    translations: Sequence[Translate] = (str,),
    timezone: str = "UTC",
    spec: ImportSpec | None = None,
) -> ImportReport:
    """Validate every row and decide what each would do; writes nothing.
    Raises PermissionDenied."""
    spec = spec or CUSTOMER_SPEC
    for permission in spec.permissions:
        actor.require(permission)
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"unknown duplicate mode {duplicates!r}")
    report = ImportReport(total=len(table.rows))
    if "name" not in mapping:
        report.errors.append(RowError(1, "name", N_("Map a column to Name.")))
        return report
    lookups = Lookups(session, actor, translations)
    zone = ZoneInfo(timezone)
    valid: list[tuple[int, Any, set[str]]] = []
    for number, cells in table.rows:
        data, errors, filled = spec.row_input(cells, mapping, lookups, zone)
        errors = spec.field_errors(session, actor, data) | errors
        if errors:
            raw = dict(zip(mapping, cells, strict=False))
            report.errors += [
                RowError(number, name, message, raw.get(name))
                for name, message in errors.items()
            ]
        else:
            valid.append((number, data, filled))
    _plan_duplicates(session, actor, spec, report, valid, duplicates)
    report.errors.sort(key=lambda e: e.row)
    return report


def _plan_duplicates(
    session: Session,
    actor: Actor,
    spec: ImportSpec,
    report: ImportReport,
    valid: list[tuple[int, Any, set[str]]],
    mode: str,
) -> None:
    if mode == "create":
        report.to_create = [(number, data) for number, data, _ in valid]
        return
    existing = _existing_matches(session, spec, [(n, d) for n, d, _ in valid])
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
                    spec.same_as_row,
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
        _editable_ids(session, actor, spec, set().union(*matched.values()))
        if mode == "update" and matched and actor.can(spec.edit_permission)
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
                    spec.ambiguous,
                    data.name,
                    {"count": len(matches)},
                )
            )
        elif not matches <= editable:
            report.errors.append(
                RowError(
                    number,
                    "name",
                    spec.not_editable,
                    data.name,
                )
            )
        else:
            report.to_update.append((number, next(iter(matches)), data, filled))


def merged_row(record: Any, changes: Any, filled: set[str]) -> dict[str, Any]:
    """The stored record's input fields with the file's filled cells on top
    (blank cells keep what is stored); custom values merge field by field."""
    current = {f.name: getattr(record, f.name) for f in fields(changes)}
    merged = current | {f: getattr(changes, f) for f in filled}
    if "custom_values" in filled:
        merged["custom_values"] = dict(record.custom_values or {}) | dict(
            changes.custom_values or {}
        )
    return merged


def _merged(customer: Customer, changes: CustomerIn, filled: set[str]) -> CustomerIn:
    """The stored customer with the file's filled cells on top."""
    merged = merged_row(customer, changes, filled)
    merged["tags"] = tuple(merged["tags"] or ())
    return CustomerIn(**merged)


def commit_import(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: Sequence[str | None],
    *,
    duplicates: str = "skip",
    translations: Sequence[Translate] = (str,),
    timezone: str = "UTC",
    spec: ImportSpec | None = None,
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
        spec=spec,
    )
    spec = spec or CUSTOMER_SPEC
    if not report.ok:
        raise ImportRejected(report)
    if report.to_create:
        actor.require(spec.create_permission)
    if report.to_update and not actor.can(spec.edit_permission):
        raise PermissionDenied()
    spec.create_all(session, actor, [data for _, data in report.to_create])
    problems: list[RowError] = []
    for number, record_id, changes, filled in report.to_update:
        try:
            spec.update(session, actor, record_id, changes, filled)
        except ValidationFailed as error:
            problems += [RowError(number, f, m) for f, m in error.errors.items()]
    if problems:
        raise ImportRejected(ImportReport(total=report.total, errors=problems))
    return ImportResult(
        len(report.to_create), len(report.to_update), len(report.skipped)
    )


def _update_customer(
    session: Session,
    actor: Actor,
    customer_id: int,
    changes: CustomerIn,
    filled: set[str],
) -> None:
    customer = session.get(Customer, customer_id)
    update_customer(
        session,
        actor,
        customer_id,
        _merged(customer, changes, filled),
        expected_version=customer.version,
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
            apply_customer_input(customer, data)
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


CUSTOMER_SPEC = ImportSpec(
    entity="customers",
    fields=CUSTOMER_FIELDS,
    permissions=(CUSTOMER_IMPORT,),
    create_permission=CUSTOMER_CREATE,
    edit_permission=CUSTOMER_EDIT,
    model=Customer,
    editable=scoped_customers,
    row_input=row_input,
    field_errors=field_errors,
    create_all=_create_all,
    update=_update_customer,
    same_as_row=N_("Same customer as row {row}."),
    ambiguous=N_("Matches {count} existing customers: update is ambiguous."),
    not_editable=N_("Matches an existing customer you cannot edit."),
    custom_entity="customer",
)
