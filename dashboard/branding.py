"""GET /branding/logo: the uploaded company logo, public (the login page may show
it). The URL carries the upload's token (?v=…), so a matching request may be
cached for good and a new upload is fetched at once."""

from __future__ import annotations

import flask

from dashboard.context import read_session
from services.appearance import Appearance, get_appearance, logo_image

blueprint = flask.Blueprint("branding", __name__)
LOGO_PATH = "/branding/logo"


def logo_url(appearance: Appearance) -> str | None:
    return f"{LOGO_PATH}?v={appearance.logo_token}" if appearance.has_logo else None


@blueprint.route(LOGO_PATH)
def logo():
    with read_session() as session:
        image = logo_image(session)
        token = get_appearance(session).logo_token
    if image is None:
        flask.abort(404)
    data, mime, _uploaded_at = image
    response = flask.Response(data, mimetype=mime)
    # Only the sniffed-and-verified raster type is ever served: never let the
    # browser guess another one.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    if flask.request.args.get("v") == token:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response
