"""The short link /c/<code>, and counting arrivals that carry ?utm_campaign=<code>.

The session key ORIGIN_KEY holds the id of the campaign a visitor arrived through (only while
that campaign is running). The report feature reads it, stores it on the report, and clears it.
"""
from flask import current_app, redirect, request, session
from flask_babel import get_locale

from ..core.cli import register_sample_loader
from ..core.exit import register_exit_hook
from ..extensions import limiter
from . import bp, services

ORIGIN_KEY = "origin_campaign_id"
DEFAULT_RATE_LIMIT = "120 per minute"


def _link_rate_limit() -> str:
    return current_app.config.get("CAMPAIGN_LINK_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def forget_origin() -> None:
    """Exit this page: the campaign a person came through is forgotten with everything else."""
    session.pop(ORIGIN_KEY, None)


@bp.record_once
def _register(state) -> None:
    register_sample_loader(state.app, "campaigns", services.load_samples)
    register_exit_hook(state.app, forget_origin)


@bp.get("/c/<code>")
@bp.get("/c/<code>/")  # a typed link often gains a slash; it still works
@limiter.limit(_link_rate_limit)
def short_link(code: str):
    arrival = services.follow_link(
        code,
        method=request.method,
        address=request.remote_addr,
        user_agent=request.user_agent.string,
        lang=str(get_locale()),
    )
    if arrival.counted and arrival.campaign_id is not None:
        session[ORIGIN_KEY] = arrival.campaign_id
    return redirect(arrival.location, code=302)


@bp.before_app_request
def count_utm_arrival():
    """Counts a page visited with ?utm_campaign=<a campaign's code>. Never redirects."""
    utm_campaign = request.args.get("utm_campaign")
    if not utm_campaign or request.method != "GET" or request.endpoint in ("static", "campaigns.short_link"):
        return None
    campaign_id = services.record_utm(
        utm_campaign,
        path=request.path,
        method=request.method,
        address=request.remote_addr,
        user_agent=request.user_agent.string,
        lang=str(get_locale()),
        remembered=session.get(ORIGIN_KEY),
    )
    if campaign_id is not None:
        session[ORIGIN_KEY] = campaign_id
    return None
