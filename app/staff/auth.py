"""Who is signed in, and what they may open.

Every staff view carries either `@requires(...)` or `@public`; the blueprint refuses any view
that has neither, so a new page can never be left open by mistake.

    from app.staff.auth import requires, current_user
    from app.staff.models import CASE_WORKER

    @bp.get("/cases/<public_id>")
    @requires(CASE_WORKER)
    def case(public_id): ...
"""
from functools import wraps

from flask import current_app, g, redirect, render_template, request, url_for

from . import services
from .models import StaffSession, StaffUser


def cookie_name() -> str:
    if current_app.config.get("STAFF_COOKIE_NAME"):
        return current_app.config["STAFF_COOKIE_NAME"]
    return "__Host-staff_session" if current_app.config.get("SESSION_COOKIE_SECURE") else "staff_session"


def cookie_path() -> str:
    # Browsers only accept a __Host- cookie with Path=/; elsewhere the cookie stays under /staff.
    return "/" if cookie_name().startswith("__Host-") else "/staff"


def set_cookie(response, token: str):
    response.set_cookie(
        cookie_name(), token, path=cookie_path(), httponly=True, samesite="Strict",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def clear_cookie(response):
    response.delete_cookie(
        cookie_name(), path=cookie_path(), httponly=True, samesite="Strict",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def load_session() -> None:
    """Run before every staff request: find the live session behind the cookie, if any."""
    found = services.find_session(request.cookies.get(cookie_name()))
    g.staff_session_checked = True
    g.staff_session = found
    g.staff_user = found.user if found is not None and found.second_factor_done else None
    g.staff_pending_user = found.user if found is not None and not found.second_factor_done else None


def current_session() -> StaffSession | None:
    return g.get("staff_session")


def current_user() -> StaffUser | None:
    """The fully signed-in staff member (password and second factor), or None."""
    return g.get("staff_user")


def pending_user() -> StaffUser | None:
    """Someone who has given their password but not yet their second factor."""
    return g.get("staff_pending_user")


def forbidden():
    return render_template("staff/forbidden.html"), 403


def requires(*roles: str):
    """Signed in with both factors and (when roles are given) holding one of them.

    Anonymous people go to the sign-in page; the wrong role gets a 403 page in their language.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("staff.login"))
            if roles and user.role not in roles:
                return forbidden()
            return view(*args, **kwargs)

        wrapped.staff_roles = roles
        return wrapped

    return decorator


def public(view):
    """A staff page that needs no sign-in (the sign-in and set-up pages)."""
    view.staff_public = True
    return view


def is_guarded(view) -> bool:
    return hasattr(view, "staff_roles") or getattr(view, "staff_public", False)


def refuse_unguarded():
    """Fail closed: a staff view without a role check is refused, and the log says which."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and not is_guarded(view):
        current_app.logger.error("Staff view %s has neither @requires nor @public", request.endpoint)
        return forbidden()
    return None


def _before_request():
    refused = refuse_unguarded()
    if refused is not None:
        return refused
    load_session()
    return None


def _after_request(response):
    # A session that ended on the server (timeout, sign-out, disabled) also leaves the browser.
    # (Only when the session was looked up: a refused form must not sign anyone out.)
    if (
        g.get("staff_session_checked") and g.get("staff_session") is None
        and request.cookies.get(cookie_name()) and not g.get("staff_cookie_done")
    ):
        clear_cookie(response)
    return response


def _context():
    from . import menu
    from .forms import ROLE_LABELS
    from .models import ROLES

    user = g.get("staff_user")
    return {"staff_user": user, "role_labels": ROLE_LABELS, "ROLES": ROLES, "staff_menu": menu.entries_for(user)}


def install(bp) -> None:
    """Make a blueprint part of the staff area: its sign-in check, cookie handling, menu and 403 page.

    Every staff feature's blueprint calls this, and must live under /staff (the cookie's path).
    """
    bp.before_request(_before_request)
    bp.after_request(_after_request)
    bp.context_processor(_context)
    bp.register_error_handler(403, lambda error: forbidden())
