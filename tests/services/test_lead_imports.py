"""Lead import through the shared import layer: mapping in both languages, the
lead form's validation per row, all-or-nothing, duplicates, scope."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.i18n import catalog
from models import Lead
from services.errors import PermissionDenied
from services.import_files import Table
from services.imports import (
    ImportRejected,
    check_import,
    commit_import,
    suggest_mapping,
)
from services.lead_imports import LEAD_IMPORT_SPEC
from services.leads import LeadIn, create_lead

ZH = catalog("zh_CN")


def zh(msgid: str) -> str:
    return ZH.get(msgid, msgid)


HEADERS = ["Name", "Company", "Mobile", "Source", "Status", "Owner"]


def table(*rows, headers=HEADERS) -> Table:
    return Table("t.csv", list(headers), [(n, list(r)) for n, r in enumerate(rows, 2)])


def mapping(tbl: Table) -> list[str | None]:
    return suggest_mapping(tbl.headers, (str, zh), LEAD_IMPORT_SPEC)


def run(org, tbl, user="rep_a1", **options):
    return commit_import(
        org.session,
        org.actor(user),
        tbl,
        mapping(tbl),
        spec=LEAD_IMPORT_SPEC,
        translations=(str, zh),
        **options,
    )


def leads_named(session, prefix: str) -> list[Lead]:
    return list(
        session.scalars(
            select(Lead).where(Lead.name.startswith(prefix)).order_by(Lead.name)
        )
    )


def test_mapping_by_english_and_chinese_headers():
    english = ["Name", "Company", "Mobile", "Status", "Next follow-up", "Other"]
    chinese = [zh("Name"), "公司名称", "手机号", zh("Status"), "备注", "负责人"]
    assert mapping(Table("t", english, [])) == [
        "name",
        "company",
        "mobile",
        "status",
        "next_followup_at",
        None,
    ]
    assert mapping(Table("t", chinese, [])) == [
        "name",
        "company",
        "mobile",
        "status",
        "remark",
        "owner_id",
    ]


def test_import_creates_leads_with_codes_owner_and_audit(org):
    tbl = table(
        ["Lead One", "Acme", "13900000001", "Website", "", ""],
        ["Lead Two", "Beta", "13900000002", "转介绍", zh("Qualified"), "rep_a1"],
    )
    result = run(org, tbl)
    assert (result.created, result.updated, result.skipped) == (2, 0, 0)
    one, two = leads_named(org.session, "Lead ")
    assert (one.source, one.status, one.owner_id, one.company) == (
        "web",
        "new",
        org.ids["rep_a1"],
        "Acme",
    )
    assert (two.source, two.status) == ("referral", "qualified")
    assert one.mobile_normalized == "13900000001"


def test_one_bad_row_writes_nothing_and_reports_each_problem(org):
    tbl = table(
        ["Good Lead", "", "13900000001", "", "", ""],
        ["", "", "12345", "Nowhere", "Converted", ""],
    )
    with pytest.raises(ImportRejected) as rejected:
        run(org, tbl)
    errors = {(e.row, e.field): e.message for e in rejected.value.report.errors}
    assert errors == {
        (3, "name"): "Name is required.",
        (3, "mobile"): errors[(3, "mobile")],
        (3, "source"): "Choose a value from the list.",
        (3, "status"): "Choose a value from the list.",
    }
    assert leads_named(org.session, "Good") == []


def test_owner_outside_scope_is_a_row_error(org):
    tbl = table(["Scoped Lead", "", "", "", "", "rep_b1"])
    report = check_import(
        org.session, org.actor("rep_a1"), tbl, mapping(tbl), spec=LEAD_IMPORT_SPEC
    )
    assert [(e.row, e.field) for e in report.errors] == [(2, "owner_id")]
    # A leader may name a member of the team.
    leader = check_import(
        org.session,
        org.actor("leader_a"),
        table(["Scoped Lead", "", "", "", "", "rep_a1"]),
        mapping(tbl),
        spec=LEAD_IMPORT_SPEC,
    )
    assert leader.ok


def test_lead_import_needs_import_and_lead_create(org):
    with pytest.raises(PermissionDenied):
        check_import(
            org.session, org.actor("exec"), table(), HEADERS, spec=LEAD_IMPORT_SPEC
        )


@pytest.fixture
def existing(org):
    return create_lead(
        org.session,
        org.actor("rep_a1"),
        LeadIn(name="Dup Lead", mobile="13900000009", company="Old Co"),
    )


def dup_table():
    return table(
        ["dup lead", "New Co", "", "", "", ""],
        ["Fresh Lead", "", "139 0000 0009", "", "", ""],
        ["Other Lead", "", "13900000010", "", "", ""],
    )


def test_duplicates_skip_by_normalised_name_or_mobile(org, existing):
    result = run(org, dup_table())
    assert (result.created, result.updated, result.skipped) == (1, 0, 2)


def test_duplicates_update_only_filled_cells(org, existing):
    tbl = table(["DUP LEAD", "New Co", "", "", "", ""])
    result = run(org, tbl, duplicates="update")
    assert (result.created, result.updated) == (0, 1)
    org.session.refresh(existing)
    assert (existing.company, existing.mobile) == ("New Co", "13900000009")


def test_duplicates_create_anyway(org, existing):
    result = run(org, dup_table(), duplicates="create")
    assert result.created == 3


def test_update_of_a_lead_outside_scope_is_a_row_error(org, existing):
    tbl = table(["Dup Lead", "New Co", "", "", "", ""])
    with pytest.raises(ImportRejected) as rejected:
        run(org, tbl, user="rep_b1", duplicates="update")
    assert [e.message for e in rejected.value.report.errors] == [
        "Matches an existing lead you cannot edit."
    ]
