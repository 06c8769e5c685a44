"""Third Party Reporting Centres: model, CSV import, list, map, nearest."""
import os
from urllib.parse import urlsplit

from flask import Blueprint

from . import models  # noqa: F401

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

bp = Blueprint("centres", __name__, cli_group="centres")


def tile_origin(url: str) -> str:
    """The scheme and host the map's tiles come from, as a CSP source ("{s}." becomes "*.")."""
    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"MAP_TILE_URL must be an http(s) address, not {url!r}")
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}"


@bp.record_once
def _setup(state) -> None:
    app = state.app
    app.config.setdefault("MAP_TILE_URL", os.environ.get("MAP_TILE_URL", DEFAULT_TILE_URL))
    app.config.setdefault("MAP_ATTRIBUTION", os.environ.get("MAP_ATTRIBUTION", DEFAULT_ATTRIBUTION))
    # The map's tiles are the only images from another site; nothing else in the policy is widened.
    origin = tile_origin(app.config["MAP_TILE_URL"])
    extra = list(app.config.get("CSP_EXTRA_IMG_SRC", []))
    if origin not in extra:
        extra.append(origin)
    app.config["CSP_EXTRA_IMG_SRC"] = extra

    from ..core.cli import register_sample_loader
    from .sample import load_sample_centres

    register_sample_loader(app, "centres", load_sample_centres)


from . import cli, routes  # noqa: E402,F401
