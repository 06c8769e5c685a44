"""Saving campaigns: every field checked, and a code that has clicks never changes."""
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from .. import messages
from ..forms import NotSaved
from ..core import clock
from ..extensions import db
from . import channels
from .models import Campaign, Click
from .rules import is_safe_landing_path, is_valid_code

NAME_MAX = 200


class CampaignInvalid(NotSaved):
    """The campaign cannot be saved."""


def _as_date(value):
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


# The public pages a campaign may open; a page with a name in its address must also exist.
LANDING_ENDPOINTS = {
    "content.home", "content.self_check", "content.page", "content.easy_read", "centres.index", "centres.centre",
    "reporting.start", "reporting.easy_start", "followup.sign_in", "figures.figures",
}


def landing_page_exists(path: str) -> bool:
    """True when the site serves a public page at `path` (the query is not looked at): a printed QR
    code must never lead to "page not found", a redirect or a staff page."""
    from ..centres.services import active_by_slug
    from ..content import pages

    try:
        endpoint, args = current_app.url_map.bind("localhost").match(path.partition("?")[0], method="GET")
    except (HTTPException, RequestRedirect):
        return False
    if endpoint not in LANDING_ENDPOINTS:
        return False
    if endpoint in ("content.page", "content.easy_read"):
        return args["slug"] != "home" and pages.find(args["slug"], "en", easy=endpoint == "content.easy_read") is not None
    if endpoint == "centres.centre":
        return active_by_slug(args["slug"]) is not None
    return True


def validate_campaign(
    *, code, name, channel, placement, landing_path, starts_on, ends_on, existing_id=None
) -> dict:
    """Checks every field and returns the cleaned values; raises CampaignInvalid with every problem."""
    errors = {}
    code = (code or "").strip()
    name = (name or "").strip()
    placement = (placement or "").strip()
    landing_path = (landing_path or "").strip()
    if not is_valid_code(code):
        errors["code"] = messages.CAMPAIGN_CODE
    else:
        taken = db.session.scalar(select(Campaign.id).where(Campaign.code == code))
        if taken is not None and taken != existing_id:
            errors["code"] = messages.CAMPAIGN_CODE_TAKEN
    if not name or len(name) > NAME_MAX:
        errors["name"] = messages.CAMPAIGN_NAME
    if channel not in channels.CODES:
        errors["channel"] = messages.CAMPAIGN_CHANNEL
    if not placement or len(placement) > NAME_MAX:
        errors["placement"] = messages.CAMPAIGN_PLACEMENT
    if not is_safe_landing_path(landing_path):
        errors["landing_path"] = messages.CAMPAIGN_LANDING
    elif not landing_page_exists(landing_path):
        errors["landing_path"] = messages.CAMPAIGN_LANDING_MISSING % {"path": landing_path}
    starts, ends = _as_date(starts_on), _as_date(ends_on)
    if starts is None:
        errors["starts_on"] = messages.CAMPAIGN_STARTS
    if ends is None:
        errors["ends_on"] = messages.CAMPAIGN_ENDS
    elif starts is not None and ends < starts:
        errors["ends_on"] = messages.CAMPAIGN_ENDS_BEFORE_START
    if errors:
        raise CampaignInvalid(errors)
    return {
        "code": code, "name": name, "channel": channel, "placement": placement,
        "landing_path": landing_path, "starts_on": starts, "ends_on": ends,
    }


def create_campaign(*, is_sample: bool = False, **fields) -> Campaign:
    """Validates and saves a campaign. Raises CampaignInvalid (nothing saved) when a field is wrong."""
    clean = validate_campaign(**fields)
    campaign = Campaign(is_sample=is_sample, **clean)
    db.session.add(campaign)
    try:
        db.session.commit()
    except IntegrityError:  # the same code saved by someone else a moment ago
        db.session.rollback()
        raise CampaignInvalid({"code": messages.CAMPAIGN_CODE_TAKEN}) from None
    return campaign


def update_campaign(campaign: Campaign, **fields) -> Campaign:
    """Validates and saves changes. Once a code has clicks it is printed somewhere: it cannot change."""
    clean = validate_campaign(existing_id=campaign.id, **fields)
    if clean["code"] != campaign.code:
        used = db.session.scalar(select(func.count()).select_from(Click).where(Click.campaign_id == campaign.id))
        if used:
            raise CampaignInvalid({"code": messages.CAMPAIGN_CODE_IN_USE})
    for key, value in clean.items():
        setattr(campaign, key, value)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise CampaignInvalid({"code": messages.CAMPAIGN_CODE_TAKEN}) from None
    return campaign


def is_active(campaign: Campaign, on: date | None = None) -> bool:
    on = on or clock.today()
    if campaign.starts_on is not None and on < campaign.starts_on:
        return False
    return campaign.ends_on is None or on <= campaign.ends_on


def find_campaign(code: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.code == code))
