"""Login/logout routes, the login guard for pages and Dash requests, CSRF."""

from __future__ import annotations

from urllib.parse import urlsplit

import flask
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect, generate_csrf

from dashboard.branding import logo_url
from dashboard.context import read_session, unit_of_work
from dashboard.i18n import LANGUAGE_NAMES, _, negotiate_language
from services.appearance import get_appearance
from services.auth import authenticate, current_login
from services.settings import LANGUAGES

# Dash's renderer copies this cookie into the X-CSRFToken header of its POSTs.
CSRF_COOKIE = "_csrf_token"
LANGUAGE_COOKIE = "pelago_lang"
PUBLIC_PREFIXES = (
    "/login",
    "/assets/",
    "/_favicon.ico",
    "/favicon.ico",
    "/healthz",
    "/branding/",
)
# What a user who must first replace an admin-set password may still load.
PASSWORD_CHANGE_PATHS = ("/account", "/logout", "/_dash-", "/_reload-hash")

blueprint = flask.Blueprint("auth", __name__, template_folder="templates")
login_manager = LoginManager()
csrf = CSRFProtect()


class LoginUser(UserMixin):
    """What flask-login keeps: the user id and the session version it logged in with;
    a password change or disable bumps the version and ends this login."""

    def __init__(
        self,
        user_id: int,
        session_version: int,
        language: str | None,
        must_change_password: bool = False,
    ) -> None:
        self.user_id = user_id
        self.session_version = session_version
        self.language = language
        self.must_change_password = must_change_password

    def get_id(self) -> str:
        return f"{self.user_id}:{self.session_version}"


@login_manager.user_loader
def load_user(token: str) -> LoginUser | None:
    user_part, _sep, version_part = token.partition(":")
    if not (user_part.isdigit() and version_part.isdigit()):
        return None
    with read_session() as session:
        state = current_login(session, int(user_part), int(version_part))
    if not state.valid:
        return None
    return LoginUser(
        int(user_part), int(version_part), state.language, state.must_change_password
    )


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    error = None
    username = ""
    if flask.request.method == "POST":
        username = flask.request.form.get("username", "")
        with unit_of_work() as session:
            result = authenticate(
                session, username, flask.request.form.get("password", "")
            )
        if result.user_id is not None:
            flask.session.clear()
            login_user(
                LoginUser(result.user_id, result.session_version, result.language),
                remember=flask.request.form.get("remember") == "on",
            )
            return flask.redirect(_safe_next(flask.request.args.get("next")))
        error = _(result.error)
    with read_session() as session:
        appearance = get_appearance(session)
    return flask.render_template(
        "login.html",
        appearance=appearance,
        logo=logo_url(appearance),
        error=error,
        username=username,
        _=_,
        language=flask.g.language,
        languages=LANGUAGE_NAMES,
        title=flask.current_app.config["PELAGO_TITLE"],
    ), 200 if error is None else 401


@blueprint.route("/login/language/<language>")
def login_language(language: str):
    response = flask.redirect(flask.url_for("auth.login"))
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="Lax"
        )
    return response


@blueprint.route("/logout", methods=["POST"])
def logout():
    # Clear first: logout_user() leaves the note that deletes the remember cookie.
    flask.session.clear()
    logout_user()
    return flask.redirect(flask.url_for("auth.login"))


@blueprint.route("/healthz")
def healthz():
    return {"status": "ok"}


def _guard():
    """Logged-out: pages redirect to /login, Dash requests get 401."""
    path = flask.request.path
    language = current_user.language if current_user.is_authenticated else None
    flask.g.language = negotiate_language(
        language,
        flask.request.cookies.get(LANGUAGE_COOKIE),
        flask.current_app.config["PELAGO_LANGUAGE"],
    )
    if path.startswith(PUBLIC_PREFIXES):
        return None
    if current_user.is_authenticated:
        if current_user.must_change_password and not path.startswith(
            PASSWORD_CHANGE_PATHS
        ):
            return flask.redirect("/account")
        return None
    if path.startswith("/_dash-") or path.startswith("/_reload-hash"):
        return flask.Response("login required", status=401)
    return flask.redirect(
        flask.url_for(
            "auth.login",
            next=flask.request.full_path if flask.request.query_string else path,
        )
    )


def _set_csrf_cookie(response: flask.Response) -> flask.Response:
    if current_user.is_authenticated:
        response.set_cookie(
            CSRF_COOKIE,
            generate_csrf(),
            samesite="Strict",
            secure=flask.request.is_secure,
        )
    return response


def init_auth(server: flask.Flask) -> None:
    server.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session; pages stay open all day
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    login_manager.init_app(server)
    server.before_request(_guard)  # before CSRF: logged-out Dash calls get 401
    csrf.init_app(server)
    server.register_blueprint(blueprint)
    server.after_request(_set_csrf_cookie)
