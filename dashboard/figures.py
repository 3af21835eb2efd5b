"""Plotly figures built from what the analytics services return. Colours are
fixed per series so the same thing looks the same on every chart.

Figures are plain dicts as dcc.Graph takes them ({"data": [...], "layout":
{...}}): building and validating plotly.graph_objects cost more than the query
of a small analytics callback. Property names are plotly's own, spelled out
(`marker={"color": …}`, not the `marker_color` shorthand go.* expanded):
nothing checks them here; tests/callbacks/test_report_page_http.py has plotly
check every section's figure."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import flask
import plotly.io as pio

from dashboard.context import read_session
from dashboard.i18n import _
from services.analytics.report import DRILL_KEY, Table
from services.appearance import get_appearance

ACTUAL_COLOUR = "#2563eb"  # outside a request (tests, PDF without one)
TARGET_COLOUR = "#94a3b8"
LAST_YEAR_COLOUR = "#f59e0b"
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, Helvetica, Arial, sans-serif"

Figure = dict[str, Any]
TRACE_TYPES = ("bar", "scatter", "pie", "funnel")


def _template() -> dict:
    """plotly.py's default template, which go.Figure put in every figure and
    plotly.js does not know: without it zero lines turn dark, text grey, bars
    lose their outline and axes their automatic margins. Cut to what our trace
    types on x/y axes read (no geo, polar, 3D or colour scales): 1 kB of each
    response instead of 7, drawn pixel for pixel the same."""
    full = pio.templates[pio.templates.default].to_plotly_json()
    unused = ("geo", "polar", "scene", "ternary", "coloraxis", "colorscale")
    return {
        "data": {
            kind: full["data"][kind] for kind in TRACE_TYPES if kind in full["data"]
        },
        "layout": {k: v for k, v in full["layout"].items() if k not in unused},
    }


TEMPLATE = _template()  # shared by every figure: never edit a figure's template


def trace(kind: str, **properties: Any) -> dict:
    """A trace of `kind` ("bar"…); properties left None are unset, as with go.*."""
    return {"type": kind} | {k: v for k, v in properties.items() if v is not None}


def figure(traces: Sequence[dict], layout: dict) -> Figure:
    """A figure as dcc.Graph takes it, with the look go.Figure gave it."""
    return {"data": list(traces), "layout": layout | {"template": TEMPLATE}}


def theme_colour() -> str:
    """The company's theme colour (Administration → Appearance) for the main
    series, read once per request."""
    if not flask.has_request_context():
        return ACTUAL_COLOUR
    if "theme_colour" not in flask.g:
        with read_session() as session:
            flask.g.theme_colour = get_appearance(session).theme_color
    return flask.g.theme_colour


def base_layout(title: str) -> dict:
    return {
        "title": {"text": title, "x": 0.01, "font": {"size": 15}},
        "font": {"family": FONT, "size": 12},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "plot_bgcolor": "#fff",
        "paper_bgcolor": "#fff",
        "legend": {"orientation": "h", "y": -0.15},
        "hovermode": "x unified",
        "separators": ".,",
        # ",~f": grouping without padding decimals (2.5 stays 2.5, 3 is "3").
        "yaxis": {"gridcolor": "#e5e7eb", "tickformat": ",~f", "rangemode": "tozero"},
    }


def target_vs_actual(
    title: str,
    actual: Sequence[float],
    target: Sequence[float | None],
    last_year: Sequence[float],
    labels: Sequence[str],
    drill_keys: Sequence[str] | None = None,
) -> Figure:
    """Bars of the actual per labelled period (a click reports the bar's index,
    and with `drill_keys` the row and column to drill into), the target as a
    step line and the year before dotted."""

    def points(column: str) -> list[list[str]] | None:
        return [[key, column] for key in drill_keys] if drill_keys else None

    traces = [
        trace(
            "bar",
            name=_("Actual"),
            x=list(labels),
            y=list(actual),
            marker={"color": theme_colour()},
            customdata=points("actual"),
            hovertemplate="%{y:,.2f}",
        ),
        trace(
            "scatter",
            name=_("Target"),
            x=list(labels),
            y=list(target),
            mode="lines+markers",
            line={"color": TARGET_COLOUR, "shape": "hv", "width": 2},
            hovertemplate="%{y:,.2f}",
        ),
        trace(
            "scatter",
            name=_("Last year"),
            x=list(labels),
            y=list(last_year),
            mode="lines",
            line={"color": LAST_YEAR_COLOUR, "dash": "dot"},
            customdata=points("last_year"),
            hovertemplate="%{y:,.2f}",
        ),
    ]
    # Labels such as "2026-03" stay categories, not dates in English.
    return figure(traces, base_layout(title) | {"xaxis": {"type": "category"}})


def chart_config(filename: str) -> dict:
    """Modebar with a PNG download named after the chart; no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


# Series colours: a name keeps its colour on every chart (members, stages…).
PALETTE = (
    "#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4",
    "#ec4899", "#84cc16", "#f97316", "#6366f1", "#14b8a6", "#a855f7",
)  # fmt: skip


def colour_for(name: object) -> str:
    """A stable colour per series name (same across charts, pages and runs)."""
    digest = zlib.crc32(str(name).encode("utf-8"))
    return PALETTE[digest % len(PALETTE)]


def colours_for(names: Sequence[object]) -> list[str]:
    """Each name's own colour, except that names sharing one within a chart
    move on to the next free colour (in order of first appearance)."""
    used: dict[str, object] = {}
    chosen = []
    for name in names:
        start = PALETTE.index(colour_for(name))
        for step in range(len(PALETTE)):
            colour = PALETTE[(start + step) % len(PALETTE)]
            if used.get(colour, name) == name:
                break
        used.setdefault(colour, name)
        chosen.append(colour)
    return chosen


def _numbers(table: Table, key: str) -> list[float]:
    return [float(row.get(key) or 0) for row in table.rows]


def _points(table: Table, column: str) -> list[list[str]]:
    """Per point [row drill key, column key]: what a click drills into."""
    return [[str(row.get(DRILL_KEY, "")), column] for row in table.rows]


def _hover(kind: str) -> str:
    return {"money": "%{y:,.2f}", "percent": "%{y:.1%}"}.get(kind, "%{y:,}")


def bar_figure(
    table: Table,
    title: str,
    *,
    category: str,
    values: Sequence[str],
    stacked: bool = False,
    horizontal: bool = False,
    colour_by_category: bool = False,
) -> Figure:
    """One bar series per value column over the table's rows (`category` labels
    them); a single series may take each category's own colour."""
    labels = [str(row.get(category) or "—") for row in table.rows]
    series_colours = colours_for([table.column(key).label for key in values])
    traces = []
    for key, series_colour in zip(values, series_colours, strict=True):
        column = table.column(key)
        numbers = _numbers(table, key)
        colour = colours_for(labels) if colour_by_category else series_colour
        hover = _hover(column.kind).replace("y", "x") if horizontal else None
        traces.append(
            trace(
                "bar",
                name=_(column.label),
                x=numbers if horizontal else labels,
                y=labels if horizontal else numbers,
                orientation="h" if horizontal else "v",
                marker={"color": colour},
                customdata=_points(table, key),
                hovertemplate=hover or _hover(column.kind),
            )
        )
    # "closest": a click reports the bar under the pointer, not its whole group.
    layout = base_layout(title) | {
        "barmode": "stack" if stacked else "group",
        "hovermode": "closest",
    }
    if horizontal:
        layout |= {
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"gridcolor": "#e5e7eb", "tickformat": ",~f"},
        }
    return figure(traces, layout)


def line_figure(
    table: Table, title: str, *, category: str, values: Sequence[str]
) -> Figure:
    """One line per value column, e.g. a size over time."""
    labels = [str(row.get(category) or "") for row in table.rows]
    traces = [
        trace(
            "scatter",
            name=_(table.column(key).label),
            x=labels,
            y=_numbers(table, key),
            mode="lines+markers",
            line={"color": colour_for(table.column(key).label), "width": 2},
            customdata=_points(table, key),
            hovertemplate=_hover(table.column(key).kind),
        )
        for key in values
    ]
    return figure(traces, base_layout(title))


def donut_figure(table: Table, title: str, *, category: str, value: str) -> Figure:
    """Shares of one value column; each slice keeps its category's colour."""
    labels = [str(row.get(category) or "—") for row in table.rows]
    donut = trace(
        "pie",
        labels=labels,
        values=_numbers(table, value),
        hole=0.5,
        sort=False,
        marker={"colors": colours_for(labels)},
        customdata=_points(table, value),
        textinfo="percent",
        hovertemplate="%{label}: %{value:,}<extra></extra>",
    )
    layout = base_layout(title) | {"hovermode": "closest"}
    layout.pop("yaxis")
    return figure([donut], layout)


def funnel_figure(table: Table, title: str, *, category: str, value: str) -> Figure:
    """Stages top to bottom with their value and share of the first stage."""
    labels = [str(row.get(category) or "—") for row in table.rows]
    stages = trace(
        "funnel",
        y=labels,
        x=_numbers(table, value),
        marker={"color": colours_for(labels)},
        customdata=_points(table, value),
        textinfo="value+percent initial",
        hovertemplate="%{y}: %{x:,}<extra></extra>",
    )
    return figure([stages], funnel_layout(title))


def funnel_layout(title: str) -> dict:
    """Stage names in full on the left; a click reports the stage under it."""
    return base_layout(title) | {"hovermode": "closest", "yaxis": {"automargin": True}}


def forecast_band(
    title: str, *, actual: float, expected: float, high: float, target: float | None
) -> Figure:
    """One horizontal bullet: the actual so far, the band up to the upper end,
    the expected month end as a marker and the target as a line."""
    label = [_("This month")]
    traces = [
        trace(
            "bar",
            name=_("Actual"),
            y=label,
            x=[actual],
            orientation="h",
            marker={"color": theme_colour()},
            width=0.4,
            hovertemplate="%{x:,.2f}",
        ),
        trace(
            "bar",
            name=_("Possible"),
            y=label,
            x=[max(high - actual, 0)],
            base=[actual],
            orientation="h",
            marker={"color": theme_colour(), "opacity": 0.25},
            width=0.4,
            customdata=[high],
            hovertemplate="%{customdata:,.2f}",
        ),
        trace(
            "scatter",
            name=_("Expected"),
            y=label,
            x=[expected],
            mode="markers",
            marker={"symbol": "diamond", "size": 14, "color": LAST_YEAR_COLOUR},
            hovertemplate="%{x:,.2f}",
        ),
    ]
    layout = base_layout(title) | {"barmode": "overlay", "hovermode": "closest"}
    layout["yaxis"] = {"showticklabels": False}
    layout["xaxis"] = {
        "gridcolor": "#e5e7eb",
        "tickformat": ",~f",
        "rangemode": "tozero",
    }
    layout["margin"] = {"l": 20, "r": 20, "t": 50, "b": 30}
    if target is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "x0": target,
                "x1": target,
                "y0": -0.4,
                "y1": 0.4,
                "line": {"color": TARGET_COLOUR, "width": 3},
            }
        ]
    return figure(traces, layout)
