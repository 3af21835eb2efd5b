"""The operation log page's services: search with filters and server paging, the
before/after view, CSV export (formula-safe), audit.view, and no way to change
a log row."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import event, select

import services.operation_log as operation_log
from models import AuditLog, User
from services.customers import CustomerIn, update_customer
from services.dictionary_admin import EntryIn, create_entry, set_entry_active
from services.errors import NotFound, PermissionDenied
from services.operation_log import (
    LogExportTooLarge,
    LogFilter,
    csv_safe,
    export_log_csv,
    get_log_entry,
    log_user_options,
    search_log,
)
from tests.factories import make_customer

SERVICES = Path(__file__).resolve().parents[2] / "services"
# 2024-03-01 00:30 in Shanghai is 2024-02-29 16:30 UTC (stored naive UTC).
MIDNIGHT_SHANGHAI = dt.datetime(2024, 2, 29, 16, 0)


def add_log(
    org,
    action="probe.touch",
    object_type="probe",
    object_id=1,
    *,
    actor=None,
    at=MIDNIGHT_SHANGHAI,
    before=None,
    after=None,
) -> AuditLog:
    row = AuditLog(
        actor_id=org.ids[actor] if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        created_at=at,
    )
    org.session.add(row)
    org.session.flush()
    return row


def search(org, viewer="admin", **filters):
    return search_log(org.session, org.actor(viewer), LogFilter(**filters))


def ids(page) -> list[int]:
    return [row["id"] for row in page.rows]


def export_rows(org, viewer="admin", **filters) -> list[list[str]]:
    data = export_log_csv(org.session, org.actor(viewer), LogFilter(**filters))
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# permission -------------------------------------------------------------------


@pytest.mark.parametrize("user", ["rep_a1", "leader_a"])
def test_without_audit_view_everything_is_refused(org, user):
    row = add_log(org)
    actor = org.actor(user)

    for call in (
        lambda: search_log(org.session, actor, LogFilter()),
        lambda: get_log_entry(org.session, actor, row.id),
        lambda: export_log_csv(org.session, actor, LogFilter()),
        lambda: log_user_options(org.session, actor),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_executive_with_audit_view_may_search(org):
    row = add_log(org, actor="rep_a1")

    assert row.id in ids(search(org, "exec", object_type="probe"))


# filters ----------------------------------------------------------------------


def test_filter_by_user(org):
    mine = add_log(org, actor="rep_a1")
    add_log(org, actor="rep_b1")
    add_log(org)  # system

    page = search(org, actor_id=org.ids["rep_a1"], object_type="probe")

    assert ids(page) == [mine.id]
    assert page.rows[0]["actor"] == "Rep A1"


def test_filter_by_object_type_and_id(org):
    target = add_log(org, object_type="probe", object_id=7)
    add_log(org, object_type="probe", object_id=8)
    add_log(org, object_type="other", object_id=7)

    assert ids(search(org, object_type="probe", object_id=7)) == [target.id]
    assert len(search(org, object_id=7).rows) >= 2


def test_filter_by_action(org):
    target = add_log(org, action="probe.special")
    add_log(org, action="probe.touch")

    assert ids(search(org, action="probe.special")) == [target.id]


def test_period_is_in_company_time(org):
    late = add_log(org, at=MIDNIGHT_SHANGHAI + dt.timedelta(minutes=30))  # 03-01 00:30
    early = add_log(org, at=MIDNIGHT_SHANGHAI - dt.timedelta(minutes=30))  # 02-29 23:30

    march_first = dt.date(2024, 3, 1)
    leap_day = dt.date(2024, 2, 29)
    assert ids(search(org, object_type="probe", date_from=march_first)) == [late.id]
    assert ids(search(org, object_type="probe", date_to=leap_day)) == [early.id]
    assert ids(
        search(org, object_type="probe", date_from=leap_day, date_to=leap_day)
    ) == [early.id]
    utc = search(org, object_type="probe", date_from=march_first, timezone="UTC")
    assert ids(utc) == []  # both are on 02-29 in UTC


def test_filters_combine(org):
    target = add_log(org, action="probe.a", object_id=1, actor="rep_a1")
    add_log(org, action="probe.a", object_id=1, actor="rep_b1")
    add_log(org, action="probe.b", object_id=1, actor="rep_a1")

    page = search(
        org,
        actor_id=org.ids["rep_a1"],
        object_type="probe",
        object_id=1,
        action="probe.a",
        date_from=dt.date(2024, 2, 1),
        date_to=dt.date(2024, 3, 31),
    )

    assert ids(page) == [target.id]


def test_real_service_changes_appear_with_their_diff(org):
    rep = org.actor("rep_a1")
    customer = make_customer(org.session, rep, "Acme", mobile="13800000000")
    update_customer(
        org.session,
        rep,
        customer.id,
        CustomerIn(name="Acme Group", mobile="13800000000"),
        expected_version=customer.version,
    )

    page = search(org, object_type="customer", object_id=customer.id)

    assert [row["action"] for row in page.rows] == [
        "customer.update",
        "customer.create",
    ]
    assert page.rows[0]["changes"] == [
        {"field": "name", "before": "Acme", "after": "Acme Group"}
    ]


# paging -----------------------------------------------------------------------


def test_pages_are_newest_first_without_overlap(org):
    rows = [
        add_log(org, object_id=n, at=MIDNIGHT_SHANGHAI + dt.timedelta(minutes=n))
        for n in range(25)
    ]

    pages = [search(org, object_type="probe", page=n, page_size=10) for n in (1, 2, 3)]

    assert [p.total for p in pages] == [25, 25, 25]
    assert pages[0].page_count == 3
    assert [len(p.rows) for p in pages] == [10, 10, 5]
    assert sum((ids(p) for p in pages), []) == [r.id for r in reversed(rows)]


def test_page_past_the_end_shows_the_last_page(org):
    for n in range(3):
        add_log(org, object_id=n)

    page = search(org, object_type="probe", page=99, page_size=2)

    assert (page.page, len(page.rows)) == (2, 1)


def test_same_time_entries_are_ordered_by_id(org):
    first, second = add_log(org), add_log(org)

    assert ids(search(org, object_type="probe")) == [second.id, first.id]


# before/after -----------------------------------------------------------------


def test_entry_lists_each_changed_field(org):
    row = add_log(
        org,
        before={"name": "Acme", "mobile": "1", "remark": None},
        after={"name": "Acme Group", "mobile": "1", "remark": "VIP"},
    )

    entry = get_log_entry(org.session, org.actor("admin"), row.id)

    assert entry["changes"] == [
        {"field": "name", "before": "Acme", "after": "Acme Group"},
        {"field": "remark", "before": None, "after": "VIP"},
    ]


def test_creation_and_deletion_entries_show_one_side(org):
    created = add_log(org, after={"name": "Acme"})
    deleted = add_log(org, before={"name": "Acme"})

    admin = org.actor("admin")
    assert get_log_entry(org.session, admin, created.id)["changes"] == [
        {"field": "name", "before": None, "after": "Acme"}
    ]
    assert get_log_entry(org.session, admin, deleted.id)["changes"] == [
        {"field": "name", "before": "Acme", "after": None}
    ]


def test_missing_entry_is_not_found(org):
    with pytest.raises(NotFound):
        get_log_entry(org.session, org.actor("admin"), 987654321)


def test_dictionary_changes_are_in_the_log(org):
    admin = org.actor("admin")
    created = create_entry(org.session, admin, EntryIn("industry", "Retail", "零售"))
    set_entry_active(org.session, admin, created.id, active=False)

    page = search(org, object_type="dictionary_entry", object_id=created.id)

    assert [r["action"] for r in page.rows] == [
        "dictionary.disable",
        "dictionary.create",
    ]
    assert page.rows[0]["changes"] == [
        {"field": "is_active", "before": True, "after": False}
    ]


# user options -----------------------------------------------------------------


def test_user_options_include_disabled_users(org):
    org.session.get(User, org.ids["rep_b1"]).is_active = False
    org.session.flush()

    names = [name for _id, name in log_user_options(org.session, org.actor("admin"))]

    assert "Rep B1" in names
    assert names == sorted(names)


# CSV export -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (42, "42"),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_export_has_a_bom_headers_and_the_filtered_rows(org):
    add_log(
        org,
        actor="rep_a1",
        object_id=5,
        before={"name": "Acme"},
        after={"name": "Acme Group"},
    )
    add_log(org, actor="rep_b1", object_id=6)

    rows = export_rows(org, object_type="probe", actor_id=org.ids["rep_a1"])

    assert rows[0] == ["Time", "User", "Action", "Object type", "Object ID", "Changes"]
    assert rows[1:] == [
        [
            "2024-03-01 00:00:00",
            "Rep A1",
            "probe.touch",
            "probe",
            "5",
            "name: Acme → Acme Group",
        ]
    ]


def test_export_neutralises_formulas_in_every_cell(org):
    org.session.get(User, org.ids["rep_a1"]).display_name = '=HYPERLINK("x")'
    org.session.flush()
    add_log(
        org,
        action="@probe",
        object_type="-probe",
        actor="rep_a1",
        before={"+field": "=old"},
        after={"+field": "=new"},
    )

    (row,) = export_rows(org, object_type="-probe")[1:]

    assert row[1] == '\'=HYPERLINK("x")'
    assert row[2] == "'@probe"
    assert row[3] == "'-probe"
    assert row[5] == "'+field: =old → =new"
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_export_translates_headers_and_labels(org):
    add_log(org, before={"name": "A"}, after={"name": "B"})

    data = export_log_csv(
        org.session,
        org.actor("admin"),
        LogFilter(object_type="probe"),
        translate=lambda text: {"User": "用户", "System": "系统"}.get(text, text),
        action_label=lambda action: "探测",
        field_label=lambda field: "名称",
    )

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][1] == "用户"
    assert rows[1][1:3] == ["系统", "探测"]
    assert rows[1][5] == "名称: A → B"


def test_export_refuses_too_many_rows(org, monkeypatch):
    monkeypatch.setattr(operation_log, "MAX_EXPORT_ROWS", 2)
    for n in range(3):
        add_log(org, object_id=n)

    with pytest.raises(LogExportTooLarge):
        export_log_csv(org.session, org.actor("admin"), LogFilter(object_type="probe"))


# read-only --------------------------------------------------------------------


def _writes_to_audit_log(tree: ast.AST) -> list[str]:
    """Calls like update(AuditLog) / delete(AuditLog) or raw UPDATE/DELETE of
    audit_log in a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in (
            "update",
            "delete",
        ):
            if any(getattr(arg, "id", None) == "AuditLog" for arg in node.args):
                found.append(ast.unparse(node))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.lower()
            if "audit_log" in text and ("update " in text or "delete " in text):
                found.append(node.value)
    return found


def test_no_service_updates_or_deletes_log_rows():
    offenders = {
        str(path.relative_to(SERVICES)): hits
        for path in SERVICES.rglob("*.py")
        if (hits := _writes_to_audit_log(ast.parse(path.read_text())))
    }

    assert offenders == {}


def test_log_services_never_change_a_log_row(org):
    row = add_log(org, before={"name": "A"}, after={"name": "B"})
    changes = []

    @event.listens_for(org.session, "before_flush")
    def watch(session, _context, _instances):
        changes.extend(
            obj
            for obj in (*session.dirty, *session.deleted)
            if isinstance(obj, AuditLog)
        )

    @event.listens_for(org.session, "do_orm_execute")
    def watch_statements(state):
        if (state.is_update or state.is_delete) and state.bind_mapper is not None:
            if state.bind_mapper.class_ is AuditLog:
                changes.append(state.statement)

    admin = org.actor("admin")
    search_log(org.session, admin, LogFilter())
    get_log_entry(org.session, admin, row.id)
    export_log_csv(org.session, admin, LogFilter())
    log_user_options(org.session, admin)
    org.session.flush()

    assert changes == []
    org.session.expire_all()
    stored = org.session.scalar(select(AuditLog).where(AuditLog.id == row.id))
    assert (stored.before, stored.after) == ({"name": "A"}, {"name": "B"})


def test_operation_log_module_offers_no_write_function():
    public = [
        name
        for name in dir(operation_log)
        if callable(getattr(operation_log, name)) and not name.startswith("_")
    ]
    writers = [
        name
        for name in public
        if name.split("_")[0] in {"update", "delete", "edit", "remove", "purge", "set"}
    ]

    assert writers == []
