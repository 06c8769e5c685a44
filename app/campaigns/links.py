"""The short link /c/<code>, answered in front of the Flask app.

Every poster, bus panel, taxi card and radio advert points here. Each click is committed before
its redirect (none may be lost), and the link should cost little more than a bare Flask page
(see BENCHMARKS.md). As a Flask view, the hooks every page runs (the limiter's, the locale, the
session, the after-request handlers) made a click four times as slow as it is here, so this small
WSGI layer answers GET and HEAD on /c/<code> and hands every other request to Flask untouched.

It applies the site's rules from where they live, not copies of them: where a code leads, who is
counted and the click (services.follow_link); the client key (extensions.address_key) and the
limiter's storage when it is shared (Redis); the language (i18n.choose); the session cookie
(core.session); the response headers (security.site_headers).

A client over its limit still gets the redirect but is neither counted nor remembered: a short
link must never strand anyone (think of a crowd behind one college address scanning the same
poster), and a flood must not reach the figures.
"""
import re
import threading
import time

from flask import Flask
from limits import parse
from limits.storage import MemoryStorage

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
        # Counted in this worker's memory when the limiter's storage is too, and while a shared one is down.
        self.in_worker = WorkerLimit(self.limit.amount, self.limit.get_expiry())
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
        with app.app_context():
            headers = security.site_headers(path="/c/")  # as every page sends them
            try:
                location, cookies = self.follow(code, app.request_class(environ))
            except Exception:  # never strand a person: anything unforeseen still sends them home
                app.logger.exception("Campaign link: unexpected failure; the person was sent to the home page")
                location, cookies = "/", []
        start_response("302 Found", [*headers, ("Location", location), ("Content-Length", "0"), *cookies])
        return [b""]

    def follow(self, code: str, request) -> tuple[str, list[tuple[str, str]]]:
        """Records the click; returns where to send the person and the session cookie headers."""
        app, interface = self.app, self.app.session_interface
        # Most arrive from a poster or an advert with no cookie of ours: then there is none to read.
        has_cookie = "HTTP_COOKIE" in request.environ
        session = interface.open_session(app, request) if has_cookie else interface.session_class()
        arrival = services.follow_link(
            code,
            method=request.method,
            address=request.remote_addr,
            user_agent=request.headers.get("User-Agent", ""),
            lang=i18n.choose(request.args.get("lang", ""), session, request.headers.get("Accept-Language", "")),
            countable=self.allows(request.remote_addr),
        )
        if arrival.counted and arrival.campaign_id is not None:
            session[ORIGIN_KEY] = arrival.campaign_id
        if not session.modified:
            return arrival.location, []
        return arrival.location, interface.cookie_headers(request.environ, app, session)

    def allows(self, address) -> bool:
        """True while this client is within the link's limit. It is counted where the limiter
        counts the site's other limits: in its shared storage (Redis in production, one count for
        every worker and server), or in this worker's memory when that is the limiter's storage
        (memory://). While a shared storage cannot be reached, each worker counts in its own
        memory for a while, as the limiter does for the other limits."""
        if not self.app.config.get("RATELIMIT_ENABLED", True):
            return True
        client = address_key(address)
        shared = not isinstance(limiter.limiter.storage, MemoryStorage)
        if shared and time.monotonic() >= self.storage_down_until:
            try:  # keyed as the limiter keys its own limits
                return limiter.limiter.hit(self.limit, *self.prefix, client, LIMIT_SCOPE)
            except Exception:
                self.app.logger.warning("Rate limit storage unreachable: short links are limited in memory")
                self.storage_down_until = time.monotonic() + STORAGE_RETRY_SECONDS
        return self.in_worker.hit(client)


class WorkerLimit:
    """A fixed-window limit counted in this worker's memory, as the limiter counts (each client's
    window starts with its first hit): the short link's limit when the limiter keeps its counts in
    memory (memory://, per worker as well), or while it cannot reach a shared storage.

    The limiter's own memory storage starts a new thread every hundredth of a second under load to
    expire its counts; at the rate a poster can be scanned, that cost a click more than its
    database write (BENCHMARKS.md). Here, ended windows are swept once a window.
    """

    def __init__(self, amount: int, seconds: int, clock=time.monotonic):
        self.amount, self.seconds, self.clock = amount, seconds, clock
        self.counts: dict[str, tuple[int, float]] = {}  # key: (hits, when its window ends)
        self.sweep_at = clock() + seconds
        self.lock = threading.Lock()

    def hit(self, key: str) -> bool:
        now = self.clock()
        with self.lock:
            if now >= self.sweep_at:
                self.counts = {k: counted for k, counted in self.counts.items() if counted[1] > now}
                self.sweep_at = now + self.seconds
            hits, ends = self.counts.get(key, (0, 0.0))
            if ends <= now:
                hits, ends = 0, now + self.seconds
            self.counts[key] = (hits + 1, ends)
        return hits + 1 <= self.amount
