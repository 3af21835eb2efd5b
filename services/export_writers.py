"""Streaming .xlsx / .csv writers that never produce a formula cell.

A spreadsheet treats a cell starting with = + - @ (or a tab / carriage return
in front of one) as a formula: "CSV injection". The .xlsx writer stores such
values as text with Excel's quote prefix (shown literally, stays text when
edited); the .csv writer prefixes them with a single quote. Numbers (int, float,
Decimal) stay numbers: a minus sign in front of a number is not a formula."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import xlsxwriter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("xlsx", "csv")
DATETIME_TEXT = "%Y-%m-%d %H:%M"
DATE_TEXT = "%Y-%m-%d"
# Characters Excel refuses in a sheet name; a name holds at most 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


def neutralise(value: str) -> str:
    """A text cell that no spreadsheet evaluates (for CSV)."""
    return "'" + value if is_formula_like(value) else value


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def safe_sheet_name(title: str, fallback: str = "Sheet1") -> str:
    """`title` as a valid sheet name (forbidden characters replaced, cut to 31)."""
    name = SHEET_NAME_FORBIDDEN.sub("-", title).strip("' ")[:SHEET_NAME_LENGTH]
    return name.strip("' ") or fallback


def unneutralise(value: str) -> str:
    """Undo `neutralise` when a file we exported is imported again."""
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


class TableWriter(Protocol):
    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None: ...

    def close(self) -> None: ...


class XlsxTableWriter:
    """One sheet written row by row in xlsxwriter's constant-memory mode (each row
    goes to disk once the next one starts). `number_formats` gives a column's
    Excel number format (e.g. "#,##0.00"; None = general)."""

    def __init__(
        self,
        path: Path,
        headers: Sequence[str],
        sheet_name: str,
        number_formats: Sequence[str | None] = (),
    ) -> None:
        self.workbook = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                # Never turn a string into a formula, URL or number behind our back.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.sheet = self.workbook.add_worksheet(safe_sheet_name(sheet_name))
        self.column_formats = [
            self.workbook.add_format({"num_format": code}) if code else None
            for code in number_formats
        ]
        self.literal = self.workbook.add_format({"quote_prefix": True})
        self.datetime = self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.date = self.workbook.add_format({"num_format": "yyyy-mm-dd"})
        header_format = self.workbook.add_format({"bold": True, "bg_color": "#EEF2F7"})
        self.sheet.set_column(0, max(len(headers) - 1, 0), 18)
        self.sheet.freeze_panes(1, 0)
        # A cell's writer by its value's exact type: 100,000 rows are ~2M cells,
        # and an isinstance chain per cell cost ~1 s of them. Bool comes before
        # int and datetime before date for `_writer_by_kind`'s subclass match.
        self.writers = {
            bool: self._boolean,
            int: self._number,
            float: self._number,
            Decimal: self._number,
            dt.datetime: self._datetime,
            dt.date: self._date,
            str: self._text,
        }
        for column, header in enumerate(headers):
            self._write(0, column, header, header_format)
        self.next_row = 1

    def _writer_by_kind(self, value: Any):
        """The writer of a value whose exact type has none (a str enum, say)."""
        for kind, write in self.writers.items():
            if isinstance(value, kind):
                return write
        return self._text

    def _boolean(self, row: int, column: int, value: bool, _fmt) -> None:
        self.sheet.write_boolean(row, column, value)

    def _number(self, row: int, column: int, value: Any, fmt) -> None:
        self.sheet.write_number(row, column, float(value), fmt)

    def _datetime(self, row: int, column: int, value: dt.datetime, fmt) -> None:
        self.sheet.write_datetime(row, column, value, fmt or self.datetime)

    def _date(self, row: int, column: int, value: dt.date, fmt) -> None:
        self.sheet.write_datetime(row, column, value, fmt or self.date)

    def _text(self, row: int, column: int, value: Any, fmt) -> None:
        text = str(value)
        literal = self.literal if is_formula_like(text) else fmt
        self.sheet.write_string(row, column, text, literal)

    def _write(self, row: int, column: int, value: Any, fmt=None) -> None:
        if value is None or value == "":
            return
        write = self.writers.get(type(value)) or self._writer_by_kind(value)
        write(row, column, value, fmt)

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        formats, writers, row = self.column_formats, self.writers, self.next_row
        for values in rows:
            for column, value in enumerate(values):
                if value is None or value == "":
                    continue
                fmt = formats[column] if column < len(formats) else None
                write = writers.get(type(value)) or self._writer_by_kind(value)
                write(row, column, value, fmt)
            row += 1
        self.next_row = row

    def add_sheet(self, name: str, rows: Sequence[Sequence[Any]]) -> None:
        """A further sheet (notes about the export) after the table is written."""
        sheet = self.workbook.add_worksheet(safe_sheet_name(name, "Sheet2"))
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 1, 60)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                text = "" if value is None else str(value)
                if text:
                    literal = self.literal if is_formula_like(text) else None
                    sheet.write_string(row, column, text, literal)

    def close(self) -> None:
        self.workbook.close()


class CsvTableWriter:
    """UTF-8 with a BOM (Excel then reads Chinese correctly), written as it goes."""

    def __init__(self, path: Path, headers: Sequence[str]) -> None:
        self.handle = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow([neutralise(str(h)) for h in headers])

    @staticmethod
    def _text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.strftime(DATETIME_TEXT)
        if isinstance(value, dt.date):
            return value.strftime(DATE_TEXT)
        if isinstance(value, Decimal):
            return format(value, "f")  # never exponent notation
        if is_number(value):
            return str(value)
        return neutralise(str(value))

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        self.writer.writerows([self._text(v) for v in values] for values in rows)

    def close(self) -> None:
        self.handle.close()


def open_writer(
    fmt: str,
    path: Path,
    headers: Sequence[str],
    sheet_name: str,
    number_formats: Sequence[str | None] = (),
) -> TableWriter:
    """`number_formats` only matter to .xlsx (a CSV cell has no format)."""
    if fmt == "xlsx":
        return XlsxTableWriter(path, headers, sheet_name, number_formats)
    return CsvTableWriter(path, headers)
