"""Versioned static files: every `url_for('static', ...)` carries `?v=<content hash>`, and a request
with the current hash may be cached for a year. A new build changes the hash, so nobody keeps an
old stylesheet, and an old page's request for an old hash is not cached as if it were current."""
import hashlib
from pathlib import Path

from flask import Flask, request

YEAR = 365 * 24 * 60 * 60


def init_app(app: Flask) -> None:
    known: dict[str, tuple[float, int, str]] = {}

    def version(filename: str) -> str | None:
        path = Path(app.static_folder) / filename
        try:
            stat = path.stat()
        except OSError:
            return None
        if not path.is_file():  # a folder (e.g. the map's image path) has no version
            return None
        cached = known.get(filename)
        if cached is None or cached[:2] != (stat.st_mtime, stat.st_size):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            cached = known[filename] = (stat.st_mtime, stat.st_size, digest)
        return cached[2]

    @app.url_defaults
    def add_version(endpoint, values):
        if endpoint == "static" and "v" not in values and values.get("filename"):
            current = version(values["filename"])
            if current:
                values["v"] = current

    @app.after_request
    def cache_versioned(response):
        if request.endpoint == "static" and response.status_code == 200:
            filename = (request.view_args or {}).get("filename", "")
            if request.args.get("v") and request.args.get("v") == version(filename):
                response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            else:
                response.headers["Cache-Control"] = "no-cache"  # revalidate with the ETag
        return response
