"""The company's look in the shell: the top-bar brand and the theme variables."""

from __future__ import annotations

from dash import html

from dashboard.branding import logo_url
from dashboard.i18n import _
from services.appearance import Appearance, readable_text_color


def brand(appearance: Appearance) -> list:
    """Logo (or the default icon) and the company name, for the top-bar link."""
    logo = logo_url(appearance)
    mark = (
        # The name follows, so the image is decorative for screen readers.
        html.Img(src=logo, alt="", className="brand-logo me-2")
        if logo
        else html.I(className="bi bi-bar-chart-line-fill me-2")
    )
    return [mark, html.Span(appearance.display_name, className="brand-name")]


def theme_style(color: str) -> dict[str, str]:
    """CSS variables every themed element reads (assets/css/pelago.css)."""
    return {
        "--pelago-primary": color,
        "--pelago-on-primary": readable_text_color(color),
    }


def logo_preview(url: str | None):
    """The admin page's view of the current logo."""
    if url is None:
        return html.Span(
            _("No logo yet: the top bar shows an icon."), className="text-muted"
        )
    return html.Img(src=url, alt=_("Company logo"))
