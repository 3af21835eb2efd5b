"""Imports: file reading and limits, column mapping in both languages, per-row
report identical to the form's validation, duplicates, all-or-nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from dashboard.i18n import catalog
from models import AuditLog, Customer
from services import import_files
from services.customers import CustomerFilter, CustomerIn
from services.errors import PermissionDenied
from services.exports import export_customers
from services.import_files import (
    ImportFileError,
    Table,
    load_table,
    read_table,
    save_table,
)
from services.import_report import write_error_report
from services.imports import (
    ImportRejected,
    check_import,
    commit_import,
    suggest_mapping,
)
from tests.factories import make_customer

ZH = catalog("zh_CN")


def zh(msgid: str) -> str:
    return ZH.get(msgid, msgid)


HEADERS = ["Name", "Mobile", "Source", "Level", "Owner", "Remark"]


def table(*rows, headers=HEADERS) -> Table:
    return Table("t.csv", list(headers), [(n, list(r)) for n, r in enumerate(rows, 2)])


def customer_count(session, name_prefix: str = "") -> int:
    return session.scalar(
        select(func.count()).where(Customer.name.startswith(name_prefix))
    )


def run(org, tbl, user="rep_a1", **options):
    mapping = options.pop("mapping", None) or suggest_mapping(tbl.headers)
    return commit_import(org.session, org.actor(user), tbl, mapping, **options)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- mapping --------------------------------------------------------------------


def test_mapping_by_english_and_chinese_headers_and_aliases():
    translations = (str, zh)
    english = ["Name", "Mobile", "Level", "Owner", "Next follow-up", "Whatever"]
    chinese = [zh("Name"), zh("Mobile"), "客户级别", zh("Owner"), "备注", "客户名称"]

    assert suggest_mapping(english, translations) == [
        "name",
        "mobile",
        "level",
        "owner_id",
        "next_followup_at",
        None,
    ]
    # "客户名称" is also Name, but Name is taken by the first column.
    assert suggest_mapping(chinese, translations) == [
        "name",
        "mobile",
        "level",
        "owner_id",
        "remark",
        None,
    ]
    assert suggest_mapping([" e-MAIL ", "tags*"]) == ["email", "tags"]


# --- happy path -----------------------------------------------------------------


def test_import_creates_every_row_with_codes_owner_and_audit(org):
    tbl = table(
        ["Imported One", "13900000001", "Website", "A", "", "first"],
        ["Imported Two", "13900000002", "转介绍", "b", "rep_a1", None],
    )

    result = run(org, tbl, translations=(str, zh))

    assert (result.created, result.updated, result.skipped) == (2, 0, 0)
    one, two = org.session.scalars(
        select(Customer)
        .where(Customer.name.startswith("Imported"))
        .order_by(Customer.name)
    )
    assert (one.source, one.level, one.owner_id, one.remark) == (
        "web",
        "A",
        org.ids["rep_a1"],
        "first",
    )
    assert (two.source, two.level) == ("referral", "B")
    assert one.mobile_normalized == "13900000001"
    assert one.name_normalized == "importedone"
    actions = org.session.scalars(
        select(AuditLog.object_id).where(AuditLog.action == "customer.create")
    ).all()
    assert {one.id, two.id} <= set(actions)


def test_chinese_file_with_stage_region_tags_and_time(org):
    headers = [
        zh("Name"),
        zh("Stage"),
        zh("Province"),
        zh("City"),
        zh("Tags"),
        zh("Next follow-up"),
    ]
    tbl = table(
        [
            "深圳客户",
            zh("Intention"),
            "Guangdong",
            "深圳市",
            "大客户，华南",
            "2024-05-01 09:30",
        ],
        headers=headers,
    )

    result = commit_import(
        org.session,
        org.actor("rep_a1"),
        tbl,
        suggest_mapping(headers, (str, zh)),
        translations=(str, zh),
        timezone="Asia/Shanghai",
    )

    assert result.created == 1
    customer = org.session.scalar(select(Customer).where(Customer.name == "深圳客户"))
    assert (customer.stage, customer.province, customer.city) == (
        "intention",
        "广东省",
        "深圳市",
    )
    assert customer.tags == ["大客户", "华南"]
    assert customer.next_followup_at.isoformat() == "2024-05-01T01:30:00"


def test_an_export_can_be_imported_back(org, tmp_path):
    rep = org.actor("rep_a1")
    make_customer(
        org.session,
        rep,
        "Round Trip",
        mobile="13911112222",
        source="expo",
        remark="=not a formula",
    )
    exported = export_customers(
        org.session, rep, CustomerFilter(), fmt="csv", directory=tmp_path
    )
    org.session.query(Customer).delete()

    tbl = read_table("x.csv", exported.path.read_bytes())
    result = commit_import(org.session, rep, tbl, suggest_mapping(tbl.headers))

    assert result.created == 1
    customer = org.session.scalar(select(Customer))
    assert (customer.source, customer.remark) == ("expo", "=not a formula")


# --- report, all or nothing ------------------------------------------------------


def test_one_bad_row_writes_nothing_and_reports_row_field_message(org):
    before = customer_count(org.session)
    tbl = table(
        ["Good Co", "13900000001", "Website", "A", None, None],
        [None, "12345", "Martians", "Z", "nobody", None],
        ["Also Good", None, None, None, None, "x" * 2001],
    )

    with pytest.raises(ImportRejected) as rejected:
        run(org, tbl)

    assert customer_count(org.session) == before
    problems = {(e.row, e.field, e.message) for e in rejected.value.report.errors}
    assert problems == {
        (3, "name", "Name is required."),
        (
            3,
            "mobile",
            CustomerIn(mobile="12345")
            .cleaned()
            .field_errors(org.session, org.actor("rep_a1"))["mobile"],
        ),
        (3, "source", "Choose a value from the list."),
        (3, "level", "Choose a value from the list."),
        (3, "owner_id", "Choose an active user within your scope."),
        (4, "remark", "At most 2000 characters."),
    }
    assert rejected.value.params == {"count": 6}


def test_owner_outside_scope_is_a_row_error(org):
    tbl = table(
        ["Sneaky", None, None, None, "rep_b1", None],
        ["Fine", None, None, None, "Rep A1", None],
    )

    report = check_import(
        org.session, org.actor("rep_a1"), tbl, suggest_mapping(tbl.headers)
    )

    assert [(e.row, e.field) for e in report.errors] == [(2, "owner_id")]
    assert [n for n, _ in report.to_create] == [3]


def test_leader_may_import_for_a_team_member(org):
    tbl = table(["For A2", None, None, None, "rep_a2", None])
    run(org, tbl, user="leader_a")
    owner = org.session.scalar(
        select(Customer.owner_id).where(Customer.name == "For A2")
    )
    assert owner == org.ids["rep_a2"]


def test_import_needs_the_import_permission(org):
    with pytest.raises(PermissionDenied):
        run(org, table(["X", None, None, None, None, None]), user="exec")


def test_a_missing_name_column_is_reported(org):
    tbl = table(["x"], headers=["Mobile"])
    report = check_import(org.session, org.actor("rep_a1"), tbl, ["mobile"])
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (1, "name", "Map a column to Name.")
    ]


def test_user_mapping_overrides_the_suggestion(org):
    tbl = table(["Mapped", "not a phone"], headers=["Col A", "Col B"])
    result = run(org, tbl, mapping=["name", "remark"])
    assert result.created == 1
    assert (
        org.session.scalar(select(Customer.remark).where(Customer.name == "Mapped"))
        == "not a phone"
    )


def test_error_report_file(org, tmp_path):
    tbl = table([None, "12345", None, None, None, None])
    report = check_import(
        org.session, org.actor("rep_a1"), tbl, suggest_mapping(tbl.headers)
    )

    path = write_error_report(report.errors, translate=zh, directory=tmp_path)

    workbook = openpyxl.load_workbook(path)
    rows = [[c.value for c in r] for r in workbook.active.iter_rows()]
    workbook.close()
    assert rows[0] == [zh("Row"), zh("Field"), zh("Value"), zh("Problem")]
    assert [r[:3] for r in rows[1:]] == [
        [2, zh("Name"), None],
        [2, zh("Mobile"), "12345"],
    ]


# --- duplicates ------------------------------------------------------------------


@pytest.fixture
def existing(org):
    return make_customer(
        org.session,
        org.actor("rep_a1"),
        "Existing Co",
        mobile="13900000009",
        remark="old",
        level="C",
    )


def dup_table():
    return table(
        ["EXISTING co", None, None, "A", None, None],
        ["Brand New", "139 0000 0009", None, None, None, None],
        ["Fresh", None, None, None, None, None],
    )


def test_duplicates_skip(org, existing):
    result = run(org, dup_table(), duplicates="skip")
    assert (result.created, result.updated, result.skipped) == (1, 0, 2)
    assert customer_count(org.session, "Existing") == 1


def test_duplicates_update_only_filled_cells(org, existing):
    tbl = table(
        ["EXISTING co", None, None, "A", None, None],
        ["Fresh", None, None, None, None, None],
    )
    result = run(org, tbl, duplicates="update")

    assert (result.created, result.updated, result.skipped) == (1, 1, 0)
    org.session.refresh(existing)
    assert (existing.level, existing.remark, existing.mobile) == (
        "A",
        "old",
        "13900000009",
    )


def test_duplicates_create(org, existing):
    result = run(org, dup_table(), duplicates="create")
    assert (result.created, result.updated, result.skipped) == (3, 0, 0)


def test_update_of_a_customer_outside_scope_is_a_row_error(org):
    make_customer(org.session, org.actor("rep_b1"), "Theirs")
    tbl = table(["Theirs", None, None, "A", None, None])
    with pytest.raises(ImportRejected) as rejected:
        run(org, tbl, duplicates="update")
    assert [e.message for e in rejected.value.report.errors] == [
        "Matches an existing customer you cannot edit."
    ]


def test_same_customer_twice_in_one_file(org):
    tbl = table(
        ["Twice", None, None, None, None, None],
        ["twice ", None, None, None, None, None],
    )
    with pytest.raises(ImportRejected) as rejected:
        run(org, tbl)
    assert [(e.row, e.params) for e in rejected.value.report.errors] == [
        (3, {"row": 2})
    ]


# --- files and limits --------------------------------------------------------------


def test_xlsx_with_numbers_and_dates_is_read_as_text():
    content = xlsx_bytes(
        [
            ["Name", "Mobile", None],
            ["Acme", 13912345678, None],
            [None, None, None],
            ["Beta", 13912345679.0, None],
        ]
    )
    tbl = read_table("a.xlsx", content)
    assert tbl.headers == ["Name", "Mobile"]
    assert tbl.rows == [(2, ["Acme", "13912345678"]), (4, ["Beta", "13912345679"])]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_utf8_or_gb18030(encoding):
    content = "名称;手机\n深圳客户;13900000001\n".encode(encoding)
    tbl = read_table("a.csv", content)
    assert tbl.headers == ["名称", "手机"]
    assert tbl.rows == [(2, ["深圳客户", "13900000001"])]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("logo.xlsx", PNG, "This is not a valid .xlsx file."),
        ("logo.csv", PNG, "This is not a text (CSV) file."),
        ("broken.xlsx", b"PK\x03\x04garbage", "This is not a valid .xlsx file."),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0" + b"\x00" * 64,
            "Old .xls files cannot be imported: save it as .xlsx or .csv.",
        ),
        (
            "bad.csv",
            b"\xff\xfe\xfa\x80\x81 name",
            "The CSV file could not be read: save it as UTF-8 (or GB18030) text.",
        ),
        ("empty.csv", b"", "The file is empty."),
        ("blank.csv", b"\n,,\n", "The file is empty."),
        ("photo.png", b"hello", "Only .xlsx and .csv files can be imported."),
    ],
)
def test_unreadable_files_give_a_message(filename, content, message):
    with pytest.raises(ImportFileError) as error:
        read_table(filename, content)
    assert error.value.message == message


def test_size_and_row_limits(monkeypatch):
    monkeypatch.setattr(import_files, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportFileError) as too_big:
        read_table("a.csv", b"Name\n" + b"x" * 200)
    assert too_big.value.params == {"limit": 0}

    monkeypatch.setattr(import_files, "MAX_FILE_BYTES", 10_000)
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    read_table("a.csv", b"Name\na\nb\nc\n")
    with pytest.raises(ImportFileError) as too_long:
        read_table("a.csv", b"Name\na\nb\nc\nd\n")
    assert too_long.value.message.startswith("The file has more than {limit} rows")


def test_a_saved_upload_belongs_to_its_user(tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "UPLOAD_DIR", tmp_path)
    tbl = table(["A", None, None, None, None, None])
    token = save_table(7, tbl)

    assert load_table(7, token) == tbl
    for user_id, bad_token in ((8, token), (7, "../../etc/passwd"), (7, "0" * 32)):
        with pytest.raises(ImportFileError):
            load_table(user_id, bad_token)
