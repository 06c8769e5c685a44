"""Counting visitors without cookies or addresses, and where a short link sends them.

How a visitor is counted
    visitor_hash = first 32 hex characters of HMAC-SHA256(key=today's salt, address + user agent).
    The salt is 32 random bytes made on the first click of the day and deleted once the day is
    over, so the same person gets an unrelated hash tomorrow and nobody (us included) can work
    back from a hash to an address. The address and user agent are used for that one sum and
    never stored. "Unique visitors" is therefore always per day; summing days counts a person
    once per day they came.

What is not counted (the person still gets the redirect)
    HEAD requests, requests with no user agent, and user agents containing any of BOT_MARKERS:
    search engine crawlers and the previewers that chat and social apps send when a link is
    pasted, so a link shared in a group is not counted once per member's app.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from ..core import clock
from ..database import commit_without_disk_wait
from ..extensions import db
from .editing import find_campaign, is_active
from .models import Click, DailySalt
from .rules import PATH_MAX, clean_code, is_safe_landing_path, is_valid_code

# Lower case; matched anywhere in the user agent. "bot" already covers most crawlers and the
# chat apps' previewers, which are listed too so the list says what it is for.
BOT_MARKERS = (
    "bot", "crawler", "spider",
    "facebookexternalhit", "slackbot", "twitterbot", "whatsapp", "telegrambot", "discordbot",
    "linkedinbot", "skypeuripreview",
    "curl/", "wget/", "python-requests",
)


def is_countable(method: str, user_agent: str | None) -> bool:
    """False for HEAD requests, a missing user agent and the bots and link previewers above."""
    if method.upper() == "HEAD" or not user_agent:
        return False
    agent = user_agent.lower()
    return not any(marker in agent for marker in BOT_MARKERS)


def purge_salts(keep: date | None = None) -> int:
    """Deletes every salt older than `keep` (today). Returns how many were deleted; commits."""
    keep = keep or clock.today()
    result = db.session.execute(delete(DailySalt).where(DailySalt.day < keep))
    db.session.commit()
    return result.rowcount or 0


def daily_salt(day: date | None = None) -> str:
    """Today's salt, made on first use. Making it deletes the older ones, in the same commit.

    Kept for the day in the app, so a click reads it from the database only once a day per process.
    """
    day = day or clock.today()
    cached = current_app.extensions.get("campaigns.salt")
    if cached and cached[0] == day:
        return cached[1]
    try:
        with db.engine.begin() as conn:
            salt = conn.scalar(select(DailySalt.salt).where(DailySalt.day == day))
            if salt is None:
                conn.execute(delete(DailySalt).where(DailySalt.day < day))
                salt = secrets.token_hex(32)
                conn.execute(insert(DailySalt).values(day=day, salt=salt))
    except IntegrityError:  # another worker made it first: use theirs
        with db.engine.connect() as conn:
            salt = conn.scalar(select(DailySalt.salt).where(DailySalt.day == day))
    current_app.extensions["campaigns.salt"] = (day, salt)
    return salt


def visitor_hash(address: str | None, user_agent: str | None, day: date | None = None) -> str:
    key = bytes.fromhex(daily_salt(day))
    message = f"{address or ''}\n{user_agent or ''}".encode("utf-8", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Arrival:
    """Where a short link sends someone, and what was recorded."""

    location: str
    campaign_id: int | None  # set only for a campaign that is running today
    counted: bool


def _write_click(*, moment: datetime, campaign_id, code_used, source, landing_path, address, user_agent,
                 lang) -> None:
    """Writes one click at `moment`, committed when this returns (without waiting for the disk:
    a killed server never loses a click, see app/database.py)."""
    day = clock.site_day(moment)
    commit_without_disk_wait(Click(
        campaign_id=campaign_id,
        code_used=code_used,
        source=source,
        day=day,
        minute=moment.replace(second=0, microsecond=0),
        visitor_hash=visitor_hash(address, user_agent, day),
        landing_path=landing_path[:PATH_MAX],
        lang=(lang or "en")[:8],
    ))


def follow_link(raw_code: str, *, method: str, address, user_agent, lang: str, countable: bool = True) -> Arrival:
    """A visit to /c/<code>: where to send the person, with the click committed first.

    Unknown codes, and campaigns that have ended or not started, go to the home page and are
    counted with no campaign, so a mistyped or old poster still shows up in the figures.
    `countable` False (a client over its limit) sends the person on without counting them.
    If the database fails the person is still sent on (to the home page when the campaign
    could not be read): a short link must never leave someone stranded.
    """
    code = clean_code(raw_code)
    counted = countable and is_countable(method, user_agent)
    location, campaign_id = "/", None
    moment = clock.now()  # one reading: a click just before midnight is dated the day its campaign was judged on
    for attempt in (1, 2):
        try:
            campaign = find_campaign(code) if is_valid_code(code) else None
            location, campaign_id = _landing(campaign, moment)
            if counted:
                _write_click(moment=moment, campaign_id=campaign_id, code_used=code, source="link",
                             landing_path=location, address=address, user_agent=user_agent, lang=lang)
            return Arrival(location, campaign_id, counted)
        except SQLAlchemyError as exc:
            db.session.rollback()
            if attempt == 1 and _connection_lost(exc):
                continue  # the server restarted after the pool checked this connection: once more, on a new one
            current_app.logger.error("Campaign link: the database failed; the person was sent to %s uncounted (%s)",
                                     location, _cause(exc))
            return Arrival(location, campaign_id, False)


def _connection_lost(exc: SQLAlchemyError) -> bool:
    """True when the error was the connection itself dying (a restart, a failover), which a new
    connection may not meet; not a refused statement, which would fail the same way again."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _cause(exc: SQLAlchemyError) -> str:
    """What went wrong, for the log: the driver's error and its first line (no values of ours)."""
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [""])[0][:200]
    return f"{type(orig).__name__}: {first}" if first else type(orig).__name__


def _landing(campaign, moment: datetime) -> tuple[str, int | None]:
    """Where a campaign's link leads at `moment`, and its id while it is running (else home, None)."""
    if campaign is None or not is_active(campaign, clock.site_day(moment)):
        return "/", None
    if not is_safe_landing_path(campaign.landing_path):
        current_app.logger.error("Campaign %s has an unsafe landing page; sent to the home page", campaign.id)
        return "/", campaign.id
    return campaign.landing_path, campaign.id


def record_utm(utm_campaign: str, *, path: str, method: str, address, user_agent, lang: str,
               remembered: int | None = None) -> int | None:
    """A page visited with ?utm_campaign=<code>: counts it for a known campaign and returns the
    campaign's id when it is running today. Unknown values are ignored (nothing is stored).

    `remembered` is the campaign this visit already arrived through: the tagged address is then
    the same visit moving on (the language switch keeps the query), so it is not counted again.
    """
    code = clean_code(utm_campaign)
    if not is_valid_code(code) or not is_countable(method, user_agent):
        return None
    moment = clock.now()
    try:
        campaign = find_campaign(code)
        if campaign is None:
            return None
        active = is_active(campaign, clock.site_day(moment))
        if active and remembered == campaign.id:
            return campaign.id
        _write_click(moment=moment, campaign_id=campaign.id if active else None, code_used=code, source="utm",
                     landing_path=path if is_safe_landing_path(path) else "/",
                     address=address, user_agent=user_agent, lang=lang)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.error("Campaign utm visit could not be stored")
        return None
    return campaign.id if active else None
