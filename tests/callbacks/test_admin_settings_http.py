"""Dictionaries admin and operation log over HTTP: a rep calling the callbacks
directly gets "no permission" and changes nothing; an admin's calls work."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

from dashboard.callback_client import call_callback
from dashboard.callbacks.admin_dictionaries import (
    add_entry,
    load_entries,
    open_edit,
    row_action,
    save_edit,
)
from dashboard.callbacks.admin_operation_log import export_csv, load_log, open_diff
from dashboard.ids import AdminDictionaries, AdminLog
from models import AuditLog, DictionaryEntry
from tests.callbacks.conftest import dash_response, login

DENIED = "You do not have permission to do this."
GENERIC_ERROR = "Something went wrong"


def entries(world) -> list[tuple]:
    with world.database.read_only() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    DictionaryEntry.kind,
                    DictionaryEntry.code,
                    DictionaryEntry.label_en,
                    DictionaryEntry.label_zh,
                    DictionaryEntry.sort_order,
                    DictionaryEntry.is_active,
                ).order_by(DictionaryEntry.id)
            )
        ]


def entry_id(world, kind: str, code: str) -> int:
    with world.database.read_only() as session:
        return session.scalar(
            select(DictionaryEntry.id).where(
                DictionaryEntry.kind == kind, DictionaryEntry.code == code
            )
        )


def audit_count(world) -> int:
    with world.database.read_only() as session:
        return session.scalar(select(func.count()).select_from(AuditLog))


def selected(world, code="web") -> list[dict]:
    return [{"id": str(entry_id(world, "customer_source", code)), "code": code}]


def body(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


@pytest.fixture
def rep(client, world):
    login(client, "rep_a1")
    return client


@pytest.fixture
def admin(client, world):
    login(client, "admin")
    return client


ROW_BUTTONS = [
    AdminDictionaries.UP,
    AdminDictionaries.DOWN,
    AdminDictionaries.TOGGLE,
    AdminDictionaries.DELETE_CONFIRM,
]


# a rep changes nothing ------------------------------------------------------------


def test_rep_cannot_list_entries(rep, app):
    response = call_callback(rep, app, load_entries, "customer_source", 0)

    outputs = dash_response(response)
    assert outputs[AdminDictionaries.GRID]["rowData"] == []
    assert DENIED in body(response)


def test_rep_cannot_add_an_entry(rep, app, world):
    before, audits = entries(world), audit_count(world)

    response = call_callback(
        rep, app, add_entry, 1, "customer_source", "传真", "Fax", "fax", 0
    )

    assert DENIED in body(response)
    assert GENERIC_ERROR not in body(response)
    assert AdminDictionaries.REFRESH not in dash_response(response)
    assert entries(world) == before
    assert audit_count(world) == audits


@pytest.mark.parametrize("button", ROW_BUTTONS)
def test_rep_cannot_move_toggle_or_delete(rep, app, world, button):
    before, audits = entries(world), audit_count(world)

    response = call_callback(
        rep,
        app,
        row_action,
        1,
        1,
        1,
        1,
        selected(world, "web"),
        0,
        changed=f"{button}.n_clicks",
    )

    assert DENIED in body(response)
    assert entries(world) == before
    assert audit_count(world) == audits


def test_rep_cannot_open_or_save_the_edit_dialog(rep, app, world):
    before = entries(world)
    web = entry_id(world, "customer_source", "web")

    opened = dash_response(call_callback(rep, app, open_edit, 1, selected(world)))
    saved = call_callback(rep, app, save_edit, 1, web, "网站", "Web", 0)

    assert opened[AdminDictionaries.EDIT_MODAL]["is_open"] is False
    assert DENIED in json.dumps(opened)
    assert DENIED in body(saved)
    assert entries(world) == before


def test_rep_cannot_search_or_export_the_log(rep, app):
    args = (None, None, None, None, None, None)

    listed = call_callback(rep, app, load_log, *args, "20", 1)
    exported = call_callback(rep, app, export_csv, 1, *args)
    diff = call_callback(rep, app, open_diff, {"rowId": "1", "colId": "changes_label"})

    assert dash_response(listed)[AdminLog.GRID]["rowData"] == []
    assert DENIED in body(listed)
    assert AdminLog.DOWNLOAD not in dash_response(exported)
    assert DENIED in body(exported)
    assert dash_response(diff)[AdminLog.DIFF_MODAL]["is_open"] is False


# an admin's calls work --------------------------------------------------------


def test_admin_adds_moves_disables_and_sees_it_in_the_log(admin, app, world):
    added = dash_response(
        call_callback(admin, app, add_entry, 1, "customer_source", "传真", "Fax", "", 0)
    )
    assert "Entry added with code fax." in json.dumps(added)
    assert added[AdminDictionaries.REFRESH]["data"] == 1

    fax = [{"id": str(entry_id(world, "customer_source", "fax"))}]
    call_callback(admin, app, row_action, 1, None, None, None, fax, 1)
    call_callback(
        admin,
        app,
        row_action,
        None,
        None,
        1,
        None,
        selected(world, "web"),
        2,
        changed=f"{AdminDictionaries.TOGGLE}.n_clicks",
    )

    sources = [e for e in entries(world) if e[0] == "customer_source"]
    order = [code for _k, code, *_rest in sorted(sources, key=lambda e: e[4])]
    assert order == ["referral", "web", "fax", "expo"]
    assert [e[5] for e in sources if e[1] == "web"] == [False]

    log = dash_response(
        call_callback(
            admin,
            app,
            load_log,
            None,
            "dictionary_entry",
            None,
            None,
            None,
            None,
            "20",
            1,
        )
    )
    actions = [row["action_label"] for row in log[AdminLog.GRID]["rowData"]]
    assert actions == [
        "Dictionary entry disabled",
        "Dictionary entry moved",
        "Dictionary entry added",
    ]


def test_admin_opens_a_diff_and_exports_csv(admin, app, world):
    call_callback(
        admin,
        app,
        save_edit,
        1,
        entry_id(world, "customer_source", "web"),
        "网站",
        "=Web",
        0,
    )
    with world.database.read_only() as session:
        log_id = session.scalar(
            select(AuditLog.id).where(AuditLog.action == "dictionary.update")
        )

    diff = dash_response(
        call_callback(
            admin, app, open_diff, {"rowId": str(log_id), "colId": "changes_label"}
        )
    )
    exported = dash_response(
        call_callback(
            admin, app, export_csv, 1, None, None, None, "dictionary.update", None, None
        )
    )

    assert diff[AdminLog.DIFF_MODAL]["is_open"] is True
    table = json.dumps(diff[AdminLog.DIFF_BODY]["children"], ensure_ascii=False)
    assert "English label" in table and "Website" in table and "=Web" in table
    download = exported[AdminLog.DOWNLOAD]["data"]
    assert download["filename"].endswith(".csv")
    text = base64.b64decode(download["content"]).decode("utf-8")
    assert text.startswith("\ufeffTime,User,Action")
    assert "English label: Website → =Web" in text
    assert "Dictionary entry edited" in text
