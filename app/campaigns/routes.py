"""Counting arrivals that carry ?utm_campaign=<code>, and what a visit remembers of its campaign.

The session key ORIGIN_KEY holds the id of the campaign a visitor arrived through (only while
that campaign is running). The report feature stores it on every report sent in that visit; Exit
this page forgets it.
The short link /c/<code> itself is answered in front of Flask: see links.py.
"""
from flask import request, session
from flask_babel import get_locale

from ..core.cli import register_sample_loader
from ..core.exit import register_exit_hook
from . import bp, services

ORIGIN_KEY = "origin_campaign_id"


def forget_origin() -> None:
    """Exit this page: the campaign a person came through is forgotten with everything else."""
    session.pop(ORIGIN_KEY, None)


@bp.record_once
def _register(state) -> None:
    register_sample_loader(state.app, "campaigns", services.load_samples)
    register_exit_hook(state.app, forget_origin)


@bp.before_app_request
def count_utm_arrival():
    """Counts a page visited with ?utm_campaign=<a campaign's code>. Never redirects."""
    utm_campaign = request.args.get("utm_campaign")
    if not utm_campaign or request.method != "GET" or request.endpoint == "static":
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
