"""Sample centres for a development site: invented, clearly marked, one or more in every district.

No real organisation is named. Phone numbers are from the range kept for drama (01632 960xxx),
email addresses and websites use example.org.
"""
from datetime import date

from sqlalchemy import select

from ..extensions import db
from .models import Centre
from .services import slugify

HOURS = "Monday to Friday, 9am to 5pm"
SERVICES = "Help to make a report; A private room to talk; Information about support"

# code, name, address, town, postcode, district, latitude, longitude, languages, step_free, active
SAMPLES = [
    ("SMP-WAT1", "Watford community library", "1 Sample Street", "Watford", "WD17 1AA", "watford",
     51.6560, -0.3960, "English; Polish; Urdu; Punjabi", True, True),
    ("SMP-THR1", "Rickmansworth advice point", "2 Example Road", "Rickmansworth", "WD3 1AA", "three-rivers",
     51.6390, -0.4700, "English", True, True),
    ("SMP-DAC1", "Hemel Hempstead community hub", "3 Sample Lane", "Hemel Hempstead", "HP1 1AA", "dacorum",
     51.7530, -0.4720, "English; Romanian; Bengali", True, True),
    ("SMP-STA1", "St Albans faith and community centre", "4 Example Street", "St Albans", "AL1 1AA",
     "st-albans", 51.7510, -0.3380, "English; Urdu; Hindi", False, True),
    ("SMP-HER1", "Borehamwood youth centre", "5 Sample Avenue", "Borehamwood", "WD6 1AA", "hertsmere",
     51.6560, -0.2740, "English; Hebrew", True, True),
    ("SMP-WEH1", "Hatfield students' advice centre", "6 Example Way", "Hatfield", "AL10 1AA",
     "welwyn-hatfield", 51.7640, -0.2270, "English; Mandarin; Arabic", True, True),
    ("SMP-BRX1", "Cheshunt family support centre", "7 Sample Road", "Cheshunt", "EN8 1AA", "broxbourne",
     51.7010, -0.0340, "English; Turkish", True, True),
    ("SMP-EHE1", "Hertford town library", "8 Example Street", "Hertford", "SG14 1AA", "east-hertfordshire",
     51.7960, -0.0790, "English", True, True),
    ("SMP-EHE2", "Bishop's Stortford citizens' help desk", "9 Sample Street", "Bishop's Stortford",
     "CM23 1AA", "east-hertfordshire", 51.8710, 0.1600, "English; Polish", False, True),
    ("SMP-NHE1", "Hitchin disability advice centre", "10 Example Lane", "Hitchin", "SG5 1AA",
     "north-hertfordshire", 51.9480, -0.2800, "English; British Sign Language", True, True),
    ("SMP-NHE2", "Letchworth community centre", "11 Sample Road", "Letchworth Garden City", "SG6 1AA",
     "north-hertfordshire", 51.9780, -0.2300, "English; Italian", True, True),
    ("SMP-STE1", "Stevenage town centre library", "12 Example Square", "Stevenage", "SG1 1AA", "stevenage",
     51.9030, -0.2000, "English; Polish; Tamil", True, True),
    ("SMP-NHE9", "Royston drop-in (closed)", "13 Sample Street", "Royston", "SG8 1AA",
     "north-hertfordshire", 52.0480, -0.0240, "English", False, False),
]


def load_sample_centres() -> int:
    """Create or refresh the sample centres. Safe to run again: rows are matched on their codes."""
    existing = {c.code: c for c in db.session.scalars(select(Centre).where(Centre.is_sample.is_(True)))}
    for number, (code, name, address, town, postcode, district, lat, lng, languages, step_free, active) in enumerate(
        SAMPLES, start=1
    ):
        centre = existing.get(code)
        if centre is None:
            if db.session.scalar(select(Centre.id).where(Centre.code == code)) is not None:
                continue  # a real centre has this code: never overwrite it with sample data
            centre = Centre(code=code, is_sample=True)
            db.session.add(centre)
        full_name = f"Sample centre: {name}"
        centre.name = full_name
        centre.slug = slugify(full_name)
        centre.address = address
        centre.town = town
        centre.postcode = postcode
        centre.district = district
        centre.latitude = lat
        centre.longitude = lng
        centre.opening_hours = HOURS
        centre.phone = f"01632 960{100 + number:03d}"
        centre.email = f"{code.lower()}@example.org"
        centre.website = "https://www.example.org/"
        centre.languages = languages
        centre.step_free = step_free
        centre.access_notes = (
            "Step-free entrance at the front. Accessible toilet." if step_free
            else "Three steps at the entrance. Staff can meet you at the door."
        )
        centre.services = SERVICES
        centre.active = active
        centre.checked_on = date(2026, 1, 15)
    db.session.commit()
    return len(SAMPLES)
