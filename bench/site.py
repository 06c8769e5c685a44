"""Benchmark: the site where people feel it, as ratios against a bare Flask app in the same run.

    .venv/bin/python -m bench.site [--databases sqlite postgresql] [--requests 2000] [--reports 300]

For each database: serves the site and a bare Flask hello world under the same gunicorn settings
(SQLite: 2 workers; PostgreSQL: 4 workers, rate limits in Redis when it answers), then measures
- a content page (/what-is-hate-crime) against hello world;
- the short link /c/<code> against hello world and against the site's cheapest page, /robots.txt
  (no database: what every request of the site pays), and its redirects against click rows stored;
- the final report submission: drafts are filled in first over HTTP (not timed), then 20 clients
  submit them at once; the 99th percentile time against the content page's in the same run, and
  acknowledged references against rows stored.
Prints; asserts nothing. PostgreSQL is skipped (and says so) when it cannot be reached.
"""
import argparse
import http.client
import os
import re
import secrets
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from . import header
from .clicks import CODE, ROOT, Server, paired, prepare_site
from .load import BROWSER, drive, percentile

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')
CONTENT_PAGE = "/what-is-hate-crime"
ANSWERS = [
    ("who", {"role": "victim"}),
    ("what", {"description": "Benchmark: shouted at on the bus."}),
    ("why", {"strands": ["race"]}),
    ("where", {"location": "bus"}),
    ("area", {"district": "stevenage", "town": "Old Town"}),
    ("when", {"when": "not-sure"}),
    ("before", {"repeat": "first"}),
    ("police", {"police": "no"}),  # the shortest route: not to the police, so no photos or officer pages
    ("person", {}),
    ("support", {"support": "no"}),
    ("contact", {"contact": "anonymous"}),
    ("heard", {"heard": "bus"}),
]
SETTINGS = {"sqlite": ["--workers", "2"], "postgresql": ["--workers", "4"]}
COMMON = ["--worker-class", "gthread", "--threads", "4", "--keep-alive", "5", "--log-level", "warning"]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/14"


class Browser:
    """One person's keep-alive connection and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        try:
            return self._request(method, path, data)
        except (ConnectionError, http.client.HTTPException):
            # The server closed an idle keep-alive connection: open a new one and send again
            # (a report submission carries its own key, so sending it twice stores it once).
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return self._request(method, path, data)

    def _request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        headers = {"User-Agent": BROWSER, "Sec-Fetch-Site": "same-origin"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.conn.close()
        return response.status, text

    def fill_in(self) -> dict:
        """Answers every question; returns the final form, ready to send."""
        for name, data in ANSWERS:
            _, page = self.request("GET", f"/report/{name}")
            status, _ = self.request("POST", f"/report/{name}", {**data, "csrf_token": CSRF.search(page).group(1)})
            assert status == 302, (name, status)
        _, page = self.request("GET", "/report/check")
        return {"csrf_token": CSRF.search(page).group(1), "submission_key": KEY.search(page).group(1), "website": ""}


def _in_threads(count: int, items: list, work) -> None:
    queue, lock = list(items), threading.Lock()

    def run():
        while True:
            with lock:
                if not queue:
                    return
                item = queue.pop()
            work(item)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def submissions(port: int, reports: int, clients: int = 20) -> dict:
    people = [Browser(port) for _ in range(reports)]
    forms = {}
    _in_threads(clients, people, lambda person: forms.__setitem__(id(person), person.fill_in()))
    times, statuses, lock = [], {}, threading.Lock()

    def submit(person):
        started = time.perf_counter()
        status, _ = person.request("POST", "/report/check", forms[id(person)])
        took = time.perf_counter() - started
        with lock:
            times.append(took)
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    _in_threads(clients, people, submit)
    elapsed = time.perf_counter() - started
    return {"rate": len(times) / elapsed, "p99": percentile(times, 0.99) * 1000,
            "p50": statistics.median(times) * 1000, "acknowledged": statuses.get(302, 0), "statuses": statuses}


def _postgres_database() -> str | None:
    try:
        import psycopg

        name = "bench_" + secrets.token_hex(4)
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return name
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"(PostgreSQL skipped: {type(exc).__name__}: {exc})")
        return None


def _drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_timeout=2).ping())
    except Exception:  # noqa: BLE001
        return False


def _count(url: str, table: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
    engine.dispose()
    return found


def fresh_database(database: str, name: str) -> tuple[Path, str, str | None] | None:
    """A working folder and an empty database for one benchmark: (folder, url, PostgreSQL database
    name to drop afterwards), or None when PostgreSQL is not there."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-{database}-"))
    if database != "postgresql":
        return workdir, f"sqlite:///{workdir / 'bench.db'}", None
    pg_name = _postgres_database()
    if pg_name is None:
        return None
    return workdir, f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_name}", pg_name


def measure(database: str, args) -> None:
    fresh = fresh_database(database, "site")
    if fresh is None:
        return
    workdir, url, pg_name = fresh
    limits, settings = "memory (one per worker)", {}
    if database == "postgresql" and _redis_answers():
        limits, settings = "Redis", {"RATELIMIT_STORAGE_URI": REDIS}
    env = prepare_site(workdir, url, **settings)
    gunicorn = SETTINGS[database] + COMMON
    print(f"\n-- {database}: gunicorn {' '.join(gunicorn)}; rate limits: {limits}")
    hello_env = dict(os.environ, PYTHONPATH=str(ROOT))
    with Server("bench.hello:app", hello_env, "/", gunicorn) as hello, \
            Server("bench.site_app:app", env, "/healthz", gunicorn) as site:
        drive(hello.port, "/", 300, args.concurrency)
        drive(site.port, CONTENT_PAGE, 300, args.concurrency)
        drive(site.port, "/robots.txt", 300, args.concurrency)
        redirects = drive(site.port, f"/c/{CODE}", 300, args.concurrency)["statuses"].get(302, 0)
        rates = {"hello": [], "content": [], "floor": [], "click": []}
        content_p99 = []
        for _ in range(args.rounds):
            rates["hello"].append(drive(hello.port, "/", args.requests, args.concurrency)["rate"])
            content = drive(site.port, CONTENT_PAGE, args.requests, args.concurrency)
            rates["content"].append(content["rate"])
            content_p99.append(content["p99"])
            rates["floor"].append(drive(site.port, "/robots.txt", args.requests, args.concurrency)["rate"])
            clicks = drive(site.port, f"/c/{CODE}", args.requests, args.concurrency)
            rates["click"].append(clicks["rate"])
            redirects += clicks["statuses"].get(302, 0)
        sent = submissions(site.port, args.reports)
    rows, stored = _count(url, "click"), _count(url, "report")
    if pg_name:
        _drop_postgres(pg_name)
    hello, floor = statistics.median(rates["hello"]), statistics.median(rates["floor"])

    def line(name, key, note=""):
        rate = statistics.median(rates[key])
        rounds = ", ".join(f"{r:.0f}" for r in rates[key])
        print(f"{name:<32}{rate:7.0f} requests/s (rounds: {rounds}) = {rate / hello:4.0%} of bare Flask{note}")
        print(f"{'':<32}round by round: {paired(rates[key], rates['hello'])} of bare Flask")

    print(f"{'bare Flask hello world':<32}{hello:7.0f} requests/s (rounds: {', '.join(f'{r:.0f}' for r in rates['hello'])})")
    line("site floor /robots.txt", "floor", " (no database: what every request of the site pays)")
    line(f"content page {CONTENT_PAGE}", "content", " (target: at least 70%)")
    click = statistics.median(rates["click"])
    line("short link /c/<code>", "click", f"; {click / floor:.0%} of the site's floor (target: at least 60%)")
    print(f"{'':<32}round by round: {paired(rates['click'], rates['floor'])} of the site's floor")
    print(f"{'':<32}redirects {redirects}, click rows {rows}, lost {redirects - rows} (target: 0)")
    page_p99 = statistics.median(content_p99)
    print(f"{'report submission, 20 at once':<32}{sent['rate']:7.0f} reports/s, p50 {sent['p50']:.0f} ms, "
          f"p99 {sent['p99']:.0f} ms = {sent['p99'] / page_p99:.1f}x the content page's p99 of {page_p99:.0f} ms "
          f"(target: at most 10x)")
    print(f"{'':<32}acknowledged {sent['acknowledged']} of {args.reports}, report rows {stored}, "
          f"lost {sent['acknowledged'] - stored} (target: 0); responses {sent['statuses']}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=sorted(SETTINGS))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reports", type=int, default=300, help="reports submitted (20 at a time)")
    args = parser.parse_args(argv)
    header("bench.site: content page, short link and report submission vs bare Flask and the site's floor")
    print(f"{args.requests} requests x {args.rounds} rounds, {args.concurrency} keep-alive connections")
    for database in args.databases:
        measure(database, args)


if __name__ == "__main__":
    main()
