"""Browser fixtures: a seeded SQLite file per test, the app under dash_duo, and
helpers that wait for explicit conditions (never for a fixed time)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.common.exceptions import (
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import update

import models
from dashboard.app import create_app
from dashboard.i18n import catalog
from dashboard.ids import ReportPage
from models.base import utcnow
from services.database import Database
from services.settings import Settings
from tests.factories import (
    PASSWORD,
    build_org,
    display_name,
    make_contact,
    make_customer,
    make_followup,
)
from tests.services.messaging_support import SmtpSink

# What the seeded database holds (see `seed_template`).
REP_A1_CUSTOMERS = 45  # 20 per page: pages of 20, 20 and 5
LEADER_A_CUSTOMERS = 2
REP_A2_CUSTOMERS = 1
UNIQUE_CUSTOMER = "Zephyr Harbour Trading"  # one of rep_a1's 45
REP_B1_CUSTOMER = "Customer of rep_b1"
CONTACT_NAME = "Wang Fang"  # a contact of UNIQUE_CUSTOMER
OLD_FOLLOWUP = "Intro call about the catalogue"  # UNIQUE_CUSTOMER's, yesterday
STAGES = ("potential", "intention", "cooperating", "dormant")
WAIT_SECONDS = 10


@dataclass(frozen=True)
class SeededDb:
    """One test's own copy of the seeded database."""

    url: str
    user_ids: dict[str, int]
    customer_ids: dict[str, int]  # name → id
    contact_ids: dict[str, int]  # name → id

    def set_language(self, username: str, language: str | None) -> None:
        """Store a user's language; the login reads it on every request."""
        db = Database(self.url)
        try:
            with db.unit_of_work() as session:
                session.execute(
                    update(models.User)
                    .where(models.User.id == self.user_ids[username])
                    .values(language=language)
                )
        finally:
            db.dispose()


def _seed(session) -> tuple[dict[str, int], ...]:
    """Users, customers and contacts; returns their ids by (user)name."""
    org = build_org(session)
    customer_ids: dict[str, int] = {}

    def add(owner: str, name: str, **fields) -> None:
        customer = make_customer(session, org.actor(owner), name, **fields)
        customer_ids[name] = customer.id

    for number in range(1, REP_A1_CUSTOMERS):
        add(
            "rep_a1",
            f"Acme Client {number:02d}",
            mobile=f"139{number:08d}",
            stage=STAGES[number % len(STAGES)],
        )
    add("rep_a1", UNIQUE_CUSTOMER, mobile="13912345678", stage="intention")
    for number in range(1, LEADER_A_CUSTOMERS + 1):
        add("leader_a", f"Leader Account {number}")
    add("rep_a2", "Rep A2 Account")
    add("rep_b1", REP_B1_CUSTOMER)
    unique = session.get(models.Customer, customer_ids[UNIQUE_CUSTOMER])
    rep_a1 = org.actor("rep_a1")
    contact = make_contact(
        session,
        rep_a1,
        unique,
        CONTACT_NAME,
        mobile="13700001111",
        email="wang.fang@example.com",
        title="Buyer",
    )
    make_followup(
        session, rep_a1, unique, OLD_FOLLOWUP, occurred_at=utcnow() - dt.timedelta(1)
    )
    return dict(org.ids), customer_ids, {CONTACT_NAME: contact.id}


def free_port() -> int:
    """A free loopback port, so parallel test runs never share a server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory) -> tuple[Path, tuple[dict[str, int], ...]]:
    """Build the seeded database once; each test gets a file copy of it."""
    path = tmp_path_factory.mktemp("browser-seed") / "template.db"
    db = Database(f"sqlite:///{path}")
    try:
        models.Base.metadata.create_all(db.engine)
        with db.unit_of_work() as session:
            ids = _seed(session)
    finally:
        db.dispose()  # last connection closed: the WAL is checkpointed into the file
    return path, ids


@pytest.fixture
def seeded_db(seed_template, tmp_path) -> SeededDb:
    template, ids = seed_template
    target = tmp_path / "pelago.db"
    shutil.copyfile(template, target)
    return SeededDb(f"sqlite:///{target}", *ids)


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    """A real SMTP server on loopback that keeps what it receives."""
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def crm(dash_duo, seeded_db, tmp_path, caplog) -> Iterator:
    """dash_duo with the app running over `seeded_db`, not yet logged in. After the
    test, the server must not have logged an error (callbacks that failed are
    logged by the app's on_error handler and shown only as a generic alert)."""
    app = create_app(
        Settings(
            database_url=seeded_db.url,
            secret_key="test",
            default_language="en",
            instance_dir=tmp_path,
        )
    )
    # The root redirects to the plain-HTML login page, which has no Dash entry
    # point to wait for: navigate ourselves (see `login`).
    dash_duo.start_server(app, navigate=False, port=free_port())
    # Bootstrap turns on `scroll-behavior: smooth` unless the user prefers reduced
    # motion; Selenium's scroll-into-view would then still be moving when it
    # clicks ("element click intercepted"). Reduced motion makes scrolls instant.
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    yield dash_duo
    # A request still running when the server stops dies in its thread with
    # SystemExit (seen on a loaded machine): let a Dash page settle first.
    if dash_duo.driver.execute_script("return !!window.store"):
        wait_for_callbacks(dash_duo)
    app.server.extensions["pelago_db"].dispose()
    server_errors = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.levelno >= logging.ERROR
    ]
    assert server_errors == [], "the server logged errors during the test"


# --- navigation ---------------------------------------------------------------


def url(dash_duo, path: str = "/") -> str:
    return dash_duo.server.url.rstrip("/") + path


def submit_login(dash_duo, username: str, password: str = PASSWORD) -> None:
    """Fill and send the login form of the page the browser is on."""
    dash_duo.wait_for_element("#username").send_keys(username)
    dash_duo.find_element("#password").send_keys(password)
    dash_duo.find_element("#login-submit").click()


def login(dash_duo, username: str, greeting: str = "Hello, {name}") -> None:
    """Log in through the form on /login and wait for the home page's greeting."""
    dash_duo.driver.get(url(dash_duo, "/login"))
    submit_login(dash_duo, username)
    dash_duo.wait_for_text_to_equal(
        "h2.page-title", greeting.format(name=display_name(username))
    )


def visit(dash_duo, path: str) -> None:
    """A full page load of `path`, waiting for the Dash renderer."""
    dash_duo.wait_for_page(url(dash_duo, path))


def current_path(dash_duo) -> str:
    return dash_duo.driver.current_url.removeprefix(url(dash_duo, ""))


def wait_for_path(dash_duo, path: str) -> None:
    wait_until(
        dash_duo,
        lambda: current_path(dash_duo) == path,
        lambda: f"expected path {path}, at {current_path(dash_duo)}",
    )


def wait_for_path_matching(dash_duo, pattern: str) -> re.Match:
    """Wait until the whole path (with query) matches `pattern`; the match."""
    return wait_until(
        dash_duo,
        lambda: re.fullmatch(pattern, current_path(dash_duo)),
        lambda: f"expected a path matching {pattern}, at {current_path(dash_duo)}",
    )


def wait_until(dash_duo, condition: Callable[[], object], message) -> object:
    """Poll `condition` until truthy; elements re-rendered meanwhile are re-read."""
    try:
        return WebDriverWait(
            dash_duo.driver,
            WAIT_SECONDS,
            poll_frequency=0.1,
            ignored_exceptions=(StaleElementReferenceException,),
        ).until(lambda _driver: condition())
    except TimeoutException as error:
        raise AssertionError(message() if callable(message) else message) from error


def wait_for_callbacks(dash_duo) -> None:
    """Wait until no callback is in flight, e.g. the one a "New" button starts to
    empty an editor: what is typed before its answer arrives would be wiped."""
    wait_until(
        dash_duo,
        lambda: dash_duo.redux_state_rqs == [],
        lambda: f"callbacks still pending: {dash_duo.redux_state_rqs}",
    )


def dash_prop(dash_duo, component_id: str, prop: str):
    """A prop as the Dash renderer holds it: what callbacks receive as State."""
    return dash_duo.driver.execute_script(
        "const layout = window.dash_component_api.getLayout(arguments[0]);"
        "return layout ? layout.props[arguments[1]] : null;",
        component_id,
        prop,
    )


def count(dash_duo, selector: str) -> int:
    """How many elements match now (find_elements would wait for the implicit
    timeout when there are none)."""
    return dash_duo.driver.execute_script(
        "return document.querySelectorAll(arguments[0]).length;", selector
    )


# --- language -----------------------------------------------------------------


def translate(language: str, msgid: str, **params: object) -> str:
    """`msgid` in `language` ("en" or "zh_CN"), placeholders filled."""
    text = catalog(language).get(msgid, msgid)
    return text.format(**params) if params else text


def page_language(dash_duo) -> str:
    """The language of the app page the browser is on: "en" or "zh_CN"."""
    return dash_duo.find_element(".app-shell").get_attribute("lang").replace("-", "_")


def ui_text(dash_duo, msgid: str, **params: object) -> str:
    """A UI string as the page shows it, in the page's language."""
    return translate(page_language(dash_duo), msgid, **params)


def in_language(dash_duo, en: str, zh: str) -> str:
    """Data named per language (a role, a custom field, a dictionary entry) as
    the page shows it."""
    return zh if page_language(dash_duo) == "zh_CN" else en


# --- pages --------------------------------------------------------------------


def open_customers(dash_duo, total: int = REP_A1_CUSTOMERS) -> list[str]:
    visit(dash_duo, "/customers")
    dash_duo.wait_for_text_to_equal("#customers-total", f"Total: {total}")
    return wait_for_grid(
        dash_duo,
        "customers-grid",
        lambda names: len(names) == min(total, 20),
        "the first page never filled",
    )


def open_detail(dash_duo, seeded_db, name: str) -> None:
    visit(dash_duo, f"/customers/{seeded_db.customer_ids[name]}")
    dash_duo.wait_for_contains_text("#customer-detail-name", name)


def wait_for_tab_labels(dash_duo, tabs_id: str, expected: list[str]) -> None:
    labels: list[str] = []

    def check():
        labels[:] = [
            link.text for link in dash_duo.find_elements(f"#{tabs_id} .nav-link")
        ]
        return labels == expected

    wait_until(dash_duo, check, lambda: f"#{tabs_id} tabs are {labels}")


def click_tab(dash_duo, tabs_id: str, label: str) -> None:
    """Click the tab whose label starts with `label`; wait until it is active
    (re-reading the tabs: a callback may re-render them)."""
    links = [
        link
        for link in dash_duo.find_elements(f"#{tabs_id} .nav-link")
        if link.text.startswith(label)
    ]
    assert links, f"no tab {label!r} in #{tabs_id}"
    # Centred: scrolled to the top edge, the sticky top bar would take the click.
    dash_duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'})", links[0]
    )
    links[0].click()
    wait_until(
        dash_duo,
        lambda: dash_duo.find_element(f"#{tabs_id} .nav-link.active").text.startswith(
            label
        ),
        f"tab {label!r} never became active",
    )


# --- forms --------------------------------------------------------------------


def fill(dash_duo, selector: str, text: str) -> None:
    """Replace an input's text, the way a user would."""
    element = dash_duo.wait_for_element(selector)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    if text:
        element.send_keys(text)


def wait_for_value(dash_duo, selector: str, value: str) -> None:
    """An input's current value (a textarea's text is not its value)."""

    def current() -> str:
        return dash_duo.find_element(selector).get_attribute("value")

    wait_until(
        dash_duo, lambda: current() == value, lambda: f"{selector} holds {current()!r}"
    )


def is_invalid(dash_duo, selector: str) -> bool:
    classes = dash_duo.find_element(selector).get_attribute("class") or ""
    return "is-invalid" in classes.split()


def select_value(dash_duo, select_id: str, value: str) -> None:
    """Pick the option whose value is `value` in the select `select_id`."""
    Select(dash_duo.find_element(f"#{select_id}")).select_by_value(value)


# --- AG Grid ------------------------------------------------------------------

_GRID_COLUMN_JS = """
const [gridId, colId] = arguments;
const rows = document.querySelectorAll(
    `#${gridId} .ag-center-cols-container .ag-row`);
return Array.from(rows)
    .sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index'))
    .map(row => (row.querySelector(`[col-id="${colId}"]`) || {}).innerText || '');
"""


def grid_column(dash_duo, grid_id: str, col_id: str = "name") -> list[str]:
    """One column's texts, in row order, read in a single script (no stale reads)."""
    return dash_duo.driver.execute_script(_GRID_COLUMN_JS, grid_id, col_id)


def wait_for_grid(
    dash_duo,
    grid_id: str,
    condition: Callable[[list[str]], bool],
    message: str,
    col_id: str = "name",
) -> list[str]:
    """Wait until the grid's column (by default "name") satisfies `condition`;
    return it."""
    names: list[str] = []

    def check():
        names[:] = grid_column(dash_duo, grid_id, col_id)
        return condition(names)

    wait_until(dash_duo, check, lambda: f"{message}; grid shows {names}")
    return names


def select_grid_row(dash_duo, grid_id: str, text: str) -> None:
    """Tick the row checkbox of the row named `text`; wait until Dash has it in
    selectedRows (dash-ag-grid reports the selection a tick after the click)."""
    cell = grid_cell(dash_duo, grid_id, text)
    row = cell.find_element(By.XPATH, "./ancestor::div[@role='row']")
    row.find_element(By.CSS_SELECTOR, ".ag-selection-checkbox input").click()
    wait_until(
        dash_duo,
        lambda: (
            text
            in [r["name"] for r in dash_prop(dash_duo, grid_id, "selectedRows") or []]
        ),
        f"{text!r} never joined the selection of #{grid_id}",
    )


def row_cell(
    dash_duo, grid_id: str, row_name: str, col_id: str, name_col: str = "name"
):
    """The cell of column `col_id` in the row whose column `name_col` (by
    default "name") reads `row_name`."""
    name_cell = grid_cell(dash_duo, grid_id, row_name, name_col)
    row_index = name_cell.find_element(
        By.XPATH, "./ancestor::div[@role='row']"
    ).get_attribute("row-index")
    return dash_duo.find_element(
        f"#{grid_id} .ag-center-cols-container .ag-row[row-index='{row_index}'] "
        f"[col-id='{col_id}']"
    )


def grid_cell(dash_duo, grid_id: str, text: str, col_id: str = "name"):
    """The (displayed) cell of column `col_id` whose text is `text`."""
    selector = f"#{grid_id} .ag-center-cols-container .ag-row [col-id='{col_id}']"

    def found():
        for cell in dash_duo.driver.find_elements(By.CSS_SELECTOR, selector):
            if cell.text == text:
                return cell
        return None

    return wait_until(dash_duo, found, f"no cell {text!r} in #{grid_id}")


# --- analytics pages ----------------------------------------------------------


def close_drill(dash_duo, report: ReportPage) -> None:
    """Close an analytics page's drill-down dialog; wait until it is closed."""
    dash_duo.find_element(f"#{report.DRILL} .btn-close").click()
    wait_until(
        dash_duo,
        lambda: not dash_prop(dash_duo, report.DRILL, "is_open"),
        "the drill-down dialog stayed open",
    )
