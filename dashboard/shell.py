"""The layout around every page: sidebar navigation, top bar, flash area."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from dashboard.components.branding import brand, theme_style
from dashboard.components.notification_bell import notification_bell
from dashboard.context import chosen_focus, current_actor, read_session
from dashboard.i18n import LANGUAGE_NAMES, _, current_language
from dashboard.ids import AdminAppearance, Shell
from dashboard.reports import report_views
from services.appearance import actor_pinned_nav, get_appearance
from services.msgid import N_
from services.org import scope_options
from services.permissions import (
    ADMIN_SETTINGS,
    ADMIN_USERS,
    AUDIT_VIEW,
    CONTRACT_VIEW,
    CUSTOMER_DELETE,
    CUSTOMER_VIEW,
    LEAD_POOL_CLAIM,
    LEAD_VIEW,
    MESSAGING_MANAGE,
    OPPORTUNITY_VIEW,
    PAYMENT_VIEW,
    POOL_ASSIGN,
    POOL_CLAIM,
    PRODUCT_MANAGE,
    TARGET_MANAGE,
)

# (group msgid, [(path, icon, msgid, permission)]): modules that are not built yet
# are simply absent, so there are no dead links.
NAVIGATION = (
    (
        None,
        [
            ("/", "house", N_("Home"), None),
            ("/todo", "check2-square", N_("To-do"), None),
        ],
    ),
    (
        N_("Customers"),
        [
            ("/customers", "people", N_("Customers"), CUSTOMER_VIEW),
            ("/pool", "water", N_("Public pool"), POOL_CLAIM),
            ("/team-customers", "people-fill", N_("Team customers"), POOL_ASSIGN),
            ("/pool-requests", "inbox", N_("Pool requests"), POOL_ASSIGN),
            (
                "/customers/duplicates",
                "intersect",
                N_("Duplicate check"),
                CUSTOMER_VIEW,
            ),
            ("/contacts", "person-lines-fill", N_("Contacts"), CUSTOMER_VIEW),
            ("/recycle-bin", "trash", N_("Recycle bin"), CUSTOMER_DELETE),
        ],
    ),
    (
        N_("Leads"),
        [
            ("/leads", "funnel", N_("Leads"), LEAD_VIEW),
            ("/lead-pool", "inboxes", N_("Lead pool"), LEAD_POOL_CLAIM),
        ],
    ),
    (
        N_("Sales"),
        [
            (
                "/opportunities",
                "graph-up-arrow",
                N_("Opportunities"),
                OPPORTUNITY_VIEW,
            ),
            ("/contracts", "file-earmark-text", N_("Contracts"), CONTRACT_VIEW),
            ("/payments", "cash-coin", N_("Payments"), PAYMENT_VIEW),
            ("/products", "box-seam", N_("Products"), None),
        ],
    ),
    (
        N_("Analytics"),
        [
            *(
                (
                    view.path,
                    view.icon.removeprefix("bi-"),
                    view.report.title,
                    view.report.permission,
                )
                for view in report_views()
            ),
            ("/targets", "bullseye", N_("Performance targets"), TARGET_MANAGE),
        ],
    ),
    (
        N_("Administration"),
        [
            ("/admin/users", "person-gear", N_("Users"), ADMIN_USERS),
            ("/admin/pool-rules", "sliders", N_("Pool rules"), ADMIN_SETTINGS),
            ("/admin/teams", "diagram-3", N_("Teams"), ADMIN_USERS),
            ("/admin/roles", "shield-lock", N_("Roles"), ADMIN_USERS),
            (
                "/admin/approval-flows",
                "diagram-2",
                N_("Approval flows"),
                ADMIN_SETTINGS,
            ),
            (
                "/admin/opportunity-stages",
                "bar-chart-steps",
                N_("Opportunity stages"),
                ADMIN_SETTINGS,
            ),
            (
                "/admin/product-categories",
                "tags",
                N_("Product categories"),
                PRODUCT_MANAGE,
            ),
            ("/admin/numbering", "123", N_("Numbering"), ADMIN_SETTINGS),
            ("/admin/appearance", "palette", N_("Appearance"), ADMIN_SETTINGS),
            (
                "/admin/dictionaries",
                "list-ul",
                N_("Dictionaries"),
                ADMIN_SETTINGS,
            ),
            (
                "/admin/custom-fields",
                "input-cursor-text",
                N_("Custom fields"),
                ADMIN_SETTINGS,
            ),
            (
                "/admin/templates",
                "file-earmark-richtext",
                N_("Message templates"),
                MESSAGING_MANAGE,
            ),
            (
                "/admin/messaging",
                "envelope-at",
                N_("Messaging settings"),
                MESSAGING_MANAGE,
            ),
            (
                "/admin/operation-log",
                "journal-text",
                N_("Operation log"),
                AUDIT_VIEW,
            ),
        ],
    ),
)


def _nav_link(path: str, icon: str, label: str, id_prefix: str) -> dbc.NavLink:
    return dbc.NavLink(
        [html.I(className=f"bi bi-{icon} me-2"), _(label)],
        href=path,
        active="exact" if path == "/" else "partial",
        id=f"{id_prefix}-{path.strip('/') or 'home'}",
    )


def _pinned_links(actor, pinned: list[str]) -> list[dbc.NavLink]:
    """The role's pinned entries the actor may open; unknown paths are skipped."""
    entries = {entry[0]: entry for _group, group in NAVIGATION for entry in group}
    return [
        _nav_link(path, icon, label, "nav-pinned")
        for path, icon, label, permission in (
            entries[path] for path in pinned if path in entries
        )
        if permission is None or actor.can(permission)
    ]


def _nav(actor, pinned: list[str]) -> html.Nav:
    items = []
    pinned_links = _pinned_links(actor, pinned)
    if pinned_links:
        items.append(html.Div(_("Pinned"), className="sidebar-group sidebar-pinned"))
        items.extend(pinned_links)
    for group, entries in NAVIGATION:
        links = [
            _nav_link(path, icon, label, "nav")
            for path, icon, label, permission in entries
            if permission is None or actor.can(permission)
        ]
        if not links:
            continue
        if group:
            items.append(html.Div(_(group), className="sidebar-group"))
        items.extend(links)
    return html.Nav(dbc.Nav(items, vertical=True, pills=True), className="sidebar-nav")


def _scope_switcher(actor):
    with read_session() as session:
        options = scope_options(session, actor)
    if not options:
        return None
    labels = {"me": _("Only me"), "all": _("Everyone")}
    return dcc.Dropdown(
        id=Shell.SCOPE,
        options=[
            {"label": ("\u2003" * o.depth) + labels.get(o.key, o.label), "value": o.key}
            for o in options
        ],
        value=_current_focus(options),
        clearable=False,
        searchable=False,
        className="scope-switcher",
    )


def _current_focus(options) -> str:

    chosen = chosen_focus()
    keys = [o.key for o in options]
    if chosen in keys:
        return chosen
    return "all" if "all" in keys else keys[1] if len(keys) > 1 else keys[0]


def _user_menu(actor) -> dbc.DropdownMenu:
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(
                [html.I(className="bi bi-key me-2"), _("Account")], href="/account"
            ),
            dbc.DropdownMenuItem(divider=True),
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
                    html.Button(
                        [html.I(className="bi bi-box-arrow-right me-2"), _("Log out")],
                        type="submit",
                        id="shell-logout",
                        className="dropdown-item",
                    ),
                ],
                action="/logout",
                method="POST",
            ),
        ],
        label=[html.I(className="bi bi-person-circle me-1"), actor.display_name],
        align_end=True,
        color="link",
        id="shell-user-menu",
        className="user-menu",
    )


def _top_bar(actor, appearance) -> dbc.Navbar:
    language = current_language()
    return dbc.Navbar(
        dbc.Container(
            [
                html.A(
                    brand(appearance),
                    href="/",
                    className="navbar-brand",
                    id=AdminAppearance.BRAND,
                ),
                html.Div(
                    [
                        _scope_switcher(actor),
                        dbc.Select(
                            id=Shell.LANGUAGE,
                            value=language,
                            size="sm",
                            options=[
                                {"label": n, "value": c}
                                for c, n in LANGUAGE_NAMES.items()
                            ],
                            className="language-switch",
                        ),
                        notification_bell(actor),
                        _user_menu(actor),
                    ],
                    className="d-flex align-items-center gap-2 ms-auto",
                ),
            ],
            fluid=True,
        ),
        className="top-bar border-bottom",
        color="white",
    )


def layout() -> html.Div:
    """The whole app frame; logged-out requests never get here (the guard redirects)."""
    if not current_user.is_authenticated:
        return html.Div(
            dcc.Location(id="shell-login-redirect", href="/login", refresh=True)
        )
    actor = current_actor()
    with read_session() as session:
        appearance = get_appearance(session)
        pinned = actor_pinned_nav(session, actor)
    theme = theme_style(appearance.theme_color)
    return html.Div(
        [
            dcc.Location(id=Shell.NAV, refresh="callback-nav"),
            dcc.Store(id=Shell.RELOAD),
            # Copies the theme onto <html> too, for dialogs rendered outside
            # the shell (see callbacks/admin_appearance.py).
            dcc.Store(id=AdminAppearance.THEME, data=theme),
            _top_bar(actor, appearance),
            html.Div(
                [
                    html.Aside(_nav(actor, pinned), className="sidebar border-end"),
                    html.Main(
                        [html.Div(id=Shell.FLASH), dash.page_container],
                        className="content",
                    ),
                ],
                className="app-body",
            ),
        ],
        className="app-shell",
        style=theme,
        lang="zh-CN" if current_language() == "zh_CN" else "en",
    )
