"""Error pages in the person's language. A database that cannot be reached is a calm 503, not a 500."""
from flask import Flask, Response, render_template
from flask.globals import request_ctx
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db


def _page(code: int):
    return render_template(f"errors/{code}.html"), code


RETRY_AFTER_SECONDS = 30  # a database or disk that went away is usually back within a minute


def init_app(app: Flask) -> None:
    @app.after_request
    def retry_after(response):
        """Every "try again" answer says when: browsers, proxies and monitoring read Retry-After."""
        if response.status_code == 503:
            response.headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
        return response

    @app.errorhandler(404)
    def not_found(error):
        return _page(404)

    # A wrong method, a malformed request or an oversized form all get the same plain page.
    @app.errorhandler(400)
    @app.errorhandler(405)
    @app.errorhandler(413)
    def bad_request(error):
        if request_ctx.url_adapter is None:
            # The request was refused before routing (a Host that is not the site's own): no page
            # of the site can be built for it, and none is owed.
            return Response("Bad request\n", error.code, mimetype="text/plain")
        return render_template("errors/400.html"), error.code

    @app.errorhandler(429)
    def too_many(error):
        return render_template("errors/429.html"), 429

    @app.errorhandler(503)
    def unavailable(error):
        return _page(503)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        app.logger.error("Database unavailable: %s", type(error).__name__)
        try:
            db.session.rollback()
        except DBAPIError:
            pass
        return _page(503)

    @app.errorhandler(500)
    def server_error(error):
        return _page(500)

    @app.errorhandler(Exception)
    def unexpected(error):
        if isinstance(error, HTTPException):
            return error
        app.logger.exception("Unhandled error")
        return _page(500)
