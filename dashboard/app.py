"""App factory: Flask server → auth → Dash pages → callbacks."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

import dash
import flask
from dash import Dash

from dashboard import auth, branding, shell
from dashboard.callbacks import register_all
from dashboard.components.feedback import alert
from dashboard.i18n import _
from dashboard.ids import Shell
from services.database import Database
from services.settings import PROJECT_ROOT, Settings

log = logging.getLogger(__name__)
PAGES_DIR = Path(__file__).parent / "pages"


def _on_callback_error(error: Exception) -> None:
    """Unexpected callback errors: log the traceback, show a friendly message."""
    log.exception("callback failed", exc_info=error)
    dash.set_props(
        Shell.FLASH,
        {
            "children": alert(
                _("Something went wrong. The error was logged; please try again.")
            )
        },
    )


def _server_error(_error):
    log.exception("request failed")
    return flask.render_template("error.html", _=_, title="Pelago"), 500


def create_app(settings: Settings | None = None) -> Dash:
    settings = settings or Settings.from_env()
    server = flask.Flask(__name__)
    server.config.update(
        SECRET_KEY=settings.secret_key,
        PELAGO_LANGUAGE=settings.default_language,
        PELAGO_TIMEZONE=settings.timezone,
        PELAGO_TITLE="Pelago CRM",
    )
    server.extensions["pelago_db"] = Database(settings.database_url)
    auth.init_auth(server)
    server.register_blueprint(branding.blueprint)
    server.register_error_handler(500, _server_error)

    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PAGES_DIR),
        assets_folder=str(PROJECT_ROOT / "assets"),
        title="Pelago CRM",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        on_error=_on_callback_error,
    )
    app.layout = shell.layout
    register_all(app)
    if settings.debug:
        app.enable_dev_tools(debug=True)
    return app


def make_ready(app: Dash) -> None:
    """A worker's last set-up step, before it serves anyone. Dash completes
    its set-up on the first request, and that is not thread-safe: two
    threads' first requests at once raced over the callback map (HTTP 500,
    seen under locust), so one request goes here. Then the app's objects,
    which live as long as the worker, leave the garbage collector's full
    collections: each walked all ~180,000 of them (~35 ms, a stall of
    whichever request it fell in)."""
    app.server.test_client().get("/healthz")
    gc.freeze()
