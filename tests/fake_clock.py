"""The one fake clock for tests: it replaces app.core.clock.now, so the whole site moves together."""
from datetime import datetime, timedelta

from app.core import clock as site_clock


class FakeClock:
    def __init__(self, monkeypatch, start: datetime):
        self.current = start
        monkeypatch.setattr(site_clock, "now", self.now)

    def now(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment

    def advance(self, **delta) -> datetime:
        self.current += timedelta(**delta)
        return self.current
