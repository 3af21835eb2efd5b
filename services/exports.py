"""Exports: a scoped list (selected rows or every filtered row) streamed from the
database in batches into an .xlsx or .csv file with translated headers and labels.

Each entity is one `ExportSpec` (columns + how a cell is rendered) and one query
builder that applies the actor's scope; a new entity (leads) adds one of each."""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, or_, select, text
from sqlalchemy.orm import Session, aliased

from models import Contact, Customer, CustomerView, User
from services import dictionaries
from services.actor import Actor
from services.contacts import ContactFilter
from services.custom_fields import (
    FieldDef,
    custom_filter_clauses,
    export_value,
    field_defs,
)
from services.customers import (
    SORT_COLUMNS,
    CustomerFilter,
    filtered_customers,
    scoped_customers,
)
from services.errors import ServiceError
from services.export_writers import FORMATS, open_writer
from services.msgid import N_
from services.normalize import normalize_name, normalize_phone
from services.paging import count_rows, sort_order
from services.permissions import CUSTOMER_EXPORT
from services.prefix_match import starts_with
from services.regions import REGIONS
from services.substring_match import has_substring

Translate = Callable[[str], str]
DEFAULT_BATCH_SIZE = 2000
# One xlsx sheet holds 1,048,576 rows; the download also travels through the
# browser, so stop well before that with a clear message.
MAX_EXPORT_ROWS = 200_000

STAGE_LABELS = {
    "potential": N_("Potential"),
    "intention": N_("Intention"),
    "cooperating": N_("Cooperating"),
    "dormant": N_("Dormant"),
}


class ExportTooLarge(ServiceError):
    def __init__(self, count: int) -> None:
        super().__init__(
            N_(
                "{count} rows match: at most {limit} can be exported at once. "
                "Narrow the filters and try again."
            ),
            count=f"{count:,}",
            limit=f"{MAX_EXPORT_ROWS:,}",
        )


class NothingSelected(ServiceError):
    def __init__(self) -> None:
        super().__init__(N_("Select at least one row to export."))


@dataclass(frozen=True)
class RenderContext:
    language: str
    translate: Translate
    timezone: ZoneInfo
    labels: dict[tuple[str, str], str]


Render = Callable[[Any, RenderContext], Any]


def _text(value: Any, _ctx: RenderContext) -> Any:
    return value


def _local(value: dt.datetime | None, ctx: RenderContext) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(ctx.timezone).replace(tzinfo=None)


def _dictionary(kind: str) -> Render:
    def render(code: str | None, ctx: RenderContext) -> str | None:
        return ctx.labels.get((kind, code), code) if code else None

    return render


def _stage(code: str | None, ctx: RenderContext) -> str | None:
    return ctx.translate(STAGE_LABELS[code]) if code in STAGE_LABELS else code


def _yes_no(value: bool | None, ctx: RenderContext) -> str:
    return ctx.translate(N_("Yes")) if value else ctx.translate(N_("No"))


def _tags(value: list | None, _ctx: RenderContext) -> str:
    return ", ".join(value or [])


def _province(value: str | None, ctx: RenderContext) -> str | None:
    if not value or ctx.language == "zh_CN":
        return value
    return REGIONS.get(value, (value, {}))[0]


CITY_NAMES = {
    city: english
    for _name, cities in REGIONS.values()
    for city, english in cities.items()
}


def _city(value: str | None, ctx: RenderContext) -> str | None:
    if not value or ctx.language == "zh_CN":
        return value
    return CITY_NAMES.get(value, value)


@dataclass(frozen=True)
class ExportColumn:
    key: str  # the label of the query column it reads
    header: str  # English msgid
    render: Render = _text


@dataclass(frozen=True)
class ExportSpec:
    entity: str
    title: str  # English msgid: sheet and file name
    permission: str
    columns: tuple[ExportColumn, ...]


CUSTOMER_SPEC = ExportSpec(
    entity="customers",
    title=N_("Customers"),
    permission=CUSTOMER_EXPORT,
    columns=(
        ExportColumn("name", N_("Name")),
        ExportColumn("mobile", N_("Mobile")),
        ExportColumn("phone", N_("Phone")),
        ExportColumn("email", N_("Email")),
        ExportColumn("source", N_("Source"), _dictionary("customer_source")),
        ExportColumn("industry", N_("Industry"), _dictionary("industry")),
        ExportColumn("level", N_("Level"), _dictionary("customer_level")),
        ExportColumn("stage", N_("Stage"), _stage),
        ExportColumn("province", N_("Province"), _province),
        ExportColumn("city", N_("City"), _city),
        ExportColumn("district", N_("District")),
        ExportColumn("address", N_("Address")),
        ExportColumn("owner", N_("Owner")),
        ExportColumn("next_followup_at", N_("Next follow-up"), _local),
        ExportColumn("last_followup_at", N_("Last follow-up"), _local),
        ExportColumn("tags", N_("Tags"), _tags),
        ExportColumn("remark", N_("Remark")),
        ExportColumn("created_at", N_("Created"), _local),
        ExportColumn("updated_at", N_("Modified"), _local),
    ),
)

CONTACT_SPEC = ExportSpec(
    entity="contacts",
    title=N_("Contacts"),
    permission=CUSTOMER_EXPORT,
    columns=(
        ExportColumn("name", N_("Name")),
        ExportColumn("customer", N_("Customer")),
        ExportColumn("title", N_("Title")),
        ExportColumn("mobile", N_("Mobile")),
        ExportColumn("phone", N_("Phone")),
        ExportColumn("email", N_("Email")),
        ExportColumn("is_primary", N_("Primary contact"), _yes_no),
        ExportColumn("birthday", N_("Birthday")),
        ExportColumn("remark", N_("Remark")),
        ExportColumn("owner", N_("Owner")),
        ExportColumn("created_at", N_("Created"), _local),
    ),
)


def _custom_value(field: FieldDef) -> Render:
    def render(values: dict | None, _ctx: RenderContext) -> Any:
        return export_value(field, (values or {}).get(field.key))

    return render


def with_custom_columns(
    session: Session, spec: ExportSpec, entity: str, language: str
) -> ExportSpec:
    """`spec` plus a column per active custom field of `entity`, headed by its
    label; they read the query's "custom_values" column."""
    custom = tuple(
        ExportColumn("custom_values", field.label(language), _custom_value(field))
        for field in field_defs(session, entity)
    )
    return replace(spec, columns=spec.columns + custom)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    filename: str
    row_count: int
    batch_count: int


def _ids_or_all(ids: Sequence[int] | None) -> tuple[int, ...] | None:
    """None = every filtered row; an empty selection is a mistake, not "all"."""
    if ids is None:
        return None
    if not ids:
        raise NothingSelected()
    return tuple(ids)


def customer_export_query(
    actor: Actor, flt: CustomerFilter, ids: Sequence[int] | None = None
) -> Select:
    """The list's filters, scope and order, as the export's labelled columns."""
    selected = _ids_or_all(ids)
    if selected is not None:
        flt = replace(flt, ids=selected)
    owner = aliased(User)
    columns = [
        getattr(Customer, c.key).label(c.key)
        for c in CUSTOMER_SPEC.columns
        if c.key != "owner"
    ]
    query = (
        filtered_customers(actor, flt)
        .with_only_columns(
            *columns,
            owner.display_name.label("owner"),
            Customer.custom_values.label("custom_values"),
        )
        .outerjoin_from(Customer, owner, owner.id == Customer.owner_id)
    )
    if flt.sort == "viewed":
        query = query.outerjoin_from(
            Customer,
            CustomerView,
            and_(
                CustomerView.customer_id == Customer.id,
                CustomerView.user_id == actor.user_id,
            ),
        )
    sort_column = SORT_COLUMNS.get(flt.sort, Customer.updated_at)
    return query.order_by(
        *sort_order(
            sort_column,
            flt.descending,
            Customer.id,
            outer_joined=flt.sort == "viewed",
        )
    )


def contact_export_query(
    actor: Actor, flt: ContactFilter, ids: Sequence[int] | None = None
) -> Select:
    """Contacts of customers in the actor's (focused) scope, as on the list."""
    selected = _ids_or_all(ids)
    owner = aliased(User)
    customers = scoped_customers(actor, focus=True).with_only_columns(Customer.id)
    columns = [
        getattr(Contact, c.key).label(c.key)
        for c in CONTACT_SPEC.columns
        if c.key not in ("customer", "owner")
    ]
    query = (
        select(
            *columns,
            Customer.name.label("customer"),
            owner.display_name.label("owner"),
            Contact.custom_values.label("custom_values"),
        )
        .select_from(Contact)
        .join(Customer, Customer.id == Contact.customer_id)
        .outerjoin(owner, owner.id == Customer.owner_id)
        .where(Contact.customer_id.in_(customers.scalar_subquery()))
    )
    # The same filters as services.contacts.list_contacts.
    if flt.search and (term := flt.search.strip()):
        phone = normalize_phone(term)
        clauses = [
            Contact.name_normalized.contains(normalize_name(term), autoescape=True),
            has_substring(Customer.name_normalized, normalize_name(term)),
        ]
        if phone and len(phone) >= 4:
            clauses.append(starts_with(Contact.mobile_normalized, phone))
        query = query.where(or_(*clauses))
    if flt.customer_id:
        query = query.where(Contact.customer_id == flt.customer_id)
    if flt.primary_only:
        query = query.where(Contact.is_primary.is_(True))
    if flt.custom:
        query = query.where(*custom_filter_clauses(Contact.custom_values, flt.custom))
    if selected is not None:
        query = query.where(Contact.id.in_(selected))
    return query.order_by(Contact.created_at.desc(), Contact.id.desc())


def export_query(
    session: Session,
    actor: Actor,
    spec: ExportSpec,
    query: Select,
    *,
    fmt: str,
    translate: Translate = str,
    timezone: str = "UTC",
    batch_size: int = DEFAULT_BATCH_SIZE,
    directory: Path | None = None,
) -> ExportResult:
    """Stream `query` (already scoped) into a temporary file the caller removes.
    Raises PermissionDenied, ExportTooLarge."""
    actor.require(spec.permission)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    total = count_rows(session, query)
    if total > MAX_EXPORT_ROWS:
        raise ExportTooLarge(total)
    ctx = RenderContext(
        actor.language,
        # Labels repeat on every row, and a request's gettext is not free.
        functools.cache(translate),
        ZoneInfo(timezone),
        dictionaries.labels(session, actor.language),
    )
    title = translate(spec.title)
    handle, name = tempfile.mkstemp(
        prefix=f"pelago-{spec.entity}-", suffix=f".{fmt}", dir=directory
    )
    os.close(handle)
    path = Path(name)
    row_count = batch_count = 0
    try:
        writer = open_writer(
            fmt, path, [translate(c.header) for c in spec.columns], title
        )
        try:
            # yield_per: a server-side cursor on PostgreSQL, fetched batch by batch;
            # only one batch of rows is ever in memory. PostgreSQL plans a cursor
            # for its first 10% of rows unless told every row is read: 100,000
            # customers took 4.1 s that way, 1.3 s planned for all of them.
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SET LOCAL cursor_tuple_fraction = 1"))
            result = session.execute(query.execution_options(yield_per=batch_size))
            keys = list(result.keys())
            cells = [(keys.index(c.key), c.render) for c in spec.columns]
            for batch in result.partitions():
                writer.write_rows(
                    [[render(row[i], ctx) for i, render in cells] for row in batch]
                )
                row_count += len(batch)
                batch_count += 1
        finally:
            writer.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    stamp = dt.datetime.now(ctx.timezone).strftime("%Y%m%d-%H%M")
    return ExportResult(path, f"{title}-{stamp}.{fmt}", row_count, batch_count)


def export_customers(
    session: Session,
    actor: Actor,
    flt: CustomerFilter,
    *,
    ids: Sequence[int] | None = None,
    fmt: str = "xlsx",
    **options: Any,
) -> ExportResult:
    """Selected (`ids`) or all customers matching `flt` in the actor's scope.
    Raises PermissionDenied, NothingSelected, ExportTooLarge."""
    actor.require(CUSTOMER_SPEC.permission)
    query = customer_export_query(actor, flt, ids)
    spec = with_custom_columns(session, CUSTOMER_SPEC, "customer", actor.language)
    return export_query(session, actor, spec, query, fmt=fmt, **options)


def export_contacts(
    session: Session,
    actor: Actor,
    flt: ContactFilter,
    *,
    ids: Sequence[int] | None = None,
    fmt: str = "xlsx",
    **options: Any,
) -> ExportResult:
    """Selected (`ids`) or all contacts matching `flt` in the actor's scope.
    Raises PermissionDenied, NothingSelected, ExportTooLarge."""
    actor.require(CONTACT_SPEC.permission)
    query = contact_export_query(actor, flt, ids)
    spec = with_custom_columns(session, CONTACT_SPEC, "contact", actor.language)
    return export_query(session, actor, spec, query, fmt=fmt, **options)
