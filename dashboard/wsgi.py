"""gunicorn entry point: `gunicorn dashboard.wsgi:server`."""

from dashboard.app import create_app

app = create_app()
server = app.server
# Dash completes its set-up on the first request, and that is not thread-safe:
# two threads' first requests at once raced over the callback map (HTTP 500,
# seen under locust). One request here, before the worker serves anyone.
server.test_client().get("/healthz")
