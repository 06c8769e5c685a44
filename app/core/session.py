"""The public session cookie, and why it is never written on a request from another site.

The cookie is SameSite=Strict, so a browser following a link from another site (social media, an
email) does not send it. If we answered such a request with a new cookie, it would replace the
person's own and lose an unfinished report. So a cross-site request never writes the session: the
person's cookie is there again on their next click within the site.
"""
import time

from flask import request
from flask.sessions import SecureCookieSessionInterface


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


class SameSecondSigner:
    """The session serializer, reusing what it signed a moment ago for the same small session.

    A signed value depends only on the keys, the contents and the second it was signed in, so
    signing the same contents again within that second would give the same bytes. A campaign's
    short link signs the same one-entry session (the campaign) for every visitor a poster or a
    radio advert brings in: in a burst that signing was a large part of each click's cost.
    """

    def __init__(self, serializer):
        self.serializer = serializer
        self.signed = (None, {})  # (the second, {contents: value signed in it})

    def loads(self, *args, **kwargs):
        return self.serializer.loads(*args, **kwargs)

    def dumps(self, obj):
        key = _flat(obj)
        second, signed = self.signed
        now = int(time.time())
        if key is not None and now == second and key in signed:
            return signed[key]
        value = self.serializer.dumps(obj)
        # Kept only when signed within the second read before it (the signer reads the clock too).
        if key is not None and int(time.time()) == now:
            if now != second:
                second, signed = now, {}
                self.signed = (second, signed)
            if len(signed) < 64:
                signed[key] = value
        return value


def _flat(obj) -> tuple | None:
    """The contents as a key when they are a few plain values (no lists, dicts or markup)."""
    if len(obj) > 4 or not all(type(value) in (str, int, bool) for value in obj.values()):
        return None
    return tuple(sorted(obj.items()))
