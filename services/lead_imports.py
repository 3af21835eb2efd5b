"""Lead import: the leads spec plugged into services.imports (same wizard, same
all-or-nothing commit, duplicates matched against live leads).

Permission: lead.create plus customer.import, the one "import lists" permission
(as customer.export is for exports): no new permission, so no migration and no
role to re-grant; scope decides which owners a row may name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import Select
from sqlalchemy.orm import Session

from models import Lead
from models.lead import EDITABLE_LEAD_STATUSES
from services.actor import Actor
from services.audit import record_audit
from services.custom_fields import filled_names, import_values, is_custom_key
from services.import_rows import (
    CHOOSE,
    FieldMap,
    Lookups,
    _key,
    datetime_value,
)
from services.imports import ImportSpec, merged_row
from services.lead_exports import STATUS_LABELS
from services.leads import LeadIn, apply_lead_input, scoped_leads, snapshot, update_lead
from services.msgid import N_
from services.permissions import CUSTOMER_IMPORT, LEAD_CREATE, LEAD_EDIT

LEAD_IMPORT_PERMISSIONS = (LEAD_CREATE, CUSTOMER_IMPORT)
BATCH = 500

LEAD_FIELDS: FieldMap = {
    "name": (N_("Name"), ("lead", "lead name", "contact", "线索", "线索名称", "姓名")),
    "company": (N_("Company"), ("company name", "公司名称", "单位")),
    "mobile": (N_("Mobile"), ("mobile phone", "cell", "手机号", "手机号码")),
    "phone": (N_("Phone"), ("telephone", "tel", "电话", "座机")),
    "email": (N_("Email"), ("e-mail", "mail", "邮箱", "电子邮件")),
    "source": (N_("Source"), ("lead source", "线索来源", "来源")),
    "status": (N_("Status"), ("lead status", "线索状态", "状态")),
    "owner_id": (N_("Owner"), ("owner username", "负责人", "所属员工")),
    "next_followup_at": (
        N_("Next follow-up"),
        ("next follow-up time", "下次联系时间", "下次跟进时间"),
    ),
    "remark": (N_("Remark"), ("remarks", "note", "notes", "备注")),
}
EDITABLE_STATUS_LABELS = {
    code: label
    for code, label in STATUS_LABELS.items()
    if code in EDITABLE_LEAD_STATUSES
}


def lead_row_input(
    cells: Sequence[str | None],
    mapping: Sequence[str | None],
    lookups: Lookups,
    timezone: ZoneInfo,
) -> tuple[LeadIn, dict[str, str], set[str]]:
    """A row as LeadIn (labels → codes, owner → id), the errors found while
    converting, and which fields the row fills."""
    raw = {
        name: (cells[i] or "").strip() or None
        for i, name in enumerate(mapping)
        if (name in LEAD_FIELDS or is_custom_key(name)) and i < len(cells)
    }
    statuses = lookups.choices(EDITABLE_STATUS_LABELS)
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, text in raw.items():
        if text is None or is_custom_key(name):
            continue
        if name == "source":
            values[name] = lookups.dictionary["customer_source"].get(_key(text))
        elif name == "status":
            values[name] = statuses.get(_key(text))
        elif name == "owner_id":
            values[name], problem = lookups.owner(text)
            if problem:
                errors[name] = problem
            continue
        elif name == "next_followup_at":
            values[name] = datetime_value(text, timezone)
            if values[name] is None:
                errors[name] = N_("Enter a valid date and time.")
            continue
        else:
            values[name] = text
            continue
        if values[name] is None:
            errors[name] = CHOOSE
    if not raw.get("status"):
        values["status"] = "new"
    values["custom_values"], custom_errors = import_values(
        lookups.custom_fields["lead"], raw
    )
    errors |= custom_errors
    return LeadIn(**values).cleaned(), errors, filled_names(raw)


def lead_field_errors(session: Session, actor: Actor, data: LeadIn) -> dict[str, str]:
    """The lead form's validation; source and owner were already resolved against
    the active codes and assignable users loaded once, so they are blanked here
    (no per-row queries)."""
    return replace(data, source=None, owner_id=None).field_errors(session, actor)


def _editable_leads(actor: Actor) -> Select:
    """Owned leads in scope that are not converted (update_lead's rule)."""
    return scoped_leads(actor).where(Lead.status != "converted")


def _create_all(session: Session, actor: Actor, rows: list[LeadIn]) -> None:
    """Insert validated rows in batches (create_lead's steps without its per-row
    queries), each with its audit row."""
    for start in range(0, len(rows), BATCH):
        leads = []
        for data in rows[start : start + BATCH]:
            if data.owner_id is None:
                data = replace(data, owner_id=actor.user_id)
            lead = Lead(created_by_id=actor.user_id, updated_by_id=actor.user_id)
            apply_lead_input(lead, data)
            leads.append(lead)
        session.add_all(leads)
        session.flush()
        for lead in leads:
            record_audit(
                session, actor, "lead.create", "lead", lead.id, after=snapshot(lead)
            )
        session.flush()


def _update(
    session: Session, actor: Actor, lead_id: int, changes: LeadIn, filled: set[str]
) -> None:
    """The stored lead with the file's filled cells on top (blank cells keep what
    is stored)."""
    lead = session.get(Lead, lead_id)
    merged = LeadIn(**merged_row(lead, changes, filled))
    update_lead(session, actor, lead_id, merged, expected_version=lead.version)


LEAD_IMPORT_SPEC = ImportSpec(
    entity="leads",
    fields=LEAD_FIELDS,
    permissions=LEAD_IMPORT_PERMISSIONS,
    create_permission=LEAD_CREATE,
    edit_permission=LEAD_EDIT,
    model=Lead,
    editable=_editable_leads,
    row_input=lead_row_input,
    field_errors=lead_field_errors,
    create_all=_create_all,
    update=_update,
    same_as_row=N_("Same lead as row {row}."),
    ambiguous=N_("Matches {count} existing leads: update is ambiguous."),
    not_editable=N_("Matches an existing lead you cannot edit."),
    custom_entity="lead",
)
