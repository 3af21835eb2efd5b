"""Reading the operation log: one record's history, and the admin log search with
its before/after view and CSV export. Nothing here (or anywhere) changes a log row."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import AuditLog, Contact, User
from services.actor import Actor
from services.audit import history
from services.customers import get_customer
from services.errors import NotFound, ServiceError
from services.msgid import N_
from services.paging import Page, clamp_page, count_rows
from services.permissions import AUDIT_VIEW


def customer_log(
    session: Session, actor: Actor, customer_id: int
) -> list[dict[str, Any]]:
    """Audit rows of a customer in scope and of its contacts, newest first.
    Raises NotFound."""
    customer = get_customer(session, actor, customer_id)
    return history(
        session,
        ("customer", customer.id),
        ("contact", select(Contact.id).where(Contact.customer_id == customer.id)),
    )


# --- The operation log page (permission audit.view) ---------------------------

MAX_EXPORT_ROWS = 100_000
EXPORT_BATCH_SIZE = 2000
# Spreadsheet apps run a cell starting with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class LogExportTooLarge(ServiceError):
    def __init__(self, count: int) -> None:
        super().__init__(
            N_(
                "{count} log entries match: at most {limit} can be exported at "
                "once. Narrow the filters and try again."
            ),
            count=f"{count:,}",
            limit=f"{MAX_EXPORT_ROWS:,}",
        )


@dataclass(frozen=True)
class LogFilter:
    """Log search; `date_from`/`date_to` are inclusive days in company time."""

    actor_id: int | None = None
    object_type: str | None = None
    object_id: int | None = None
    action: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    timezone: str = "Asia/Shanghai"
    page: int = 1
    page_size: int = 20

    def utc_bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """[start, end) in naive UTC, as created_at is stored."""
        zone = ZoneInfo(self.timezone)

        def utc(day: dt.date) -> dt.datetime:
            local = dt.datetime.combine(day, dt.time(), tzinfo=zone)
            return local.astimezone(dt.UTC).replace(tzinfo=None)

        start = utc(self.date_from) if self.date_from else None
        end = utc(self.date_to + dt.timedelta(days=1)) if self.date_to else None
        return start, end


def _log_query(actor: Actor, flt: LogFilter) -> Select:
    """Filtered log rows with the actor's name, newest first. The filters map onto
    ix_audit_log_actor (actor_id, created_at) and ix_audit_log_object
    (object_type, object_id, created_at)."""
    query = select(AuditLog, User.display_name).outerjoin(
        User, User.id == AuditLog.actor_id
    )
    if actor.visible_user_ids is not None:
        # A scoped viewer sees what people in scope did, not system rows.
        query = query.where(AuditLog.actor_id.in_(actor.visible_user_ids))
    if flt.actor_id is not None:
        query = query.where(AuditLog.actor_id == flt.actor_id)
    if flt.object_type:
        query = query.where(AuditLog.object_type == flt.object_type)
    if flt.object_id is not None:
        query = query.where(AuditLog.object_id == flt.object_id)
    if flt.action:
        query = query.where(AuditLog.action == flt.action)
    start, end = flt.utc_bounds()
    if start is not None:
        query = query.where(AuditLog.created_at >= start)
    if end is not None:
        query = query.where(AuditLog.created_at < end)
    return query.order_by(AuditLog.created_at.desc(), AuditLog.id.desc())


def changes(before: dict | None, after: dict | None) -> list[dict[str, Any]]:
    """[{field, before, after}] for each field whose value differs."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*after, *before]))
    return [
        {"field": key, "before": before.get(key), "after": after.get(key)}
        for key in keys
        if before.get(key) != after.get(key)
    ]


def _log_row(entry: AuditLog, actor_name: str | None) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.created_at,
        "actor_id": entry.actor_id,
        "actor": actor_name or "",
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "changes": changes(entry.before, entry.after),
    }


def search_log(session: Session, actor: Actor, flt: LogFilter) -> Page:
    """One page of the filtered operation log, newest first.
    Raises PermissionDenied."""
    actor.require(AUDIT_VIEW)
    page, page_size = clamp_page(flt.page, flt.page_size)
    query = _log_query(actor, flt)
    total = count_rows(session, query)
    page = min(page, max(1, -(-total // page_size)))
    rows = session.execute(query.offset((page - 1) * page_size).limit(page_size))
    return Page(
        rows=[_log_row(entry, name) for entry, name in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


def get_log_entry(session: Session, actor: Actor, entry_id: int) -> dict[str, Any]:
    """One log entry with its field changes. Raises PermissionDenied, NotFound."""
    actor.require(AUDIT_VIEW)
    query = _log_query(actor, LogFilter()).where(AuditLog.id == entry_id).order_by(None)
    found = session.execute(query).first()
    if found is None:
        raise NotFound()
    return _log_row(*found)


def log_user_options(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """Users (disabled ones too: the log outlives them) the actor may filter by.
    Raises PermissionDenied."""
    actor.require(AUDIT_VIEW)
    query = select(User.id, User.display_name)
    if actor.visible_user_ids is not None:
        query = query.where(User.id.in_(actor.visible_user_ids))
    return [tuple(row) for row in session.execute(query.order_by(User.display_name))]


def csv_safe(value: Any) -> str:
    """A cell as text that no spreadsheet runs as a formula ("CSV injection")."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def export_log_csv(
    session: Session,
    actor: Actor,
    flt: LogFilter,
    *,
    translate: Callable[[str], str] = lambda message: message,
    action_label: Callable[[str], str] = lambda action: action,
    field_label: Callable[[str], str] = lambda field: field,
) -> bytes:
    """Every filtered log entry as CSV (UTF-8 with a BOM so Excel reads Chinese),
    times in company time, one "field: before → after" line per change.
    Raises PermissionDenied, LogExportTooLarge."""
    actor.require(AUDIT_VIEW)
    query = _log_query(actor, flt)
    total = count_rows(session, query)
    if total > MAX_EXPORT_ROWS:
        raise LogExportTooLarge(total)
    zone = ZoneInfo(flt.timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    headers = (
        N_("Time"),
        N_("User"),
        N_("Action"),
        N_("Object type"),
        N_("Object ID"),
        N_("Changes"),
    )
    writer.writerow([csv_safe(translate(header)) for header in headers])
    rows = session.execute(query.execution_options(yield_per=EXPORT_BATCH_SIZE))
    for entry, name in rows:
        local = entry.created_at.replace(tzinfo=dt.UTC).astimezone(zone)
        change_lines = "\n".join(
            f"{field_label(c['field'])}: {_cell(c['before'])} → {_cell(c['after'])}"
            for c in changes(entry.before, entry.after)
        )
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    local.strftime("%Y-%m-%d %H:%M:%S"),
                    name or translate(N_("System")),
                    action_label(entry.action),
                    entry.object_type,
                    entry.object_id,
                    change_lines,
                )
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)
