"""Campaign links, click counting without cookies or addresses, attribution and QR codes.

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

Where a link may go
    Only to a page of this site: see is_safe_landing_path(). It is checked when a campaign is
    saved and again on every redirect, so a bad row in the database can never send anyone away.
"""
import hashlib
import hmac
import io
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from xml.etree import ElementTree

import segno
from flask import current_app
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .. import messages
from ..database import commit_without_disk_wait
from ..extensions import db
from . import channels
from .models import Campaign, Click, ClickDay, ClickDayMark, DailySalt
from .rules import CODE_MAX, PATH_MAX, clean_code, is_safe_landing_path, is_valid_code  # noqa: F401

try:
    from zoneinfo import ZoneInfo

    SITE_TIMEZONE = ZoneInfo("Europe/London")
except Exception:  # no time zone database on this machine: days then follow UTC
    SITE_TIMEZONE = timezone.utc

NAME_MAX = 200

# Lower case; matched anywhere in the user agent. "bot" already covers most crawlers and the
# chat apps' previewers, which are listed too so the list says what it is for.
BOT_MARKERS = (
    "bot", "crawler", "spider",
    "facebookexternalhit", "slackbot", "twitterbot", "whatsapp", "telegrambot", "discordbot",
    "linkedinbot", "skypeuripreview",
    "curl/", "wget/", "python-requests",
)

# QR codes for posters: error correction M or better, the standard quiet zone, ~1200 px PNGs.
QR_ERROR = "m"
QR_QUIET_ZONE = 4
QR_PNG_TARGET_PX = 1200


def now() -> datetime:
    """The current time (UTC). Tests replace this to travel in time."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today in Hertfordshire: campaign dates and the daily salt follow the local calendar."""
    return site_day(now())


def site_day(moment: datetime) -> date:
    """The day a moment falls on in Hertfordshire."""
    return moment.astimezone(SITE_TIMEZONE).date()


# ---------------------------------------------------------------------------------------------
# Validation


class CampaignInvalid(ValueError):
    """The campaign cannot be saved. `errors` maps each field to a message saying what to do."""

    def __init__(self, errors: dict):
        super().__init__("campaign not saved, check: " + ", ".join(errors))
        self.errors = errors


def _as_date(value):
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


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
    on = on or today()
    if campaign.starts_on is not None and on < campaign.starts_on:
        return False
    return campaign.ends_on is None or on <= campaign.ends_on


def find_campaign(code: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.code == code))


# ---------------------------------------------------------------------------------------------
# Counting visitors without keeping anything about them


def is_countable(method: str, user_agent: str | None) -> bool:
    """False for HEAD requests, a missing user agent and the bots and link previewers above."""
    if method.upper() == "HEAD" or not user_agent:
        return False
    agent = user_agent.lower()
    return not any(marker in agent for marker in BOT_MARKERS)


def purge_salts(keep: date | None = None) -> int:
    """Deletes every salt older than `keep` (today). Returns how many were deleted; commits."""
    keep = keep or today()
    result = db.session.execute(delete(DailySalt).where(DailySalt.day < keep))
    db.session.commit()
    return result.rowcount or 0


def daily_salt(day: date | None = None) -> str:
    """Today's salt, made on first use. Making it deletes the older ones, in the same commit.

    Kept for the day in the app, so a click reads it from the database only once a day per process.
    """
    day = day or today()
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
    day = site_day(moment)
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
    moment = now()  # one reading: a click just before midnight is dated the day its campaign was judged on
    try:
        campaign = find_campaign(code) if is_valid_code(code) else None
        location, campaign_id = _landing(campaign, moment)
        if counted:
            _write_click(moment=moment, campaign_id=campaign_id, code_used=code, source="link", landing_path=location,
                         address=address, user_agent=user_agent, lang=lang)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.error("Campaign link: the database failed; the person was sent to %s uncounted", location)
        return Arrival(location, campaign_id, False)
    return Arrival(location, campaign_id, counted)


def _landing(campaign, moment: datetime) -> tuple[str, int | None]:
    """Where a campaign's link leads at `moment`, and its id while it is running (else home, None)."""
    if campaign is None or not is_active(campaign, site_day(moment)):
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
    moment = now()
    try:
        campaign = find_campaign(code)
        if campaign is None:
            return None
        active = is_active(campaign, site_day(moment))
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


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class DayCount:
    day: date
    clicks: int
    unique_visitors: int  # distinct visitors on this day; a day's salt never links to another day


def roll_up_clicks(on: date | None = None) -> None:
    """Rolls every finished day's clicks into click_day: one row per campaign and day. A finished
    day never changes (clicks are dated when they happen, and its salt is gone), so this is done
    once, lazily, by whichever count first needs it. Safe from several processes at once."""
    yesterday = (on or today()) - timedelta(days=1)
    mark = db.session.get(ClickDayMark, 1)
    through = mark.through if mark else None
    if through is not None and through >= yesterday:
        return
    if through is None:
        first = db.session.scalar(select(func.min(Click.day)))
        through = (first or yesterday) - timedelta(days=1)
    key = func.coalesce(Click.campaign_id, 0)
    try:
        db.session.execute(insert(ClickDay).from_select(
            ["campaign_key", "day", "clicks", "visitors"],
            select(key, Click.day, func.count(), func.count(func.distinct(Click.visitor_hash)))
            .where(Click.day > through, Click.day <= yesterday).group_by(key, Click.day)))
        if mark is None:
            db.session.add(ClickDayMark(id=1, through=max(through, yesterday)))
        else:
            mark.through = max(through, yesterday)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another process rolled the same days up first


def reset_click_days() -> None:
    """Forgets the roll-up, for after clicks were added to past days (synthetic data only)."""
    db.session.execute(delete(ClickDay))
    db.session.execute(delete(ClickDayMark))
    db.session.commit()


def _per_day(campaign_key: int | None, start: date | None, end: date | None) -> dict[tuple[int, date], tuple[int, int]]:
    """(campaign key, day) -> (clicks, unique visitors), rolled-up days and today's live ones alike."""
    roll_up_clicks()
    through = db.session.scalar(select(ClickDayMark.through).where(ClickDayMark.id == 1)) or date.min
    rolled = select(ClickDay.campaign_key, ClickDay.day, ClickDay.clicks, ClickDay.visitors)
    key = func.coalesce(Click.campaign_id, 0)
    live = (select(key, Click.day, func.count(), func.count(func.distinct(Click.visitor_hash)))
            .where(Click.day > through).group_by(key, Click.day))
    if campaign_key is not None:
        rolled = rolled.where(ClickDay.campaign_key == campaign_key)
        live = live.where(key == campaign_key)
    if start is not None:
        rolled, live = rolled.where(ClickDay.day >= start), live.where(Click.day >= start)
    if end is not None:
        rolled, live = rolled.where(ClickDay.day <= end), live.where(Click.day <= end)
    found = {}
    for query in (rolled, live):
        for campaign, day, clicks, visitors in db.session.execute(query):
            found[(int(campaign), day)] = (int(clicks), int(visitors))
    return found


def counts(campaign_id: int | None, start: date, end: date) -> list[DayCount]:
    """Clicks and unique visitors for each day from start to end (both included), zero days too.

    campaign_id None gives the clicks that matched no running campaign (unknown or old codes).
    """
    by_day = {day: value for (_, day), value in _per_day(campaign_id or 0, start, end).items()}
    days = []
    day = start
    while day <= end:
        clicks, uniques = by_day.get(day, (0, 0))
        days.append(DayCount(day, clicks, uniques))
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class Summary:
    campaign: Campaign
    clicks: int
    unique_visitors: int  # the sum of each day's unique visitors
    reports: int = 0  # reports whose origin is this campaign (a click, then a report in the same visit)


def _totals(start: date | None = None, end: date | None = None) -> dict[int, tuple[int, int]]:
    totals: dict[int, tuple[int, int]] = {}
    for (campaign, _), (clicks, visitors) in _per_day(None, start, end).items():
        before = totals.get(campaign, (0, 0))
        totals[campaign] = (before[0] + clicks, before[1] + visitors)
    return totals


def summaries(start: date | None = None, end: date | None = None) -> list[Summary]:
    """Every campaign with its clicks, unique visitors and reports (from `start` to `end`, both
    included, or since it began), newest start first."""
    totals = _totals(start, end)
    # Here, not at the top: the indicators import this module. Their daily roll-up counts
    # attributed reports, so this stays fast however many reports there are.
    from ..indicators.rollup import reports_by_campaign

    reports = reports_by_campaign(start, end)
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.code)).all()
    return [Summary(c, *totals.get(c.id, (0, 0)), reports=int(reports.get(c.id, 0))) for c in campaigns]


def clicks_by_campaign_month(start: date, end: date) -> dict[tuple[int, str], tuple[int, int]]:
    """(campaign key, "YYYY-MM") -> (clicks, unique visitors), from start to end; key 0: no campaign
    matched. Exact counts, for app.indicators to publish (it hides the small ones)."""
    months: dict[tuple[int, str], tuple[int, int]] = {}
    for (campaign, day), (clicks, visitors) in _per_day(None, start, end).items():
        key = (campaign, day.strftime("%Y-%m"))
        before = months.get(key, (0, 0))
        months[key] = (before[0] + clicks, before[1] + visitors)
    return months


def first_click_day() -> date | None:
    return db.session.scalar(select(func.min(Click.day)))


def unmatched_clicks() -> int:
    """Clicks on codes that matched no running campaign (old prints, typos)."""
    return sum(clicks for (_, _), (clicks, _) in _per_day(0, None, None).items())


# ---------------------------------------------------------------------------------------------
# Short links and QR codes


def short_link(campaign: Campaign, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/c/{campaign.code}"


def printed_link(link: str) -> str:
    """The link as printed under a QR code: without "https://", which nobody needs to type."""
    return re.sub(r"^https?://", "", link)


def qr_symbol(link: str) -> segno.QRCode:
    """A full-size QR code (never a Micro QR, which most phone cameras cannot read)."""
    return segno.make(link, error=QR_ERROR, micro=False, boost_error=True)


def qr_png_scale(symbol: segno.QRCode) -> int:
    width = symbol.symbol_size(border=QR_QUIET_ZONE)[0]
    return max(1, round(QR_PNG_TARGET_PX / width))


def qr_png(campaign: Campaign, base_url: str) -> bytes:
    """A poster-sized greyscale PNG (about 1200 px wide): the code, its quiet zone, and the short
    link printed beneath it for people who cannot scan."""
    from PIL import Image, ImageDraw, ImageFont

    link = short_link(campaign, base_url)
    symbol = qr_symbol(link)
    out = io.BytesIO()
    symbol.save(out, kind="png", scale=qr_png_scale(symbol), border=QR_QUIET_ZONE, dark="#000", light="#fff")
    code = Image.open(io.BytesIO(out.getvalue())).convert("L")
    width = code.width
    label = printed_link(link)
    # The largest size that fits the label inside the code's width, but never larger than 64 px.
    size = 64
    font = ImageFont.load_default(size=size)
    while size > 12 and font.getlength(label) > width * 0.9:
        size -= 2
        font = ImageFont.load_default(size=size)
    band = size * 2
    page = Image.new("L", (width, width + band), 255)
    page.paste(code, (0, 0))
    ImageDraw.Draw(page).text((width / 2, width + band / 2 - size * 0.4), label, fill=0, font=font, anchor="mm")
    result = io.BytesIO()
    page.save(result, format="PNG", optimize=True)
    return result.getvalue()


_SVG_NS = "http://www.w3.org/2000/svg"


def qr_svg(campaign: Campaign, base_url: str) -> str:
    """An SVG for print: the code on white, its quiet zone, and the short link written beneath."""
    link = short_link(campaign, base_url)
    symbol = qr_symbol(link)
    out = io.BytesIO()
    symbol.save(out, kind="svg", scale=1, border=QR_QUIET_ZONE, xmldecl=False, svgns=True, nl=False, dark="#000")
    path = ElementTree.fromstring(out.getvalue()).find(f"{{{_SVG_NS}}}path")

    label = printed_link(link)
    size = symbol.symbol_size(border=QR_QUIET_ZONE)[0]
    # Fit the label inside the code's width (about 0.6 em per character), at most 3 modules high.
    font = round(min(3.0, (size - 2 * QR_QUIET_ZONE + 4) / (0.6 * max(len(label), 1))), 2)
    height = size + round(font * 2, 2)
    px = 30  # one module is 30 px at the default size: about 1200 px wide for most links

    ElementTree.register_namespace("", _SVG_NS)
    svg = ElementTree.Element(
        f"{{{_SVG_NS}}}svg",
        {"viewBox": f"0 0 {size} {height}", "width": str(size * px), "height": str(round(height * px))},
    )
    ElementTree.SubElement(svg, f"{{{_SVG_NS}}}title").text = label
    ElementTree.SubElement(svg, f"{{{_SVG_NS}}}rect", {"width": str(size), "height": str(height), "fill": "#fff"})
    ElementTree.SubElement(svg, f"{{{_SVG_NS}}}path", {"stroke": "#000", "d": path.get("d")})
    text = ElementTree.SubElement(
        svg,
        f"{{{_SVG_NS}}}text",
        {
            "x": str(size / 2), "y": str(round(size - QR_QUIET_ZONE / 2 + font, 2)),
            "font-family": "Arial, Helvetica, sans-serif", "font-size": str(font),
            "text-anchor": "middle", "fill": "#000",
        },
    )
    text.text = label
    return ElementTree.tostring(svg, encoding="unicode")


# ---------------------------------------------------------------------------------------------
# Sample data


SAMPLES = (
    ("sample-radio", "Sample: local radio advert", "radio", "Breakfast show advert, 30 seconds", "/"),
    ("sample-billboard", "Sample: roadside billboard", "billboard", "Billboard by Hatfield station", "/what-is-hate-crime"),
    ("sample-facebook", "Sample: Facebook advert", "facebook", "Sponsored post, Hertfordshire audience", "/online-hate"),
    ("sample-bus321", "Sample: bus rear panel", "bus", "Route 321 bus rear panel", "/transport-and-night-time"),
    ("sample-taxi-watford", "Sample: taxi rank card", "taxi", "Watford taxi rank card", "/how-to-report"),
)


def load_samples() -> int:
    """Adds the sample campaigns that are missing (safe to run twice); returns how many there are."""
    start = today() - timedelta(days=30)
    for code, name, channel, placement, landing in SAMPLES:
        if find_campaign(code) is None:
            create_campaign(
                code=code, name=name, channel=channel, placement=placement, landing_path=landing,
                starts_on=start, ends_on=start + timedelta(days=365), is_sample=True,
            )
    return db.session.scalar(select(func.count()).select_from(Campaign).where(Campaign.is_sample.is_(True)))
