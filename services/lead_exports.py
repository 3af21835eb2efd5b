"""Lead list export: the leads spec plugged into services.exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session, aliased

from models import Lead, User
from services.actor import Actor
from services.exports import (
    ExportColumn,
    ExportResult,
    ExportSpec,
    RenderContext,
    _dictionary,
    _ids_or_all,
    _local,
    export_query,
    with_custom_columns,
)
from services.leads import SORT_COLUMNS, LeadFilter, filtered_leads
from services.msgid import N_
from services.paging import sort_order
from services.permissions import CUSTOMER_EXPORT, LEAD_VIEW

STATUS_LABELS = {
    "new": N_("New"),
    "contacted": N_("Contacted"),
    "qualified": N_("Qualified"),
    "unqualified": N_("Unqualified"),
    "converted": N_("Converted"),
}


def _status(code: str | None, ctx: RenderContext) -> str | None:
    return ctx.translate(STATUS_LABELS[code]) if code in STATUS_LABELS else code


LEAD_SPEC = ExportSpec(
    entity="leads",
    title=N_("Leads"),
    # One "export lists" permission; scope decides which leads.
    permission=CUSTOMER_EXPORT,
    columns=(
        ExportColumn("name", N_("Name")),
        ExportColumn("company", N_("Company")),
        ExportColumn("mobile", N_("Mobile")),
        ExportColumn("phone", N_("Phone")),
        ExportColumn("email", N_("Email")),
        ExportColumn("source", N_("Source"), _dictionary("customer_source")),
        ExportColumn("status", N_("Status"), _status),
        ExportColumn("owner", N_("Owner")),
        ExportColumn("next_followup_at", N_("Next follow-up"), _local),
        ExportColumn("last_followup_at", N_("Last follow-up"), _local),
        ExportColumn("remark", N_("Remark")),
        ExportColumn("created_at", N_("Created"), _local),
    ),
)


def lead_export_query(
    actor: Actor, flt: LeadFilter, ids: Sequence[int] | None = None
) -> Select:
    """The lead list's filters, scope and order, as the export's columns."""
    selected = _ids_or_all(ids)
    owner = aliased(User)
    columns = [
        getattr(Lead, c.key).label(c.key) for c in LEAD_SPEC.columns if c.key != "owner"
    ]
    query = (
        filtered_leads(actor, flt)
        .with_only_columns(
            *columns,
            owner.display_name.label("owner"),
            Lead.custom_values.label("custom_values"),
        )
        .outerjoin_from(Lead, owner, owner.id == Lead.owner_id)
    )
    if selected is not None:
        query = query.where(Lead.id.in_(selected))
    sort_column = SORT_COLUMNS.get(flt.sort, Lead.updated_at)
    return query.order_by(*sort_order(sort_column, flt.descending, Lead.id))


def export_leads(
    session: Session,
    actor: Actor,
    flt: LeadFilter,
    *,
    ids: Sequence[int] | None = None,
    fmt: str = "xlsx",
    **options: Any,
) -> ExportResult:
    """Selected (`ids`) or all leads matching `flt` in the actor's scope.
    Raises PermissionDenied, NothingSelected, ExportTooLarge."""
    actor.require(LEAD_VIEW)
    actor.require(LEAD_SPEC.permission)
    query = lead_export_query(actor, flt, ids)
    spec = with_custom_columns(session, LEAD_SPEC, "lead", actor.language)
    return export_query(session, actor, spec, query, fmt=fmt, **options)
