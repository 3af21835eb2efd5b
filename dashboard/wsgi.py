"""gunicorn entry point: `gunicorn dashboard.wsgi:server`."""

from dashboard.app import create_app, make_ready

app = create_app()
server = app.server
make_ready(app)
