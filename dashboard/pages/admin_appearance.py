"""Administration · appearance: company name, theme colour, logo and the pinned
navigation of each role."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.branding import logo_url
from dashboard.components.admin import forbidden, role_options
from dashboard.components.branding import logo_preview, theme_style
from dashboard.components.forms import make_field
from dashboard.context import current_actor, read_session
from dashboard.i18n import _
from dashboard.ids import AdminAppearance as ids
from services.appearance import (
    MAX_COMPANY_NAME,
    MAX_LOGO_KB,
    MAX_PINNED,
    MIN_PINNED,
    PALETTE,
    get_appearance,
    list_role_pins,
    palette_code,
)
from services.permissions import ADMIN_SETTINGS

dash.register_page(
    __name__,
    path="/admin/appearance",
    order=96,
    title=lambda **_kw: f"{_('Appearance')} · Pelago",
)

CUSTOM = "custom"


def palette_options() -> list[dict]:
    swatches = [
        {
            "label": html.Span(
                [
                    html.Span(className="theme-swatch", style={"background": color}),
                    _(label),
                ]
            ),
            "value": code,
        }
        for code, label, color in PALETTE
    ]
    custom = {
        "label": html.Span([html.I(className="bi bi-eyedropper me-1"), _("Custom")]),
        "value": CUSTOM,
    }
    return [*swatches, custom]


def preview(color: str) -> html.Div:
    """Sample controls drawn with `color`, before it is saved."""
    return html.Div(
        [
            html.Div(_("Preview"), className="small text-muted mb-2"),
            html.Div(
                [
                    dbc.Button(_("Primary button"), color="primary", className="me-2"),
                    dbc.Button(_("Outline"), color="primary", outline=True),
                    dbc.Badge(_("Badge"), color="primary", className="ms-3"),
                    html.Span(_("A link"), className="text-primary ms-3"),
                ],
                className="d-flex align-items-center flex-wrap mb-3",
            ),
            html.Div(
                [
                    html.Span(_("Active page"), className="nav-link active"),
                    html.Span(_("Other page"), className="nav-link"),
                ],
                className="nav nav-pills mb-3",
            ),
            dbc.Progress(value=60, style={"height": "8px"}),
        ],
        id=ids.PREVIEW,
        style=theme_style(color),
        className="appearance-preview",
    )


def _theme_card(appearance) -> dbc.Card:
    color = appearance.theme_color
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(_("Company and theme colour"), className="card-title mb-3"),
                dbc.Row(
                    make_field(
                        _("Company name"),
                        dbc.Input(
                            id=ids.COMPANY_NAME,
                            value=appearance.company_name or "",
                            maxLength=MAX_COMPANY_NAME,
                            placeholder="Pelago",
                        ),
                        ids.COMPANY_NAME_FEEDBACK,
                        help_text=_("Shown in the top bar. Leave empty for “Pelago”."),
                    )
                ),
                dbc.Label(_("Theme colour"), html_for=ids.PALETTE),
                dbc.RadioItems(
                    id=ids.PALETTE,
                    options=palette_options(),
                    value=palette_code(color) or CUSTOM,
                    inline=True,
                    className="appearance-palette mb-2",
                ),
                dbc.Row(
                    make_field(
                        _("Colour code"),
                        dbc.Input(
                            id=ids.COLOR,
                            value=color,
                            maxLength=7,
                            placeholder="#2563eb",
                        ),
                        ids.COLOR_FEEDBACK,
                        width=4,
                        help_text=_("# and six hex digits, e.g. #2563eb."),
                    )
                ),
                preview(color),
                html.Div(id=ids.MESSAGE, className="mt-3"),
                dbc.Button(
                    [html.I(className="bi bi-check-lg me-1"), _("Save")],
                    id=ids.SAVE,
                    color="primary",
                ),
            ]
        ),
        className="mb-4",
    )


def _logo_card(appearance) -> dbc.Card:
    url = logo_url(appearance)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(_("Logo"), className="card-title mb-3"),
                html.Div(
                    logo_preview(url),
                    id=ids.LOGO_PREVIEW,
                    className="appearance-logo-preview mb-3",
                ),
                dcc.Upload(
                    id=ids.LOGO_UPLOAD,
                    children=html.Div(
                        [
                            html.I(className="bi bi-image me-2"),
                            _("Drag an image here or click to choose one"),
                        ]
                    ),
                    accept="image/png,image/jpeg,image/webp",
                    multiple=False,
                    className="appearance-upload",
                ),
                html.Div(id=ids.LOGO_FEEDBACK, className="invalid-feedback d-block"),
                dbc.FormText(
                    _("PNG, JPEG or WebP, at most {limit} KB.", limit=MAX_LOGO_KB)
                ),
                html.Div(id=ids.LOGO_MESSAGE, className="mt-3"),
                dbc.Button(
                    [html.I(className="bi bi-trash me-1"), _("Remove logo")],
                    id=ids.LOGO_REMOVE,
                    color="danger",
                    outline=True,
                    disabled=url is None,
                    className="mt-2",
                ),
            ]
        ),
        className="mb-4",
    )


def _pin_card(roles: list[dict]) -> dbc.Card:
    options = role_options(roles)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(_("Pinned navigation"), className="card-title mb-2"),
                html.P(
                    _(
                        "Pin {minimum} to {maximum} pages that a role's users see "
                        "first in the sidebar, or none for the plain navigation. "
                        "Users only see pinned pages they may open.",
                        minimum=MIN_PINNED,
                        maximum=MAX_PINNED,
                    ),
                    className="text-muted",
                ),
                dcc.Store(id=ids.PIN_LOADED),
                dbc.Label(_("Role"), html_for=ids.PIN_ROLE),
                dbc.Select(
                    id=ids.PIN_ROLE,
                    options=options,
                    value=options[0]["value"] if options else None,
                    className="mb-3",
                ),
                html.Div(
                    [
                        dbc.Label(_("Pinned pages"), html_for=ids.PIN_ITEMS),
                        html.Span(id=ids.PIN_COUNT, className="text-muted small ms-2"),
                    ]
                ),
                dbc.Checklist(id=ids.PIN_ITEMS, options=[], value=[]),
                html.Div(id=ids.PIN_FEEDBACK, className="invalid-feedback d-block"),
                html.Div(id=ids.PIN_MESSAGE, className="mt-3"),
                dbc.Button(
                    [html.I(className="bi bi-pin-angle me-1"), _("Save pinned pages")],
                    id=ids.PIN_SAVE,
                    color="primary",
                    className="mt-2",
                ),
            ]
        )
    )


def layout(**_query):
    actor = current_actor()
    if not actor.can(ADMIN_SETTINGS):
        return forbidden()
    with read_session() as session:
        appearance = get_appearance(session)
        roles = list_role_pins(session, actor)
    return html.Div(
        [
            dcc.Store(id=ids.VERSION, data=appearance.version),
            html.H2(_("Appearance"), className="page-title mb-3"),
            dbc.Row(
                [
                    dbc.Col([_theme_card(appearance), _logo_card(appearance)], lg=7),
                    dbc.Col(_pin_card(roles), lg=5),
                ]
            ),
        ]
    )
