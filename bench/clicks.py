"""Benchmark: the short link /c/<code> against a bare Flask app and the site's cheapest page.

    .venv/bin/python -m bench.clicks [--requests 3000] [--concurrency 16] [--rounds 3]

Both apps run under gunicorn with the same settings (GUNICORN_ARGS) on a free loopback port.
The site uses a fresh SQLite file, migrated with `flask db upgrade`, holding one campaign.
Each click is one row committed before its redirect, so after the run the click table must
hold exactly as many rows as redirects were served. Prints results; asserts nothing.
"""
import argparse
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from . import header
from .load import drive

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CODE = "bench321"
GUNICORN_ARGS = ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--keep-alive", "5",
                 "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving `target`, stopped when the block ends."""

    def __init__(self, target: str, env: dict, probe: str, gunicorn_args: list[str] = GUNICORN_ARGS):
        self.target, self.env, self.probe, self.gunicorn_args = target, env, probe, gunicorn_args
        self.port = free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), *self.gunicorn_args, "--bind", f"127.0.0.1:{self.port}", self.target],
            cwd=ROOT, env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.probe}", timeout=1).read()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn for {self.target} exited with {self.process.returncode}")
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn for {self.target} did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def prepare_site(workdir: Path, database_url: str | None = None, **settings) -> dict:
    """A migrated database holding one running campaign; returns the environment to serve it with."""
    env = dict(os.environ)
    env.update(
        APP_ENV="development",
        INSTANCE_DIR=str(workdir),
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.db'}",
        PYTHONPATH=str(ROOT),
        BENCH_SECRET_KEY=secrets.token_urlsafe(48),
        **settings,
    )
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    today = datetime.now(timezone.utc).date()
    subprocess.run(
        [*flask, "campaigns", "create", CODE, "--name", "Sample: benchmark bus panel", "--channel", "bus",
         "--placement", "Route 321 bus rear panel", "--landing", "/how-to-report",
         "--starts", today.replace(day=1).isoformat(), "--ends", today.replace(year=today.year + 1).isoformat()],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    return env


def click_rows(workdir: Path) -> int:
    with sqlite3.connect(workdir / "bench.db") as conn:
        return conn.execute("SELECT count(*) FROM click").fetchone()[0]


def paired(rates: list[float], baseline: list[float]) -> str:
    return ", ".join(f"{rate / base:.0%}" for rate, base in zip(rates, baseline))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="alternate the two apps this many times; report the median")
    args = parser.parse_args(argv)

    header("bench.clicks: GET /c/<code> (one committed click row each) vs bare Flask hello world")
    print(f"gunicorn {' '.join(GUNICORN_ARGS)}; {args.requests} requests x {args.rounds} rounds, "
          f"{args.concurrency} concurrent keep-alive connections, redirects not followed")

    with tempfile.TemporaryDirectory(prefix="bench-clicks-") as tmp:
        workdir = Path(tmp)
        site_env = prepare_site(workdir)
        hello_env = dict(os.environ, PYTHONPATH=str(ROOT))
        hello_rates, click_rates, floor_rates = [], [], []
        redirects = other = 0
        errors = {}
        with Server("bench.hello:app", hello_env, "/") as hello, Server("bench.site_app:app", site_env, "/healthz") as site:
            drive(hello.port, "/", 200, args.concurrency)  # warm both up
            warm = drive(site.port, f"/c/{CODE}", 200, args.concurrency)
            redirects += warm["statuses"].get(302, 0)
            for _ in range(args.rounds):
                result = drive(hello.port, "/", args.requests, args.concurrency)
                hello_rates.append(result["rate"])
                # The site's cheapest response (no database): what every request pays before any feature.
                floor_rates.append(drive(site.port, "/robots.txt", args.requests, args.concurrency)["rate"])
                result = drive(site.port, f"/c/{CODE}", args.requests, args.concurrency)
                click_rates.append(result["rate"])
                redirects += result["statuses"].get(302, 0)
                other += sum(n for status, n in result["statuses"].items() if status != 302)
                for name, n in result["errors"].items():
                    errors[name] = errors.get(name, 0) + n
        rows = click_rows(workdir)

    hello_rate, click_rate = statistics.median(hello_rates), statistics.median(click_rates)
    print(f"bare Flask:   {hello_rate:8.0f} requests/s (rounds: {', '.join(f'{r:.0f}' for r in hello_rates)})")
    floor_rate = statistics.median(floor_rates)
    print(f"site /robots.txt: {floor_rate:4.0f} requests/s (rounds: {', '.join(f'{r:.0f}' for r in floor_rates)})"
          f" = {floor_rate / hello_rate:.0%} of bare Flask: the site's own per-request floor, no database")
    print(f"/c/<code>:    {click_rate:8.0f} requests/s (rounds: {', '.join(f'{r:.0f}' for r in click_rates)})")
    print(f"ratio:        {click_rate / floor_rate:8.0%} of the site's floor (target: at least 60%); "
          f"{click_rate / hello_rate:.0%} of bare Flask")
    print(f"round by round: {paired(click_rates, floor_rates)} of the site's floor, "
          f"{paired(click_rates, hello_rates)} of bare Flask (each against the run just before it)")
    print(f"redirects served: {redirects}; click rows stored: {rows}; lost: {redirects - rows} (target: 0)")
    if other or errors:
        print(f"other responses: {other}; connection errors: {errors or 0}")


if __name__ == "__main__":
    main()
