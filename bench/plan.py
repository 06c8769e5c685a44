"""Benchmark: the action plan page and the board's quarterly report against the dashboard.

    .venv/bin/python -m bench.plan [--clicks 1000000] [--repeat 5]

Builds one SQLite file with `flask demo traffic` (CLICKS clicks, CLICKS/10 reports), then adds three
years of weekly partner figures for every partner indicator in the county and each district, and a
weekly activity in every district for every activity indicator. In one process it renders the
dashboard and the plan page over the same periods (their default, the last year, and three years),
and the quarterly report (every query and the template, as the pages do, without the sign-in check)
REPEAT times each and prints the medians. Target: the plan page and the report each at most 2x the
dashboard's time for the same period in the same run. Prints; asserts nothing.
"""
import argparse
import secrets
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from . import header
from .indicators import build


def add_plan_figures(url: str) -> tuple[int, int]:
    from app import create_app
    from app.extensions import db
    from app.plan import services
    from app.plan.models import PlanActivity, PlanFigure, PlanIndicator

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        indicators = db.session.scalars(db.select(PlanIndicator)).all()
        last_sunday = date.today() - timedelta(days=date.today().isoweekday())
        weeks = [(last_sunday - timedelta(days=7 * n + 6), last_sunday - timedelta(days=7 * n)) for n in range(156)]
        now = datetime.now(timezone.utc)
        figures, activities = [], []
        for indicator in indicators:
            for n, (start, end) in enumerate(weeks):
                if indicator.source == "partner":
                    for area in services.AREAS:
                        value = Decimal(50 + n % 40) if indicator.unit == "percent" else Decimal(n % 30)
                        figures.append(dict(public_id=secrets.token_urlsafe(16), indicator_id=indicator.id,
                                            starts_on=start, ends_on=end, area=area, value=value,
                                            source="Weekly return", note="", recorded_at=now))
                elif indicator.source == "activity":
                    for area in services.AREAS[1:]:
                        activities.append(dict(public_id=secrets.token_urlsafe(16), indicator_id=indicator.id,
                                               held_on=end, area=area, audience="Year 9", people=25, note="",
                                               recorded_at=now))
        db.session.bulk_insert_mappings(PlanFigure, figures)
        db.session.bulk_insert_mappings(PlanActivity, activities)
        db.session.commit()
        db.engine.dispose()
    return len(figures), len(activities)


def render_times(url: str, repeat: int) -> dict[str, list[float]]:
    from app import create_app
    from app.indicators import routes as indicators
    from app.plan import routes as plan, services

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    quarter = None
    with app.test_request_context("/"):
        months = services.last_months(36)
    three_years = f"from={months[0][1].isoformat()}&to={months[-1][2].isoformat()}"
    pages = {"dashboard (a year)": ("/staff/indicators", indicators.dashboard, "app-card"),
             "plan page (a year)": ("/staff/plan", plan.index, "app-plan-action"),
             "dashboard (3 years)": (f"/staff/indicators?{three_years}", indicators.dashboard, "app-card"),
             "plan page (3 years)": ("/staff/plan?months=36", plan.index, "app-plan-action"),
             "quarterly report": (None, plan.report, "app-plan-action")}
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeat + 1):  # the first round warms caches (templates, SQLite pages) and is dropped
        for name, (path, view, marker) in pages.items():
            if path is None:
                with app.test_request_context("/"):
                    quarter = quarter or services.finished_quarters()[0]
                path = f"/staff/plan/report?quarter={quarter}"
            with app.test_request_context(path):
                from flask import g

                g.staff_user = None
                started = time.perf_counter()
                html = view.__wrapped__()
                times[name].append(time.perf_counter() - started)
                assert marker in html, name
    return {name: found[1:] for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args([] if __name__ != "__main__" else None)
    header("bench.plan: action plan page and quarterly report against the dashboard, SQLite")
    with tempfile.TemporaryDirectory() as folder:
        url = build(Path(folder), args.clicks, args.clicks // 10)
        figures, activities = add_plan_figures(url)
        print(f"  added {figures:,} weekly partner figures and {activities:,} activities (3 years)")
        times = render_times(url, args.repeat)
    medians = {name: statistics.median(found) * 1000 for name, found in times.items()}
    for name, found in times.items():
        print(f"{name:>22}: median {medians[name]:6.0f} ms (runs: {', '.join(f'{t * 1000:.0f}' for t in found)})")
    for name, base in (("plan page (a year)", "dashboard (a year)"), ("quarterly report", "dashboard (a year)"),
                       ("plan page (3 years)", "dashboard (3 years)")):
        print(f"{name}: {medians[name] / medians[base]:.2f}x the {base} (target: at most 2x)")


if __name__ == "__main__":
    main()
