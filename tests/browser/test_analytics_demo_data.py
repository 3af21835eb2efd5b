"""Every analytics page renders with the demo data (`pelago demo-data`, small)
for a team leader: each section's table fills, each chart draws,
no error is shown and the console stays clean."""

from __future__ import annotations

import pytest

import models
from dashboard.ids import ReportPage
from dashboard.reports import report_views
from services.database import Database
from services.demo_data import load_demo_data
from services.demo_data.vocabulary import PASSWORD
from tests.browser.conftest import SeededDb, submit_login, url, visit, wait_until

pytestmark = pytest.mark.browser
# Sections that may rightly be empty on the demo data: no pool rule is on by
# default, so nobody's customers are about to return to the pool.
MAY_BE_EMPTY = {("pool-health", "returning")}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = Database(f"sqlite:///{path}")
    try:
        models.Base.metadata.create_all(db.engine)
        load_demo_data(db.engine, scale="small", seed=42)
    finally:
        db.dispose()
    return str(path)


@pytest.fixture
def seeded_db(demo_template, tmp_path) -> SeededDb:
    """The crm fixture's database: a copy of the demo data."""
    import shutil

    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    return SeededDb(f"sqlite:///{target}", {}, {}, {})


def grid_rows(crm, grid_id: str) -> int:
    return crm.driver.execute_script(
        "return document.querySelectorAll(arguments[0]).length",
        f"#{grid_id} .ag-center-cols-container .ag-row",
    )


def test_every_analytics_page_renders_the_demo_data(crm, seeded_db):
    crm.driver.get(url(crm, "/login"))
    submit_login(crm, "leader1", PASSWORD)
    crm.wait_for_element("#home-month")

    for view in report_views():
        ids = ReportPage(view.report.key)
        visit(crm, f"{view.path}?period=this_year")
        for section in view.report.sections:
            if (view.report.key, section.key) in MAY_BE_EMPTY:
                continue
            grid = ids.grid(section.key)
            wait_until(
                crm,
                lambda grid=grid: grid_rows(crm, grid) > 0,
                f"{view.report.key}/{section.key}: no rows on the demo data",
            )
            if section.key in view.figures:
                graph = ids.graph(section.key)
                wait_until(
                    crm,
                    lambda graph=graph: (
                        crm.driver.execute_script(
                            "return document.querySelectorAll(arguments[0]).length",
                            f"#{graph} .main-svg .trace, #{graph} .main-svg .slice",
                        )
                        > 0
                    ),
                    f"{view.report.key}/{section.key}: the chart drew nothing",
                )
        assert not crm.driver.find_elements("css selector", ".alert-danger"), (
            f"{view.report.key} shows an error"
        )
    assert crm.get_logs() == []
