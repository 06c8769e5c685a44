"""Benchmark: the indicators dashboard as the data grows ten times.

    .venv/bin/python -m bench.indicators [--small 100000] [--repeat 5]

Builds two SQLite files with `flask demo traffic`: SMALL clicks with SMALL/10 reports, and ten
times that. Then, in one process, renders the dashboard (every query and the template, as the
page does, without the sign-in check) REPEAT times for each and prints the median. Targets: at
most 300 ms at the larger size, and at most twice the smaller size's time. Prints; asserts nothing.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import header

ROOT = Path(__file__).resolve().parent.parent
FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]


def build(folder: Path, clicks: int, reports: int) -> str:
    url = f"sqlite:///{folder / f'{clicks}.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([*FLASK, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*FLASK, "sample-data"], cwd=ROOT, env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([*FLASK, "demo", "traffic", "--clicks", str(clicks), "--reports", str(reports), "--seed", "1",
                    "--yes"], cwd=ROOT, env=env, check=True, capture_output=True)
    print(f"  built {clicks:,} clicks and {reports:,} reports in {time.perf_counter() - started:.0f} s")
    return url


def render_times(url: str, repeat: int) -> list[float]:
    from app import create_app
    from app.indicators import routes

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    times = []
    for _ in range(repeat + 1):  # the first warms caches (templates, SQLite pages) and is dropped
        with app.test_request_context("/staff/indicators"):
            started = time.perf_counter()
            html = routes.dashboard.__wrapped__()
            times.append(time.perf_counter() - started)
            assert "app-card" in html
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000, help="clicks at the smaller size")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args([] if __name__ != "__main__" else None)
    header("bench.indicators: dashboard render time (all queries and the template), SQLite")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for clicks in (args.small, args.small * 10):
            reports = clicks // 10
            url = build(Path(folder), clicks, reports)
            times = render_times(url, args.repeat)
            results[clicks] = statistics.median(times) * 1000
            print(f"{clicks:>9,} clicks, {reports:>7,} reports: median {results[clicks]:6.0f} ms "
                  f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)})")
    small, large = results[args.small], results[args.small * 10]
    print(f"larger size: {large:.0f} ms (target: at most 300 ms); ten times the data costs "
          f"{large / small:.2f}x the time (target: at most 2x)")


if __name__ == "__main__":
    main()
