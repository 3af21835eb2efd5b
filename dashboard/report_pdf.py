""" "Export report" of an analytics page: a PDF rendered on the server.

Page rule: exactly one A4 landscape page per section (one page when there are no
sections). Every page repeats the report header (title, filters, who generated
it when), then the section title, its chart and its table. A table shows at most
`MAX_ROWS_WITH_CHART` rows under a chart (`MAX_ROWS` without one) and says how
many more the data export holds; whatever still overflows is scaled down to fit.

Charts are the page's own Plotly figures drawn to PNG by kaleido in a headless
Chromium already on the machine (BROWSER_PATH, else chromium / google-chrome on
PATH; nothing is downloaded), one browser for all charts of a report. Text uses
a TrueType CJK font found on disk (Debian: fonts-wqy-zenhei) so Chinese renders
and stays searchable; reportlab cannot embed the CFF-based Noto CJK fonts."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import kaleido
import plotly.graph_objects as go
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepInFrame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Table as PdfTable

from dashboard.figures import Figure
from dashboard.i18n import catalog
from services.analytics.report import Column, Table
from services.msgid import N_

PAGE_SIZE = landscape(A4)
MARGIN = 28.0
FRAME_PADDING = 6.0  # SimpleDocTemplate's frame keeps this inside the margins
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * (MARGIN + FRAME_PADDING)
CHART_HEIGHT = 190.0  # points; the chart spans the page width
# Chart pixels: fonts (12 px in dashboard.figures) print at about 9 pt.
CHART_PIXEL_WIDTH = 1000
CHART_SCALE = 2  # twice the pixels for a sharp print
CHART_TIMEOUT_SECONDS = 60
MAX_ROWS_WITH_CHART = 20
MAX_ROWS = 40
TABLE_FONT_SIZE = 7.5
# Column widths follow their longest text within these bounds (in characters).
MIN_COLUMN_CHARS, MAX_COLUMN_CHARS = 4, 28
FONT_NAME = "PelagoCJK"
# TrueType fonts with Chinese glyphs, best first, searched under FONT_DIRS
# (package fonts-wqy-zenhei, fonts-wqy-microhei, fonts-arphic-uming).
CJK_FONT_FILES = ("wqy-zenhei.ttc", "wqy-microhei.ttc", "uming.ttc")
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
TEXT_KINDS = ("text", "label", "date")  # left-aligned; numbers align right
HEADER_BACKGROUND = colors.HexColor("#EEF2F7")
STRIPE = colors.HexColor("#F8FAFC")
MUTED = colors.HexColor("#64748B")
GRID = colors.HexColor("#CBD5E1")


class ReportSetupError(RuntimeError):
    """The machine lacks what a PDF needs (a CJK font or a Chromium): a deployment
    problem, logged and shown as a generic error."""


@dataclass(frozen=True)
class PdfSection:
    """One page: `headers` and `rows` are display text already formatted the way
    the page shows them; `numeric` marks the columns aligned right."""

    title: str
    figure: Figure | None
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    numeric: Sequence[bool] = ()

    @classmethod
    def of(
        cls,
        title: str,
        figure: Figure | None,
        table: Table,
        *,
        label: Callable[[str], str],
        cell: Callable[[Column, Any], str],
    ) -> PdfSection:
        """A section from an analytics Table: headers through `label` (gettext),
        each value through `cell` (the page's own formatting)."""
        return cls(
            title=title,
            figure=figure,
            headers=[label(column.label) for column in table.columns],
            rows=[
                [cell(column, row.get(column.key)) for column in table.columns]
                for row in table.rows
            ],
            numeric=[column.kind not in TEXT_KINDS for column in table.columns],
        )


def render_report_pdf(
    *,
    title: str,
    filter_lines: Sequence[str],
    generated_by: str,
    generated_at: str,
    sections: Sequence[PdfSection],
    language: str,
) -> bytes:
    """The report as PDF bytes, one page per section (see the module docstring);
    all arguments are display text, the PDF's own words are in `language`.
    Raises ReportSetupError when no CJK font or (with charts) no Chromium exists."""
    font = register_font()
    images = render_chart_images(
        [section.figure for section in sections if section.figure is not None]
    )
    styles = _styles(font)
    text = _translator(language)
    story: list[Flowable] = []
    image_iter = iter(images)
    for index, section in enumerate(sections or [None]):
        # Flowables keep layout state: each page gets its own header.
        content = _header(title, filter_lines, generated_by, generated_at, styles, text)
        if section is not None:
            image = next(image_iter) if section.figure is not None else None
            content += _section(section, image, styles, text)
        story.append(KeepInFrame(0, 0, content, mode="shrink"))
        if index < len(sections) - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    pages = max(1, len(sections))
    footer = _footer(title, pages, font, text)
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=generated_by,
        creator="Pelago",
        lang="zh-CN" if language == "zh_CN" else "en",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


@cache
def register_font() -> str:
    """Register the first CJK TrueType font found on disk; its reportlab name.
    Raises ReportSetupError when none is installed."""
    for filename in CJK_FONT_FILES:
        for directory in FONT_DIRS:
            if not directory.is_dir():
                continue
            path = next(directory.rglob(filename), None)
            if path is not None:
                pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
                return FONT_NAME
    raise ReportSetupError(
        "PDF reports need a TrueType CJK font: install fonts-wqy-zenhei "
        f"(apt-get install fonts-wqy-zenhei); looked for {', '.join(CJK_FONT_FILES)} "
        f"under {', '.join(str(d) for d in FONT_DIRS)}"
    )


def browser_path() -> str:
    """BROWSER_PATH, else the first Chromium or Chrome on PATH.
    Raises ReportSetupError when there is none."""
    found = os.environ.get("BROWSER_PATH") or next(
        filter(None, map(shutil.which, BROWSER_NAMES)), None
    )
    if not found:
        raise ReportSetupError(
            "PDF charts need Chromium: install it (apt-get install chromium) or "
            "set BROWSER_PATH to a Chromium or Chrome executable"
        )
    return found


def render_chart_images(figures: Sequence[Figure]) -> list[bytes]:
    """PNG bytes of each figure, all drawn by one headless browser.
    Raises ReportSetupError without a browser."""
    if not figures:
        return []
    path = browser_path()
    options = {
        "format": "png",
        "width": CHART_PIXEL_WIDTH,
        "height": round(CHART_PIXEL_WIDTH * CHART_HEIGHT / CONTENT_WIDTH),
        "scale": CHART_SCALE,
    }

    async def render() -> list[bytes]:
        # mathjax=False: kaleido would otherwise load MathJax from a CDN.
        async with kaleido.Kaleido(
            path=path, mathjax=False, timeout=CHART_TIMEOUT_SECONDS
        ) as browser:
            return [
                await browser.calc_fig(_print_figure(figure), opts=options)
                for figure in figures
            ]

    # Its own thread: a callback thread may already run an event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, render()).result()


def _print_figure(figure: Figure) -> go.Figure:
    """The figure without its title (the page prints the section title) and
    with a white background. A graph object here only, off the hot path: it
    copies the dict, checks its property names and merges the changes in."""
    printed = go.Figure(figure)
    printed.update_layout(
        title_text="", margin_t=20, paper_bgcolor="#fff", plot_bgcolor="#fff"
    )
    return printed


def _translator(language: str) -> Callable[..., str]:
    messages = catalog(language)

    def text(msgid: str, **params: object) -> str:
        return messages.get(msgid, msgid).format(**params)

    return text


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12)
    cell = ParagraphStyle(
        "cell", base, fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE * 1.2
    )
    return {
        "title": ParagraphStyle("title", base, fontSize=15, leading=19),
        "meta": ParagraphStyle("meta", base, fontSize=8, leading=11, textColor=MUTED),
        "section": ParagraphStyle("section", base, fontSize=12, leading=16),
        "note": ParagraphStyle("note", base, fontSize=8, textColor=MUTED),
        "cell": ParagraphStyle("cell-left", cell, alignment=TA_LEFT),
        "number": ParagraphStyle("cell-right", cell, alignment=TA_RIGHT),
    }


def _header(
    title: str,
    filter_lines: Sequence[str],
    generated_by: str,
    generated_at: str,
    styles: dict[str, ParagraphStyle],
    text: Callable[..., str],
) -> list[Flowable]:
    generated = text(
        N_("Generated by {user} at {time}"), user=generated_by, time=generated_at
    )
    lines = [Paragraph(escape(title), styles["title"])]
    if filter_lines:
        lines.append(Paragraph(escape("   ·   ".join(filter_lines)), styles["meta"]))
    return [
        *lines,
        Paragraph(escape(generated), styles["meta"]),
        HRFlowable(width="100%", thickness=0.5, color=GRID, spaceBefore=3),
        Spacer(0, 4),
    ]


def _section(
    section: PdfSection,
    image: bytes | None,
    styles: dict[str, ParagraphStyle],
    text: Callable[..., str],
) -> list[Flowable]:
    parts: list[Flowable] = [
        Paragraph(escape(section.title), styles["section"]),
        Spacer(0, 3),
    ]
    if image is not None:
        parts.append(Image(io.BytesIO(image), width=CONTENT_WIDTH, height=CHART_HEIGHT))
    if not section.rows:
        parts.append(Paragraph(escape(text(N_("No data"))), styles["note"]))
        return parts
    limit = MAX_ROWS_WITH_CHART if image is not None else MAX_ROWS
    parts.append(_table(section, limit, styles))
    hidden = len(section.rows) - limit
    if hidden > 0:
        note = text(
            N_("{count} more rows are not shown: export the data to see them all."),
            count=f"{hidden:,}",
        )
        parts += [Spacer(0, 3), Paragraph(escape(note), styles["note"])]
    return parts


def _table(
    section: PdfSection, limit: int, styles: dict[str, ParagraphStyle]
) -> PdfTable:
    rows = [list(row) for row in section.rows[:limit]]
    numeric = list(section.numeric) + [False] * len(section.headers)

    def cells(values: Sequence[str]) -> list[Paragraph]:
        return [
            Paragraph(escape(str(value)), styles["number" if numeric[i] else "cell"])
            for i, value in enumerate(values)
        ]

    table = PdfTable(
        [cells(section.headers), *(cells(row) for row in rows)],
        colWidths=_column_widths([section.headers, *rows]),
        repeatRows=1,
    )
    table.setStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, GRID),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
    )
    return table


def _column_widths(rows: Sequence[Sequence[str]]) -> list[float]:
    """Widths over the whole frame, in proportion to each column's longest text
    (a Chinese character counts twice)."""
    count = max(len(row) for row in rows)
    chars = [
        min(
            MAX_COLUMN_CHARS,
            max(
                [MIN_COLUMN_CHARS]
                + [_display_width(str(row[i])) for row in rows if i < len(row)]
            ),
        )
        for i in range(count)
    ]
    total = sum(chars)
    return [CONTENT_WIDTH * width / total for width in chars]


def _display_width(value: str) -> int:
    return sum(2 if ord(char) > 0x2E7F else 1 for char in value)


def _footer(
    title: str, pages: int, font: str, text: Callable[..., str]
) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, _document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(MUTED)
        y = MARGIN / 2
        canvas.drawString(MARGIN, y, title)
        page = text(
            N_("Page {page} of {pages}"), page=canvas.getPageNumber(), pages=pages
        )
        canvas.drawRightString(PAGE_SIZE[0] - MARGIN, y, page)
        canvas.restoreState()

    return draw
