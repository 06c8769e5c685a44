"""The short link /c/<code>, answered in front of the Flask app.

Every poster, bus panel, taxi card and radio advert points here. Each click is committed before
its redirect (none may be lost), and the link should cost little more than a bare Flask page
(see BENCHMARKS.md). As a Flask view, the hooks every page runs (the limiter's, the locale, the
session, the after-request handlers) made a click four times as slow as it is here, so this small
WSGI layer answers GET and HEAD on /c/<code> and hands every other request to Flask untouched.

It applies the site's rules from where they live, not copies of them: where a code leads, who is
counted and the click (services.follow_link); the client key (extensions.address_key) and the
limiter's storage; the language (i18n.choose); the session cookie (core.session); the response
headers (security.site_headers).

A client over its limit still gets the redirect but is neither counted nor remembered: a short
link must never strand anyone (think of a crowd behind one college address scanning the same
poster), and a flood must not reach the figures.
"""
import re
import time

from flask import Flask
from limits import parse
from limits.storage import MemoryStorage
from werkzeug.wrappers import Response

from .. import i18n, security
from ..extensions import address_key, limiter
from . import services
from .routes import ORIGIN_KEY

PATH = re.compile(r"/c/([^/]+)/?")  # a typed link often gains a slash; it still works
DEFAULT_RATE_LIMIT = "120 per minute"
LIMIT_SCOPE = "campaigns.short_link"
STORAGE_RETRY_SECONDS = 30


def install(app: Flask) -> None:
    app.wsgi_app = ShortLinks(app, app.wsgi_app)


class ShortLinks:
    def __init__(self, app: Flask, next_app):
        self.app, self.next_app = app, next_app
        self.limit = parse(app.config.get("CAMPAIGN_LINK_RATE_LIMIT", DEFAULT_RATE_LIMIT))
        self.prefix = [app.config["RATELIMIT_KEY_PREFIX"]] if app.config.get("RATELIMIT_KEY_PREFIX") else []
        self.fallback = None  # the limit counted in this worker's memory while the shared storage is down
        self.storage_down_until = 0.0

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            match = PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match:
                # WSGI carries the path as latin-1; it was sent as UTF-8 (as Flask's routing decodes it).
                code = match.group(1).encode("latin-1", "replace").decode("utf-8", "replace")
                return self.answer(code, environ, start_response)
        return self.next_app(environ, start_response)

    def answer(self, code: str, environ, start_response):
        app = self.app
        request = app.request_class(environ)
        with app.app_context():
            headers = security.site_headers(path="/c/")  # as every page sends them
            try:
                location, cookies = self.follow(code, request)
            except Exception:  # never strand a person: anything unforeseen still sends them home
                app.logger.exception("Campaign link: unexpected failure; the person was sent to the home page")
                location, cookies = "/", []
        start_response("302 Found", [*headers, ("Location", location), ("Content-Length", "0"), *cookies])
        return [b""]

    def follow(self, code: str, request) -> tuple[str, list[tuple[str, str]]]:
        """Records the click; returns where to send the person and the session cookie headers."""
        app = self.app
        session = app.session_interface.open_session(app, request)
        arrival = services.follow_link(
            code,
            method=request.method,
            address=request.remote_addr,
            user_agent=request.user_agent.string,
            lang=i18n.choose(request.args.get("lang", ""), session, request.headers.get("Accept-Language", "")),
            countable=self.allows(request.remote_addr),
        )
        if arrival.counted and arrival.campaign_id is not None:
            session[ORIGIN_KEY] = arrival.campaign_id
        if not session.modified:
            return arrival.location, []
        # The session interface writes its cookie (and Vary) onto a response: give it an empty one.
        carrier = Response()
        app.session_interface.save_for(request.environ, app, session, carrier)
        return arrival.location, [(name, value) for name, value in carrier.headers.items()
                                  if name in ("Set-Cookie", "Vary")]

    def allows(self, address) -> bool:
        """True while this client is within the link's limit, counted in the limiter's storage
        (Redis in production, shared by every worker). If that cannot be reached, each worker
        counts in its own memory for a while, as the limiter does for the site's other limits."""
        if not self.app.config.get("RATELIMIT_ENABLED", True):
            return True
        key = [*self.prefix, address_key(address), LIMIT_SCOPE]  # as the limiter keys its own limits
        if time.monotonic() >= self.storage_down_until:
            try:
                return limiter.limiter.hit(self.limit, *key)
            except Exception:
                self.app.logger.warning("Rate limit storage unreachable: short links are limited in memory")
                self.storage_down_until = time.monotonic() + STORAGE_RETRY_SECONDS
        if self.fallback is None:
            self.fallback = type(limiter.limiter)(MemoryStorage())
        return self.fallback.hit(self.limit, *key)
