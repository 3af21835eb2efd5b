"""Exports: scope, selection, translated headers and labels, formula-safe cells,
streaming in batches, CSV encoding."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest
from sqlalchemy import insert

from dashboard.i18n import catalog
from models import Customer
from models.base import utcnow
from services.contacts import ContactFilter
from services.customers import CustomerFilter
from services.errors import PermissionDenied
from services.export_writers import FORMULA_TRIGGERS, open_writer
from services.exports import (
    ExportTooLarge,
    NothingSelected,
    export_contacts,
    export_customers,
)
from services.users import create_user
from tests.factories import (
    VISIBLE_OWNERS,
    customer_per_owner,
    make_contact,
    make_customer,
)

ZH = catalog("zh_CN")


def zh(msgid: str) -> str:
    return ZH.get(msgid, msgid)


def read_xlsx(path) -> list[list]:
    workbook = openpyxl.load_workbook(path)
    rows = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    workbook.close()
    return rows


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def as_dicts(rows: list[list]) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def exported(tmp_path):
    """Run an export into tmp_path; the file is removed by pytest."""

    def run(function, session, actor, flt, **options):
        options.setdefault("directory", tmp_path)
        return function(session, actor, flt, **options)

    return run


@pytest.mark.parametrize("viewer", sorted(VISIBLE_OWNERS))
def test_export_contains_exactly_the_viewers_scope(org, exported, viewer):
    customer_per_owner(org)
    result = exported(
        export_customers, org.session, org.actor(viewer), CustomerFilter()
    )
    names = {row["Name"] for row in as_dicts(read_xlsx(result.path))}

    assert names == {f"Customer of {owner}" for owner in VISIBLE_OWNERS[viewer]}
    assert result.row_count == len(VISIBLE_OWNERS[viewer])


def test_rep_cannot_export_another_reps_customer_by_selecting_its_id(org, exported):
    customers = customer_per_owner(org)
    ids = [customers["rep_a1"].id, customers["rep_b1"].id]

    result = exported(
        export_customers,
        org.session,
        org.actor("rep_a1"),
        CustomerFilter(),
        ids=ids,
        fmt="csv",
    )

    assert [r["Name"] for r in as_dicts(read_csv(result.path))] == [
        "Customer of rep_a1"
    ]


def test_export_needs_the_export_permission(org, exported):
    org.add_user("fin", "finance", org.company)
    with pytest.raises(PermissionDenied):
        exported(export_customers, org.session, org.actor("fin"), CustomerFilter())


def test_an_empty_selection_is_refused_rather_than_exporting_everything(org, exported):
    with pytest.raises(NothingSelected):
        exported(
            export_customers, org.session, org.actor("rep_a1"), CustomerFilter(), ids=[]
        )


def test_export_follows_the_list_filters_and_sort(org, exported):
    rep = org.actor("rep_a1")
    for name, level in (("Beta", "A"), ("Alpha", "A"), ("Gamma", "B")):
        make_customer(org.session, rep, name, level=level)

    result = exported(
        export_customers,
        org.session,
        rep,
        CustomerFilter(level="A", sort="name", descending=False),
    )

    assert [r["Name"] for r in as_dicts(read_xlsx(result.path))] == ["Alpha", "Beta"]


def test_headers_and_labels_are_in_the_users_language(org, exported):
    make_customer(
        org.session,
        org.actor("rep_a1"),
        "上海贸易",
        source="web",
        industry="it",
        stage="intention",
        province="广东省",
        city="深圳市",
    )

    zh_rows = as_dicts(
        read_xlsx(
            exported(
                export_customers,
                org.session,
                org.actor("rep_a1", language="zh_CN"),
                CustomerFilter(),
                translate=zh,
            ).path
        )
    )
    en_rows = as_dicts(
        read_xlsx(
            exported(
                export_customers, org.session, org.actor("rep_a1"), CustomerFilter()
            ).path
        )
    )

    assert zh_rows[0][zh("Name")] == "上海贸易"
    assert zh_rows[0][zh("Source")] == "官网"
    assert zh_rows[0][zh("Industry")] == "信息技术"
    assert zh_rows[0][zh("Stage")] == zh("Intention")
    assert zh_rows[0][zh("City")] == "深圳市"
    assert (en_rows[0]["Source"], en_rows[0]["Stage"]) == ("Website", "Intention")
    assert (en_rows[0]["Province"], en_rows[0]["City"]) == ("Guangdong", "Shenzhen")
    assert en_rows[0]["Owner"] == "Rep A1"


DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("x")']
# Forms strip surrounding whitespace: what the stored addresses hold.
STORED = {text.strip() for text in DANGEROUS}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_no_cell_is_ever_a_formula(org, exported, fmt):
    rep = org.actor("rep_a1")
    for number, text in enumerate(DANGEROUS):
        make_customer(org.session, rep, f"{text} {number}", address=text, remark=text)

    result = exported(export_customers, org.session, rep, CustomerFilter(), fmt=fmt)

    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(result.path)
        cells = [cell for row in workbook.active.iter_rows() for cell in row]
        workbook.close()
        assert [c.coordinate for c in cells if c.data_type == "f"] == []
        texts = {c.value for c in cells if isinstance(c.value, str)}
        # Shown literally: the text is stored unchanged, as text.
        assert STORED <= texts
    else:
        cells = [value for row in read_csv(result.path) for value in row]
        assert [v for v in cells if v.startswith(FORMULA_TRIGGERS)] == []
        assert {"'" + text for text in STORED} <= set(cells)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_writers_neutralise_leading_tab_and_carriage_return(tmp_path, fmt):
    path = tmp_path / f"raw.{fmt}"
    writer = open_writer(fmt, path, ["=header"], "Sheet")
    writer.write_rows([[text] for text in DANGEROUS])
    writer.close()

    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(path)
        cells = [row[0] for row in workbook.active.iter_rows()]
        workbook.close()
        assert {c.data_type for c in cells} == {"s"}
        # xlsx escapes a carriage return as _x000D_; openpyxl leaves it escaped.
        values = [c.value.replace("_x000D_", "\r") for c in cells]
        assert values == ["=header", *DANGEROUS]
        assert all(c.quotePrefix for c in cells)
    else:
        assert [row[0] for row in read_csv(path)] == [
            "'=header",
            *("'" + text for text in DANGEROUS),
        ]


def test_csv_is_utf8_with_a_bom_for_excel(org, exported):
    make_customer(org.session, org.actor("rep_a1"), "深圳客户")

    result = exported(
        export_customers,
        org.session,
        org.actor("rep_a1"),
        CustomerFilter(),
        fmt="csv",
        translate=zh,
    )

    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "深圳客户" in raw.decode("utf-8-sig")
    assert result.filename.endswith(".csv")


def test_times_are_exported_in_company_time(org, exported):
    customer = make_customer(
        org.session,
        org.actor("rep_a1"),
        "Timed",
        next_followup_at=dt.datetime(2024, 5, 1, 1, 30),
    )

    result = exported(
        export_customers,
        org.session,
        org.actor("rep_a1"),
        CustomerFilter(ids=(customer.id,)),
        timezone="Asia/Shanghai",
    )

    assert as_dicts(read_xlsx(result.path))[0]["Next follow-up"] == dt.datetime(
        2024, 5, 1, 9, 30
    )


def test_five_thousand_rows_stream_in_batches(org, exported, session):
    rep_id = org.ids["rep_a1"]
    now = utcnow()
    session.execute(
        insert(Customer),
        [
            {
                "name": f"Bulk {n:05d}",
                "name_normalized": f"bulk {n:05d}",
                "stage": "potential",
                "owner_id": rep_id,
                "tags": [],
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for n in range(5000)
        ],
    )

    for fmt in ("xlsx", "csv"):
        result = exported(
            export_customers,
            session,
            org.actor("rep_a1"),
            CustomerFilter(sort="name", descending=False),
            fmt=fmt,
            batch_size=500,
        )
        rows = read_xlsx(result.path) if fmt == "xlsx" else read_csv(result.path)

        assert result.batch_count == 10
        assert result.row_count == 5000
        assert len(rows) == 5001
        assert rows[1][0] == "Bulk 00000" and rows[-1][0] == "Bulk 04999"


def test_too_many_rows_give_a_clear_message(org, exported, monkeypatch):
    import services.exports

    monkeypatch.setattr(services.exports, "MAX_EXPORT_ROWS", 1)
    rep = org.actor("rep_a1")
    make_customer(org.session, rep, "One")
    make_customer(org.session, rep, "Two")

    with pytest.raises(ExportTooLarge) as error:
        exported(export_customers, org.session, rep, CustomerFilter())
    assert error.value.params == {"count": "2", "limit": "1"}


def test_contacts_export_in_scope_with_search_and_selection(org, exported):
    customers = customer_per_owner(org)
    a1 = make_contact(
        org.session,
        org.actor("rep_a1"),
        customers["rep_a1"],
        "Wang Fang",
        is_primary=True,
    )
    make_contact(org.session, org.actor("rep_a1"), customers["rep_a1"], "Li Lei")
    make_contact(org.session, org.actor("rep_b1"), customers["rep_b1"], "Wang Bo")
    rep = org.actor("rep_a1")

    everything = as_dicts(
        read_xlsx(exported(export_contacts, org.session, rep, ContactFilter()).path)
    )
    searched = as_dicts(
        read_xlsx(
            exported(
                export_contacts, org.session, rep, ContactFilter(search="wang")
            ).path
        )
    )
    selected = as_dicts(
        read_csv(
            exported(
                export_contacts,
                org.session,
                rep,
                ContactFilter(),
                ids=[a1.id],
                fmt="csv",
            ).path
        )
    )

    assert {r["Name"] for r in everything} == {"Wang Fang", "Li Lei"}
    assert [r["Name"] for r in searched] == ["Wang Fang"]
    assert selected == [selected[0]]
    assert selected[0]["Customer"] == "Customer of rep_a1"
    assert selected[0]["Primary contact"] == "Yes"


def test_owner_is_shown_by_display_name(org, exported):
    user = create_user(
        org.session,
        None,
        username="gone",
        password="Secret-123",
        display_name="Gone User",
        role_code="rep",
        team_id=org.team_a.id,
    )
    org.ids["gone"] = user.id
    make_customer(org.session, org.actor("gone"), "Orphaned")
    result = exported(
        export_customers,
        org.session,
        org.actor("admin"),
        CustomerFilter(search="Orphaned"),
    )
    assert as_dicts(read_xlsx(result.path))[0]["Owner"] == "Gone User"


def test_leads_export_in_scope_with_translated_status(org, exported):
    from services.lead_exports import export_leads
    from services.leads import LeadFilter
    from tests.factories import make_lead

    make_lead(org.session, org.actor("rep_a1"), "Lead of A1", company="Acme")
    make_lead(org.session, org.actor("rep_b1"), "Lead of B1")

    result = exported(export_leads, org.session, org.actor("rep_a1"), LeadFilter())

    rows = as_dicts(read_xlsx(result.path))
    assert [(r["Name"], r["Company"], r["Status"]) for r in rows] == [
        ("Lead of A1", "Acme", "New")
    ]
