"""The public session cookie, and why it is never written on a request from another site.

The cookie is SameSite=Strict, so a browser following a link from another site (social media, an
email) does not send it. If we answered such a request with a new cookie, it would replace the
person's own and lose an unfinished report. So a cross-site request never writes the session: the
person's cookie is there again on their next click within the site.
"""
from flask import request
from flask.sessions import SecureCookieSessionInterface


class PublicSessionInterface(SecureCookieSessionInterface):
    def get_signing_serializer(self, app):
        """Flask builds a new serializer for every request; one per set of keys is enough."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = app.extensions.get("session.serializer")
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            app.extensions["session.serializer"] = cached
        return cached[1]

    def save_session(self, app, session, response) -> None:
        self.save_for(request.environ, app, session, response)

    def save_for(self, environ, app, session, response) -> None:
        """save_session for a request answered outside Flask's request context (the short link)."""
        if environ.get("HTTP_SEC_FETCH_SITE") == "cross-site":
            return
        super().save_session(app, session, response)
