from flask import Response, current_app, redirect, session
from sqlalchemy import text

from ..extensions import csrf, db
from . import bp
from .exit import run_exit_hooks


@bp.get("/exit")
@csrf.exempt
def exit_page():
    """Exit this page: forget everything about this visit, then go somewhere neutral.

    A GET link, so it works without JavaScript and from the GOV.UK component's button.
    """
    run_exit_hooks()
    session.clear()
    response = redirect(current_app.config["EXIT_URL"], code=303)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not healthy"
        db.session.rollback()
        return Response("database unavailable\n", status=503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain")


@bp.get("/robots.txt")
def robots():
    return Response("User-agent: *\nDisallow: /staff/\nDisallow: /report/\nDisallow: /exit\nDisallow: /c/\n", mimetype="text/plain")
