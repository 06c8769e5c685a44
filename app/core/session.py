"""The public session cookie, and why it is never written on a request from another site.

The cookie is SameSite=Strict, so a browser following a link from another site (social media, an
email, a campaign's short link shared online) does not send it. If we answered such a request with
a new cookie, it would replace the person's own and lose an unfinished report. So a cross-site
request never writes the session: the person's cookie is there again on their next click within
the site.
"""
from flask import request
from flask.sessions import SecureCookieSessionInterface


class PublicSessionInterface(SecureCookieSessionInterface):
    def save_session(self, app, session, response) -> None:
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            return
        super().save_session(app, session, response)
