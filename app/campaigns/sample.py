"""Sample campaigns, for trying the site out and for the demonstration figures."""
from datetime import timedelta

from sqlalchemy import func, select

from ..core import clock
from ..extensions import db
from .editing import create_campaign, find_campaign
from .models import Campaign


SAMPLES = (
    ("sample-radio", "Sample: local radio advert", "radio", "Breakfast show advert, 30 seconds", "/"),
    ("sample-billboard", "Sample: roadside billboard", "billboard", "Billboard by Hatfield station", "/what-is-hate-crime"),
    ("sample-facebook", "Sample: Facebook advert", "facebook", "Sponsored post, Hertfordshire audience", "/online-hate"),
    ("sample-bus321", "Sample: bus rear panel", "bus", "Route 321 bus rear panel", "/transport-and-night-time"),
    ("sample-taxi-watford", "Sample: taxi rank card", "taxi", "Watford taxi rank card", "/how-to-report"),
)


def load_samples() -> int:
    """Adds the sample campaigns that are missing (safe to run twice); returns how many there are."""
    start = clock.today() - timedelta(days=30)
    for code, name, channel, placement, landing in SAMPLES:
        if find_campaign(code) is None:
            create_campaign(
                code=code, name=name, channel=channel, placement=placement, landing_path=landing,
                starts_on=start, ends_on=start + timedelta(days=365), is_sample=True,
            )
    return db.session.scalar(select(func.count()).select_from(Campaign).where(Campaign.is_sample.is_(True)))
