"""The simulated users of `python -m bench.load`: each logs in through the real
/login form as a demo user, then lists customers, opens one, logs follow-ups and
looks at the analytics, POSTing the real callbacks as the Dash renderer does.
Requests are named by type (list, detail, follow-up create, analytics, login)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash
from locust import HttpUser, between, task
from sqlalchemy import select

from bench import scenarios
from bench.scenarios import Scenario, wired_values
from dashboard.app import create_app
from dashboard.auth import CSRF_COOKIE
from dashboard.callback_client import UPDATE_URL, callback_body
from dashboard.ids import CustomerDetail, Customers, CustomFields, FollowUpForm, Home
from dashboard.labels import STAGES
from models import User
from services.dictionaries import active_codes
from services.settings import Settings

PASSWORD = "Pelago-2026"  # every demo user's
# Seconds on a page before the next action: a busy user, not an idle one.
THINK_S = (1, 5)
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
LIST = f"{Customers.TOTAL}.children"
DETAIL = f"{CustomerDetail.TIMELINE}.children"
SAVE = f"{FollowUpForm.SAVE}.n_clicks"
CHART = f"{Home.CHART}.figure"

_user_numbers = itertools.count()


@dataclass(frozen=True)
class Plan:
    """What every simulated user shares, built once per process by configure()."""

    app: Dash  # only for its callback_map: the callbacks' request bodies
    user_ids: dict[str, int]
    reps: list[str]
    leaders: list[str]
    followup_types: list[str]
    home: list[Scenario]  # summary, month KPIs
    charts: list[Scenario]  # target vs actual by month, quarter, year
    sections: list[Scenario]  # every analytics section × period


def configure(database_url: str) -> None:
    """Point the simulated users at the database gunicorn serves."""
    app = create_app(
        Settings(database_url=database_url, secret_key="load", default_language="en")
    )
    database = app.server.extensions["pelago_db"]
    with database.read_only() as session:
        user_ids = dict(
            session.execute(select(User.username, User.id).where(User.is_active)).all()
        )
        followup_types = sorted(active_codes(session, "followup_type"))
    database.dispose()
    home = _one_per_name(scenarios.home_scenarios(app))
    CrmUser.plan = Plan(
        app=app,
        user_ids=user_ids,
        reps=_numbered(user_ids, "rep"),
        leaders=_numbered(user_ids, "leader"),
        followup_types=followup_types,
        home=[s for s in home if s.callback != CHART],
        charts=[s for s in home if s.callback == CHART],
        sections=_one_per_name(scenarios.report_scenarios(app)),
    )


def _numbered(usernames, prefix: str) -> list[str]:
    """rep1, rep2, … in number order."""
    pattern = re.compile(rf"{prefix}(\d+)")
    found = [name for name in usernames if pattern.fullmatch(name)]
    return sorted(found, key=lambda name: int(name[len(prefix) :]))


def _one_per_name(plan: list[Scenario]) -> list[Scenario]:
    """The bench repeats each scenario per user; one of each is enough here."""
    return list({scenario.name: scenario for scenario in plan}.values())


def demo_username(number: int, plan: Plan) -> str:
    """The number-th simulated user's login: 1 in 25 the admin, 4 in 25 a leader,
    the rest reps (reps and leaders taken in turn)."""
    if number % 25 == 0:
        return "admin"
    if number % 5 == 0:
        return plan.leaders[number // 5 % len(plan.leaders)]
    return plan.reps[number % len(plan.reps)]


def danger_alert(node) -> str | None:
    """The text of the first red alert in a callback response (a service error
    or the app's "Something went wrong"), else None."""
    if isinstance(node, dict):
        props = node.get("props")
        if node.get("type") == "Alert" and isinstance(props, dict):
            if props.get("color") == "danger":
                return str(props.get("children"))[:120]
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    return next((text for child in children if (text := danger_alert(child))), None)


def problem(response) -> str:
    """What went wrong with a response: the connection error or the status."""
    if response.error and not response.status_code:
        return f"no response: {response.error!r}"[:160]
    return f"HTTP {response.status_code}: {response.text[:120]}"


def saved_toast(outputs: dict) -> bool:
    """The follow-up form says "saved" (a green toast) rather than field errors."""
    message = outputs.get(FollowUpForm.MESSAGE, {}).get("children") or {}
    return message.get("props", {}).get("color") == "success"


def local_input(moment: dt.datetime) -> str:
    """A datetime-local input's value."""
    return moment.strftime("%Y-%m-%dT%H:%M")


class CrmUser(HttpUser):
    plan: Plan  # set by configure()
    wait_time = between(*THINK_S)

    def on_start(self) -> None:
        self.username = demo_username(next(_user_numbers), self.plan)
        self.customers: list[dict] = []  # rows of the last non-empty list page
        while not self.log_in():
            self.wait()  # as a person would, tries again after a pause
        self.list_page(scenarios.customer_list())

    def log_in(self) -> bool:
        with self.client.get("/login", name="login", catch_response=True) as page:
            match = CSRF_FIELD.search(page.text or "")
            if not match:
                page.failure(f"no login form: {problem(page)}")
        if not match:
            return False
        form = {
            "csrf_token": match.group(1),
            "username": self.username,
            "password": PASSWORD,
        }
        with self.client.post(
            "/login",
            data=form,
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            logged_in = response.status_code == 302
            if not logged_in:
                response.failure(f"{self.username}: {problem(response)}")
        return logged_in

    def call(
        self,
        kind: str,
        callback: str,
        values: tuple,
        *,
        changed: str | None = None,
        expect: Callable[[dict], bool] | None = None,
    ) -> dict | None:
        """POST one callback; its outputs, or None after recording a failure."""
        body = callback_body(self.plan.app, callback, *values, changed=changed)
        headers = {"X-CSRFToken": self.client.cookies.get(CSRF_COOKIE, "")}
        with self.client.post(
            UPDATE_URL, json=body, headers=headers, name=kind, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(problem(response))
                return None
            payload = response.json()
            if error := danger_alert(payload):
                response.failure(f"{callback}: {error}")
                return None
            outputs = payload.get("response", {})
            if expect and not expect(outputs):
                response.failure(f"{callback}: unexpected response")
                return None
        return outputs

    def call_wired(self, kind: str, callback: str, given: dict, **options):
        return self.call(
            kind, callback, wired_values(self.plan.app, callback, given), **options
        )

    def list_page(self, given: dict, changed: str | None = None) -> None:
        outputs = self.call_wired("list", LIST, given, changed=changed)
        rows = outputs[Customers.GRID]["rowData"] if outputs else []
        if rows:
            self.customers = rows

    def own_customer(self) -> str | None:
        """The id of one of the user's own customers on the last list page;
        leaders and the admin fall back to any customer they see."""
        user_id = self.plan.user_ids[self.username]
        own = [row for row in self.customers if row["owner_id"] == user_id]
        return random.choice(own or self.customers)["id"] if self.customers else None

    def open_detail(self, customer_id: str, refresh: int = 0) -> dict | None:
        """The detail page's callbacks: every tab's content, custom fields and,
        sometimes, the opportunities tab."""
        record = {f"{CustomerDetail.CUSTOMER_ID}.data": customer_id}
        outputs = self.call_wired(
            "detail", DETAIL, record | {f"{CustomerDetail.REFRESH}.data": refresh}
        )
        self.call_wired(
            "detail",
            f"{CustomFields.detail('customer')}.children",
            record | {f"{CustomerDetail.REFRESH}.data": refresh},
        )
        if random.random() < 0.3:
            self.call_wired(
                "detail",
                f"{CustomerDetail.OPPORTUNITIES}.children",
                record | {f"{CustomerDetail.TABS}.active_tab": "opportunities"},
            )
        return outputs

    @task(4)
    def customer_list(self) -> None:
        """The first page mostly; sometimes a later page, a search, a stage."""
        roll = random.random()
        if roll < 0.5:
            self.list_page(scenarios.customer_list())
        elif roll < 0.7:
            page = random.randint(2, 5)
            pager = f"{Customers.PAGER}.active_page"
            self.list_page(scenarios.customer_list(page=page), changed=pager)
        elif roll < 0.85 and self.customers:
            row = random.choice(self.customers)
            search = (row["mobile"] or "")[:7] or row["name"][:2]
            self.list_page(scenarios.customer_list(search=search))
        else:
            self.list_page(scenarios.customer_list(stage=random.choice(STAGES)))

    @task(3)
    def customer_detail(self) -> None:
        if customer_id := self.own_customer():
            self.open_detail(customer_id)

    @task(1)
    def log_followup(self) -> None:
        """On a customer's page: save a follow-up with a contact and a next date,
        then the page reloads (the renderer fires the detail on the refresh)."""
        customer_id = self.own_customer()
        detail = customer_id and self.open_detail(customer_id)
        if not detail:
            return
        options = detail[FollowUpForm.CONTACT]["options"]
        contacts = [o["value"] for o in options if o["value"]] or [""]
        next_time = dt.datetime.now() + dt.timedelta(days=random.randint(1, 14))
        given = {
            SAVE: 1,
            f"{CustomerDetail.CUSTOMER_ID}.data": customer_id,
            f"{CustomerDetail.REFRESH}.data": 0,
            f"{FollowUpForm.TYPE}.value": random.choice(self.plan.followup_types),
            f"{FollowUpForm.CONTACT}.value": random.choice(contacts),
            f"{FollowUpForm.CONTENT}.value": "Load test: called about the quote.",
            f"{FollowUpForm.OCCURRED}.value": "",  # now
            f"{FollowUpForm.NEXT}.value": local_input(next_time),
        }
        if self.call_wired("follow-up create", SAVE, given, expect=saved_toast):
            self.open_detail(customer_id, refresh=1)

    @task(2)
    def analytics(self) -> None:
        """The home page's KPIs and chart, then two analytics sections."""
        chosen = [*self.plan.home, random.choice(self.plan.charts)]
        chosen += random.sample(self.plan.sections, 2)
        for scenario in chosen:
            self.call("analytics", scenario.callback, scenario.values)
