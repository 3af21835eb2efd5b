"""A worker readied by make_ready (dashboard/wsgi.py) has finished Dash's
set-up before its first real request, and keeps the app's objects out of the
garbage collector's full collections."""

from __future__ import annotations

import gc

from dashboard.app import make_ready
from tests.callbacks.conftest import login


def test_make_ready_sets_dash_up_and_freezes_the_apps_objects(app, client):
    frozen = gc.get_freeze_count()
    try:
        make_ready(app)

        assert app._got_first_request["setup_server"]
        assert gc.get_freeze_count() > frozen
        # The app serves as before.
        assert login(client, "rep_a1").status_code == 302
        assert client.get("/").status_code == 200
    finally:
        gc.unfreeze()  # the test process's objects are collectable again
