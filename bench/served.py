"""The site served on loopback as DEPLOY.md serves it to a browser: compressed with gzip (level 5 and
the types of deploy/nginx-reporthate.conf), with its sample data. For the page-weight and Lighthouse
benchmarks only: in production nginx compresses, never the app.

Also serves GOV.UK Frontend's own compiled stylesheet and script (from node_modules) under
/bench/govuk/, and a bare page that loads them, as the baseline the site's pages are compared with.
"""
import gzip
import logging
import socket
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from app import create_app
from app.config import BASE_DIR
from app.extensions import db

# deploy/nginx-reporthate.conf: gzip_comp_level 5, gzip_min_length 512, and these types (HTML always).
LEVEL = 5
MIN_LENGTH = 512
TYPES = {"text/html", "text/css", "application/javascript", "text/javascript", "image/svg+xml",
         "application/json", "text/plain", "text/csv"}
GOVUK = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
BASELINE_PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>GOV.UK Frontend</title>
<link rel="stylesheet" href="/bench/govuk/govuk-frontend.min.css"></head><body class="govuk-template__body">
<script type="module" src="/bench/govuk/govuk-frontend.min.js"></script></body></html>"""


class Compressed:
    """WSGI middleware: gzip what nginx would gzip, for a client that accepts it."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/bench/govuk" or path.startswith("/bench/govuk/"):
            return self._respond(environ, start_response, self._baseline(path))
        return self._respond(environ, start_response, self.app)

    @staticmethod
    def _baseline(path: str):
        name = path.rsplit("/", 1)[-1]
        if name == "govuk":
            return Response(BASELINE_PAGE, mimetype="text/html")
        file = GOVUK / name
        if name not in ("govuk-frontend.min.css", "govuk-frontend.min.js") or not file.is_file():
            return Response(status=404)
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(file.read_bytes(), mimetype=kind, headers={"Cache-Control": "public, max-age=31536000"})

    def _respond(self, environ, start_response, app):
        if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
            return app(environ, start_response)
        captured = {}
        written = []

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return written.append

        result = app(environ, capture)
        try:
            body = b"".join(written) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = captured["headers"]
        names = {name.lower(): value for name, value in headers}
        kind = names.get("content-type", "").split(";")[0].strip()
        if kind in TYPES and len(body) >= MIN_LENGTH and "content-encoding" not in names:
            body = gzip.compress(body, compresslevel=LEVEL)
            headers = [(n, v) for n, v in headers if n.lower() not in ("content-length", "vary")]
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body))),
                        ("Vary", ", ".join(filter(None, [names.get("vary"), "Accept-Encoding"])))]
        start_response(captured["status"], headers)
        return [body]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve():
    """Yields the base address of the site (sample data, a fresh SQLite file), served compressed."""
    from flask_migrate import upgrade

    logging.disable(logging.INFO)  # the migrations' and the server's own lines
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(folder) / 'bench.db'}",
                         INSTANCE_DIR=folder, SITE_URL=base, EXIT_URL=base + "/robots.txt",
                         RATELIMIT_ENABLED=False)
        with app.app_context():
            upgrade()
            for loader in app.extensions.get("sample_loaders", {}).values():
                loader()
            db.session.remove()
        server = make_server("127.0.0.1", port, Compressed(app), threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield base
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()
