"""The short link /c/<code>, counting arrivals that carry ?utm_campaign=<code>, and what a visit
remembers of its campaign.

The session key ORIGIN_KEY holds the id of the campaign a visitor arrived through (only while
that campaign is running). The report feature stores it on every report sent in that visit; Exit
this page forgets it.
"""
from flask import Response, current_app, request, session
from flask_babel import get_locale

from ..core.cli import register_sample_loader
from ..core.exit import register_exit_hook
from ..extensions import db, limiter, within_limit
from . import bp, counting, sample

ORIGIN_KEY = "origin_campaign_id"
DEFAULT_RATE_LIMIT = "120 per minute"


def _link_rate_limit() -> str:
    return current_app.config.get("CAMPAIGN_LINK_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def forget_origin() -> None:
    """Exit this page: the campaign a person came through is forgotten with everything else."""
    session.pop(ORIGIN_KEY, None)


@bp.record_once
def _register(state) -> None:
    register_sample_loader(state.app, "campaigns", sample.load_samples)
    register_exit_hook(state.app, forget_origin)


@bp.get("/c/<code>")
@bp.get("/c/<code>/")  # a typed link often gains a slash; it still works
@limiter.limit(_link_rate_limit)
def short_link(code: str):
    """Every poster, bus panel, taxi card and advert points here. The click is committed before
    the redirect. A client over the limit is still sent on (think of a crowd behind one college
    address scanning the same poster) but is neither counted nor remembered, so a flood never
    reaches the figures."""
    try:
        arrival = counting.follow_link(
            code,
            method=request.method,
            address=request.remote_addr,
            user_agent=request.user_agent.string,
            lang=str(get_locale()),
            countable=within_limit(),
        )
    except Exception:  # never strand a person: anything unforeseen still sends them home
        db.session.rollback()
        current_app.logger.exception("Campaign link: unexpected failure; the person was sent to the home page")
        return _send_to("/")
    if arrival.counted and arrival.campaign_id is not None:
        session[ORIGIN_KEY] = arrival.campaign_id
    return _send_to(arrival.location)


def _send_to(location: str) -> Response:
    """A bare redirect: nobody reads a body on the way to the page."""
    return Response(b"", status=302, headers={"Location": location})


@bp.before_app_request
def count_utm_arrival():
    """Counts a page visited with ?utm_campaign=<a campaign's code>. Never redirects."""
    utm_campaign = request.args.get("utm_campaign")
    if not utm_campaign or request.method != "GET" or request.endpoint in ("static", "campaigns.short_link"):
        return None
    campaign_id = counting.record_utm(
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
