"""Plotly figures built from what the analytics services return. Colours are
fixed per series so the same thing looks the same on every chart."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.i18n import _

ACTUAL_COLOUR = "#2563eb"
TARGET_COLOUR = "#94a3b8"
LAST_YEAR_COLOUR = "#f59e0b"
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, Helvetica, Arial, sans-serif"


def month_labels() -> list[str]:
    return [_("Month {n}", n=month) for month in range(1, 13)]


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
        "yaxis": {"gridcolor": "#e5e7eb", "tickformat": ",.0f", "rangemode": "tozero"},
    }


def target_vs_actual(
    title: str,
    actual: Sequence[float],
    target: Sequence[float | None],
    last_year: Sequence[float],
) -> go.Figure:
    """Monthly bars of the actual (a click reports the month's index), the
    target as a step line and last year's actual as a dotted line."""
    months = month_labels()
    figure = go.Figure(
        [
            go.Bar(
                name=_("Actual"),
                x=months,
                y=list(actual),
                marker_color=ACTUAL_COLOUR,
                hovertemplate="%{y:,.2f}",
            ),
            go.Scatter(
                name=_("Target"),
                x=months,
                y=list(target),
                mode="lines+markers",
                line={"color": TARGET_COLOUR, "shape": "hv", "width": 2},
                hovertemplate="%{y:,.2f}",
            ),
            go.Scatter(
                name=_("Last year"),
                x=months,
                y=list(last_year),
                mode="lines",
                line={"color": LAST_YEAR_COLOUR, "dash": "dot"},
                hovertemplate="%{y:,.2f}",
            ),
        ]
    )
    figure.update_layout(**base_layout(title))
    return figure


def chart_config(filename: str) -> dict:
    """Modebar with a PNG download named after the chart; no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
