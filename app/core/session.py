"""The public session cookie, and why it is never written on a request from another site.

The cookie is SameSite=Strict, so a browser following a link from another site (social media, an
email) does not send it. If we answered such a request with a new cookie, it would replace the
person's own and lose an unfinished report. So a cross-site request never writes the session: the
person's cookie is there again on their next click within the site.
"""
import time

from flask import request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.wrappers import Response


class PublicSessionInterface(SecureCookieSessionInterface):
    def get_signing_serializer(self, app):
        """Flask builds a new serializer for every request; one per set of keys is enough."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = app.extensions.get("session.serializer")
        if cached is None or cached[0] != keys:
            serializer = super().get_signing_serializer(app)
            cached = (keys, serializer and SameSecondSigner(serializer))
            app.extensions["session.serializer"] = cached
        return cached[1]

    def save_session(self, app, session, response) -> None:
        self.save_for(request.environ, app, session, response)

    def save_for(self, environ, app, session, response) -> None:
        """save_session for a request answered outside Flask's request context (the short link)."""
        if environ.get("HTTP_SEC_FETCH_SITE") == "cross-site":
            return
        super().save_session(app, session, response)

    def cookie_headers(self, environ, app, session) -> list[tuple[str, str]]:
        """The headers save_for would add to a response (Set-Cookie, Vary), without one.

        Everyone a poster brings in arrives with the same one-entry session (the campaign), and
        its cookie saved in the same second is the same bytes (see SameSecondSigner), so within
        a second those headers are built once, not once a click.
        """
        def build() -> list[tuple[str, str]]:
            carrier = Response()
            self.save_for(environ, app, session, carrier)
            return [(name, value) for name, value in carrier.headers.items() if name in ("Set-Cookie", "Vary")]

        contents = _flat(session)
        if contents is None:
            return build()
        key = (contents, session.permanent, session.modified, session.accessed,
               environ.get("HTTP_SEC_FETCH_SITE") == "cross-site")
        return app.extensions.setdefault("session.cookie_headers", SameSecond()).get(key, build)


class SameSecond:
    """Values that depend only on their key and the second they are made in, kept for that
    second. At most `size` a second: the rest are made each time."""

    def __init__(self, size: int = 64):
        self.size = size
        self.made = (None, {})  # (the second, {key: value made in it}), replaced in one step

    def get(self, key, make):
        now = int(time.time())
        second, made = self.made
        if now == second and key in made:
            return made[key]
        value = make()
        # Kept only when made within the second read before it (what it makes may read the clock).
        if int(time.time()) == now:
            if now != second:
                second, made = now, {}
                self.made = (second, made)
            if len(made) < self.size:
                made[key] = value
        return value


class SameSecondSigner:
    """The session serializer, reusing what it signed a moment ago for the same small session.

    A signed value depends only on the keys, the contents and the second it was signed in, so
    signing the same contents again within that second would give the same bytes. A campaign's
    short link signs the same one-entry session (the campaign) for every visitor a poster or a
    radio advert brings in: in a burst that signing was a large part of each click's cost.
    """

    def __init__(self, serializer):
        self.serializer = serializer
        self.signed = SameSecond()

    def loads(self, *args, **kwargs):
        return self.serializer.loads(*args, **kwargs)

    def dumps(self, obj):
        key = _flat(obj)
        if key is None:
            return self.serializer.dumps(obj)
        return self.signed.get(key, lambda: self.serializer.dumps(obj))


def _flat(obj) -> tuple | None:
    """The contents as a key when they are a few plain values (no lists, dicts or markup)."""
    if len(obj) > 4 or not all(type(value) in (str, int, bool) for value in obj.values()):
        return None
    return tuple(sorted(obj.items()))
