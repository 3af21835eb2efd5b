"""Reading an uploaded .xlsx / .csv into a plain table of text cells, with limits;
any unreadable file becomes an ImportFileError with a message, never a crash."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from services.errors import ServiceError
from services.export_writers import unneutralise
from services.msgid import N_

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 100
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# Chinese Excel saves CSV as GBK/GB18030 ("ANSI"); everyone else as UTF-8.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
UPLOAD_DIR = Path(tempfile.gettempdir()) / "pelago-imports"
UPLOAD_MAX_AGE_SECONDS = 24 * 3600


class ImportFileError(ServiceError):
    """The file cannot be imported at all (size, type, encoding, shape)."""


@dataclass(frozen=True)
class Table:
    """The first sheet: header texts and (spreadsheet row number, cell texts)."""

    filename: str
    headers: list[str]
    rows: list[tuple[int, list[str | None]]]


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        # Excel keeps phone numbers typed as numbers as floats: 13912345678.0.
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = unneutralise(str(value)).strip()
    return text or None


def _build(filename: str, raw_rows) -> Table:
    """Header = first non-blank row; blank rows are skipped but keep numbering."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[str | None]]] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [_cell_text(v) for v in raw]
        if not any(cells):
            continue
        if headers is None:
            while cells and cells[-1] is None:
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise ImportFileError(
                    N_("The file has more than {limit} columns."), limit=MAX_COLUMNS
                )
            headers = [c or "" for c in cells]
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                N_("The file has more than {limit} rows: split it into smaller files."),
                limit=f"{MAX_ROWS:,}",
            )
        cells = (cells + [None] * len(headers))[: len(headers)]
        rows.append((number, cells))
    if headers is None:
        raise ImportFileError(N_("The file is empty."))
    return Table(filename, headers, rows)


def _read_xlsx(filename: str, content: bytes) -> Table:
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ImportFileError(N_("This is not a valid .xlsx file.")) from error
    try:
        sheet = workbook.worksheets[0]
        return _build(filename, sheet.iter_rows(values_only=True))
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - a broken sheet's XML can raise anything
        raise ImportFileError(N_("This is not a valid .xlsx file.")) from error
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    if b"\x00" in content[:8192]:
        raise ImportFileError(N_("This is not a text (CSV) file."))
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        N_("The CSV file could not be read: save it as UTF-8 (or GB18030) text.")
    )


def _read_csv(filename: str, content: bytes) -> Table:
    text = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _build(filename, csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise ImportFileError(
            N_("The CSV file is malformed near line {line}."),
            line=str(error).rsplit(" ", 1)[-1],
        ) from error


def read_table(filename: str, content: bytes) -> Table:
    """Parse an upload by its content (and name). Raises ImportFileError."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            N_("The file is larger than {limit} MB."),
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
    if not content:
        raise ImportFileError(N_("The file is empty."))
    suffix = Path(filename or "").suffix.lower()
    if content.startswith(XLS_MAGIC) or suffix == ".xls":
        raise ImportFileError(
            N_("Old .xls files cannot be imported: save it as .xlsx or .csv.")
        )
    if content.startswith(XLSX_MAGIC):
        return _read_xlsx(filename, content)
    if suffix in (".xlsx", ".xlsm"):
        raise ImportFileError(N_("This is not a valid .xlsx file."))
    if suffix in (".csv", ".txt", ""):
        return _read_csv(filename, content)
    raise ImportFileError(N_("Only .xlsx and .csv files can be imported."))


# --- keeping a parsed upload between the wizard's steps ------------------------

_TOKEN = re.compile(r"[0-9a-f]{32}")


def _upload_path(user_id: int, token: str) -> Path:
    if not _TOKEN.fullmatch(token or ""):
        raise ImportFileError(N_("The uploaded file has expired: upload it again."))
    return UPLOAD_DIR / f"{int(user_id)}-{token}.json"


def save_table(user_id: int, table: Table) -> str:
    """Store a parsed upload for its user; returns the token naming it."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - UPLOAD_MAX_AGE_SECONDS
    for old in UPLOAD_DIR.glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    payload = {"filename": table.filename, "headers": table.headers, "rows": table.rows}
    _upload_path(user_id, token).write_text(json.dumps(payload), encoding="utf-8")
    return token


def load_table(user_id: int, token: str) -> Table:
    """The upload `save_table` stored for this user. Raises ImportFileError."""
    path = _upload_path(user_id, token)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportFileError(
            N_("The uploaded file has expired: upload it again.")
        ) from error
    return Table(
        payload["filename"],
        payload["headers"],
        [(number, cells) for number, cells in payload["rows"]],
    )


def discard_table(user_id: int, token: str) -> None:
    try:
        _upload_path(user_id, token).unlink(missing_ok=True)
    except ImportFileError:
        pass
