"""A small gazetteer of Hertfordshire places and postcode districts, shipped with the site.

`data/gazetteer.csv` holds approximate centre points (WGS84) for the county's towns and villages
and for the postcode districts that cover it, so "find the nearest centre" works with no network
and sends what a person typed nowhere. A full postcode is matched by its outward code (`AL1 3JX`
is looked up as `AL1`).
"""
import csv
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "gazetteer.csv"
OUTSIDE = Path(__file__).parent / "data" / "outside.txt"

# The UK's postcode areas (and the Crown Dependencies'). A postcode in an area with no Hertfordshire
# district is plainly somewhere else; one in an area on the county's edge that we do not list is only
# "unknown", since a few edge districts mix places on both sides.
POSTCODE_AREAS = frozenset(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH "
    "EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME "
    "MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY "
    "TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE".split())
EDGE_AREAS = frozenset({"LU"})  # Luton's area reaches a few Hertfordshire villages

# The shapes of a UK postcode, on the compact upper-case form ("AL13JX", "WD17").
OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
# Something that starts like a postcode (letters then a digit) but may be malformed.
POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}[0-9]")

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
MAX_QUERY = 100


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # "place" or "postcode"
    district: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()


@dataclass
class Lookup:
    """What a search found: a place, or a problem with suggestions to choose from."""
    query: str
    place: Place | None = None
    # "empty", "not-found", "outside" (a place or postcode elsewhere in the UK), "postcode-unknown",
    # "postcode-malformed", "too-long"
    problem: str | None = None
    suggestions: list[Place] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.place is not None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Straight-line (great-circle) distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


def normalise_name(text: str) -> str:
    """Case, accents, apostrophes, hyphens, full stops and spacing do not matter.

    "Bishop's Stortford", "bishops stortford" and "BISHOPS-STORTFORD" are the same place;
    "Saint Albans" and "St. Albans" are St Albans.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"['\u2019\u2018`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bsaint\b", "st", text)
    return text


def compact_postcode(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def outward_code(text: str) -> str | None:
    """The outward code of a full postcode or an outward code on its own; None if not postcode-shaped."""
    compact = compact_postcode(text)
    if OUTWARD.match(compact):
        return compact
    full = FULL.match(compact)
    return full.group(1) if full else None


def format_postcode(text: str) -> str | None:
    """`al13jx` -> `AL1 3JX`; None when it is not a full postcode."""
    full = FULL.match(compact_postcode(text))
    return f"{full.group(1)} {full.group(2)}" if full else None


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Place, ...], dict[str, Place], dict[str, Place]]:
    places: list[Place] = []
    by_name: dict[str, Place] = {}
    by_outward: dict[str, Place] = {}
    with DATA.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            place = Place(
                name=row["name"].strip(),
                kind=row["kind"].strip(),
                district=row["district"].strip(),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
            )
            places.append(place)
            if place.kind == "postcode":
                by_outward[place.name] = place
            else:
                for label in (place.name, *place.aliases):
                    by_name.setdefault(normalise_name(label), place)
    return tuple(places), by_name, by_outward


@lru_cache(maxsize=1)
def _outside() -> frozenset[str]:
    """The normalised names of places outside Hertfordshire."""
    return frozenset(normalise_name(label) for line in OUTSIDE.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#") for label in line.split("|"))


def _area(outward: str) -> str:
    return re.match(r"[A-Z]+", outward).group(0)


def _outside_postcode(outward: str) -> bool:
    herts_areas = {_area(name) for name in _load()[2]} | EDGE_AREAS
    area = _area(outward)
    return area in POSTCODE_AREAS and area not in herts_areas


def places() -> tuple[Place, ...]:
    """Towns and villages, in alphabetical order."""
    return tuple(sorted((p for p in _load()[0] if p.kind == "place"), key=lambda p: p.name))


def postcode_districts() -> tuple[Place, ...]:
    return tuple(p for p in _load()[0] if p.kind == "postcode")


def by_outward(outward: str) -> Place | None:
    return _load()[2].get(outward)


def suggest(text: str, limit: int = 3) -> list[Place]:
    """Close spellings of a place name ("Hemel Hemstead" -> Hemel Hempstead)."""
    by_name = _load()[1]
    matches = difflib.get_close_matches(normalise_name(text), list(by_name), n=limit * 2, cutoff=0.7)
    found: list[Place] = []
    for match in matches:
        place = by_name[match]
        if place not in found:
            found.append(place)
    return found[:limit]


def lookup(text: str) -> Lookup:
    """Find a town, village, full postcode or outward code."""
    query = (text or "").strip()
    if not query:
        return Lookup(query, problem="empty")
    if len(query) > MAX_QUERY:
        return Lookup(query[:MAX_QUERY], problem="too-long")
    place = _load()[1].get(normalise_name(query))
    if place:
        return Lookup(query, place=place)
    if normalise_name(query) in _outside():
        return Lookup(query, problem="outside")
    outward = outward_code(query)
    if outward:
        place = by_outward(outward)
        if place:
            return Lookup(query, place=place)
        return Lookup(query, problem="outside" if _outside_postcode(outward) else "postcode-unknown")
    compact = compact_postcode(query)
    if POSTCODE_LIKE.match(compact) and re.fullmatch(r"[A-Z0-9]+", compact):
        return Lookup(query, problem="postcode-malformed")
    return Lookup(query, problem="not-found", suggestions=suggest(query))
