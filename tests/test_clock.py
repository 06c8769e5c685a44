"""One clock and one calendar for the whole site (app/core/clock.py)."""
import re
from datetime import date, datetime, timezone
from pathlib import Path

from app.core import clock

APP = Path(__file__).resolve().parent.parent / "app"
OTHER_CLOCKS = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|time\.time\(\)|\butcnow\(")


def test_no_feature_reads_the_time_except_through_the_site_clock():
    found = [f"{path.relative_to(APP)}:{number}: {line.strip()}"
             for path in APP.rglob("*.py") if path != APP / "core" / "clock.py"
             for number, line in enumerate(path.read_text().splitlines(), start=1) if OTHER_CLOCKS.search(line)]
    assert found == []


def test_a_moment_after_midnight_in_summer_is_the_next_day_in_hertfordshire():
    just_after = datetime(2026, 6, 16, 23, 30, tzinfo=timezone.utc)  # 00:30 on 17 June, British Summer Time
    assert clock.site_day(just_after) == date(2026, 6, 17)
    assert clock.site_day(just_after.replace(tzinfo=None)) == date(2026, 6, 17)  # as SQLite hands it back
    assert clock.start_of(date(2026, 6, 17)) == datetime(2026, 6, 16, 23, 0, tzinfo=timezone.utc)
    assert clock.start_of(date(2026, 12, 3)) == datetime(2026, 12, 3, 0, 0, tzinfo=timezone.utc)
