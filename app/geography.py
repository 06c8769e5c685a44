"""Hertfordshire's ten Community Safety Partnership districts: one list for the report, the centres
finder and the indicators. `share_2016` is each district's share of police-recorded hate crime in
2016 where the county strategy states it (its appendix 1 gives the rest only as a chart)."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class District:
    slug: str
    name: str
    share_2016: int | None = None


DISTRICTS: tuple[District, ...] = (
    District("broxbourne", "Broxbourne"),
    District("dacorum", "Dacorum", 12),
    District("east-hertfordshire", "East Hertfordshire"),
    District("hertsmere", "Hertsmere", 12),
    District("north-hertfordshire", "North Hertfordshire"),
    District("st-albans", "St Albans", 11),
    District("stevenage", "Stevenage"),
    District("three-rivers", "Three Rivers"),
    District("watford", "Watford", 17),
    District("welwyn-hatfield", "Welwyn Hatfield", 11),
)
BY_SLUG = {d.slug: d for d in DISTRICTS}

# Answers a person may give instead of a district.
OUTSIDE = "outside-hertfordshire"
NOT_SURE = "not-sure"
EXTRA_CHOICES = ((OUTSIDE, _l("Outside Hertfordshire")), (NOT_SURE, _l("I'm not sure")))


def district_name(slug: str) -> str:
    """Place names are proper nouns and stay in English in every language."""
    district = BY_SLUG.get(slug)
    return district.name if district else slug
