"""The downloadable per-row problem report of an import (.xlsx or .csv)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from services.export_writers import FORMATS, open_writer
from services.exports import Translate
from services.import_rows import CUSTOMER_FIELDS, FieldMap
from services.imports import RowError
from services.msgid import N_

REPORT_HEADERS = (N_("Row"), N_("Field"), N_("Value"), N_("Problem"))


def field_label(
    name: str, translate: Translate = str, fields: FieldMap = CUSTOMER_FIELDS
) -> str:
    msgid = fields.get(name, (name, ()))[0]
    return translate(msgid)


def message_text(error: RowError, translate: Translate = str) -> str:
    text = translate(error.message)
    return text.format(**error.params) if error.params else text


def write_error_report(
    errors: Sequence[RowError],
    *,
    fmt: str = "xlsx",
    translate: Translate = str,
    directory: Path | None = None,
    fields: FieldMap = CUSTOMER_FIELDS,
) -> Path:
    """A temporary file (the caller removes it) listing row, field, value, problem."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    handle, name = tempfile.mkstemp(
        prefix="pelago-import-report-", suffix=f".{fmt}", dir=directory
    )
    os.close(handle)
    path = Path(name)
    try:
        writer = open_writer(
            fmt, path, [translate(h) for h in REPORT_HEADERS], translate(N_("Problems"))
        )
        try:
            writer.write_rows(
                [
                    [
                        e.row,
                        field_label(e.field, translate, fields),
                        e.value,
                        message_text(e, translate),
                    ]
                    for e in errors
                ]
            )
        finally:
            writer.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
