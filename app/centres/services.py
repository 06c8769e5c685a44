"""Third Party Reporting Centres: finding them, and keeping the list true.

Everything here works without HTTP: the routes and the CLI only call these functions.
"""
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from .. import geography
from ..extensions import db
from . import gazetteer
from .models import Centre

SLUG_CLEAN = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Distance:
    km: float

    @property
    def miles(self) -> float:
        return gazetteer.km_to_miles(self.km)


@dataclass
class Found:
    centre: Centre
    distance: Distance | None = None


@dataclass
class Finding:
    """What the finder shows: the centres (nearest first when a place was found) and any problem."""
    results: list[Found]
    lookup: gazetteer.Lookup | None = None
    district: str | None = None


def normalise_code(code: str) -> str:
    """Centre codes are case-insensitive and spaces do not count: "wat 01" is "WAT01"."""
    return re.sub(r"\s+", "", code or "").upper()


def slugify(text: str) -> str:
    text = gazetteer.normalise_name(text)
    return SLUG_CLEAN.sub("-", text).strip("-")[:100] or "centre"


def find_active_by_code(code: str | None) -> Centre | None:
    """The active centre with this code, for a centre-assisted report; None if unknown or closed.
    Codes are stored normalised (the CSV import and the sample data both normalise them)."""
    wanted = normalise_code(code)
    if not wanted:
        return None
    return db.session.scalar(select(Centre).where(Centre.code == wanted, Centre.active.is_(True)))


def by_id(centre_id) -> Centre | None:
    """A centre (open or closed) by its id, as a report keeps it; None for anything else."""
    return db.session.get(Centre, centre_id) if isinstance(centre_id, int) else None


def active_by_slug(slug: str) -> Centre | None:
    return db.session.scalar(select(Centre).where(Centre.slug == slug, Centre.active.is_(True)))


def active_centres(district: str | None = None) -> list[Centre]:
    query = select(Centre).where(Centre.active.is_(True))
    if district:
        query = query.where(Centre.district == district)
    return list(db.session.scalars(query.order_by(func.lower(Centre.name), Centre.code)))


def by_distance(centres: list[Centre], latitude: float, longitude: float) -> list[Found]:
    """Nearest first (straight line). Centres without coordinates go last, in name order."""
    placed, unplaced = [], []
    for centre in centres:
        if centre.latitude is None or centre.longitude is None:
            unplaced.append(Found(centre))
        else:
            km = gazetteer.haversine_km(latitude, longitude, centre.latitude, centre.longitude)
            placed.append(Found(centre, Distance(km)))
    placed.sort(key=lambda found: (found.distance.km, found.centre.name))
    return placed + unplaced


def find(near: str = "", district: str | None = None) -> Finding:
    """The public finder: every active centre (in a district, if chosen), nearest first when `near` is a
    place or postcode we know."""
    if district and district not in geography.BY_SLUG:
        district = None
    centres = active_centres(district)
    if not (near or "").strip():
        return Finding([Found(c) for c in centres], None, district)
    result = gazetteer.lookup(near)
    if not result.found:
        return Finding([Found(c) for c in centres], result, district)
    return Finding(by_distance(centres, result.place.latitude, result.place.longitude), result, district)


def nearest(near: str, limit: int | None = None) -> list[Found]:
    """Active centres nearest to a place or postcode; empty when the place is unknown."""
    finding = find(near)
    if finding.lookup is None or not finding.lookup.found:
        return []
    return finding.results[:limit] if limit else finding.results


def as_json(centre: Centre) -> dict:
    """The public facts about a centre, for the map and for anyone reusing the list."""
    return {
        "code": centre.code,
        "slug": centre.slug,
        "name": centre.name,
        "address": centre.address,
        "town": centre.town,
        "postcode": centre.postcode,
        "district": centre.district,
        "district_name": geography.district_name(centre.district),
        "latitude": centre.latitude,
        "longitude": centre.longitude,
        "opening_hours": centre.opening_hours,
        "phone": centre.phone,
        "email": centre.email,
        "website": centre.website,
        "languages": split_list(centre.languages),
        "step_free": centre.step_free,
        "access_notes": centre.access_notes,
        "services": split_list(centre.services),
        "checked_on": centre.checked_on.isoformat() if centre.checked_on else None,
    }


def split_list(text: str) -> list[str]:
    """Languages and services are kept as "a; b; c"."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def unique_slug(base: str, code: str) -> str:
    """A slug no other centre has; a clash gets the centre's code added."""
    slug = base
    taken = db.session.scalar(select(Centre.code).where(Centre.slug == slug))
    if taken is None or taken == code:
        return slug
    return f"{base[:100]}-{code.lower()}"
