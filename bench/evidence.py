"""Benchmark: the final send of a report with 5 images of about 5 MB each, against the same send without.

    .venv/bin/python -m bench.evidence [--databases sqlite postgresql] [--reports 8]

For each database: serves the site under gunicorn (as bench/site.py: SQLite 2 workers, PostgreSQL 4),
fills in `reports` drafts over HTTP with five 5 MB PNG screenshots each (random pixels, so they stay
about 5 MB when re-encoded; not timed), and as many drafts without images. Then, 4 at once, it sends
the drafts without images, and then those with. For each: the 95th percentile time of the send,
and the most any worker's memory grew during it (its peak resident set, VmHWM, reset before each
batch through /proc/<pid>/clear_refs, minus its resident set at rest just before). Finally counts the
reports and images stored against the references acknowledged. Prints; asserts nothing.
"""
import argparse
import io
import random
import threading
import time
import uuid
from pathlib import Path

from .clicks import Server, prepare_site
from .site import (ANSWERS, BROWSER, COMMON, CSRF, KEY, SETTINGS, Browser, _count, fresh_database, _drop_postgres,
                   _in_threads)

# Photos are asked for when the police may be told: the route of someone who wants that.
ROUTE = []
for _name, _data in ANSWERS:
    if _name == "police":
        ROUTE += [("police", {"police": "facts-only"}), ("evidence", {})]
    elif _name == "person":
        ROUTE += [("person", {}), ("outcome", {}), ("offender", {}), ("witnesses", {})]
    else:
        ROUTE.append((_name, _data))

IMAGES = 5
IMAGE_SIDE = 1290  # 1290 x 1290 RGB noise: about 5 MB as PNG
CONCURRENCY = 4


def noise_png(seed: int) -> bytes:
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", (IMAGE_SIDE, IMAGE_SIDE), rng.randbytes(IMAGE_SIDE * IMAGE_SIDE * 3))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


class Reporter(Browser):
    def upload(self, files: list[tuple[str, bytes]]) -> int:
        _, page = self.request("GET", "/report/evidence")
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (("csrf_token", CSRF.search(page).group(1)), ("action", "upload")):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for filename, data in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
                         f"Content-Type: image/png\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"User-Agent": BROWSER, "Sec-Fetch-Site": "same-origin",
                   "Content-Type": f"multipart/form-data; boundary={boundary}",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        self.conn.request("POST", "/report/evidence", body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        if response.will_close:
            self.conn.close()
        return response.status

    def fill_in_with(self, images: list[bytes] | None) -> dict:
        for name, data in ROUTE:
            _, page = self.request("GET", f"/report/{name}")
            if name == "evidence" and images:
                assert self.upload([(f"shot-{n}.png", image) for n, image in enumerate(images)]) == 302
            status, _ = self.request("POST", f"/report/{name}", {**data, "csrf_token": CSRF.search(page).group(1)})
            assert status == 302, (name, status)
        _, page = self.request("GET", "/report/check")
        return {"csrf_token": CSRF.search(page).group(1), "submission_key": KEY.search(page).group(1), "website": ""}


def _workers(master: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # the parent's pid
            found.append(int(stat.parent.name))
    return found


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    return 0


def _reset_peaks(master: int) -> dict[int, int]:
    """Each worker's resident set now (kB), with its peak (VmHWM) reset to it."""
    at_rest = {}
    for pid in _workers(master):
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        at_rest[pid] = _status(pid, "VmRSS")
    return at_rest


def send_all(port: int, master: int, people: list, forms: dict) -> dict:
    """Sends every form, CONCURRENCY at once; times each, and watches the workers' memory."""
    at_rest = _reset_peaks(master)
    workers = list(at_rest)
    times, acknowledged, lock = [], [0], threading.Lock()

    def send(person):
        started = time.perf_counter()
        status, _ = person.request("POST", "/report/check", forms[id(person)])
        took = time.perf_counter() - started
        with lock:
            times.append(took)
            acknowledged[0] += status == 302

    _in_threads(CONCURRENCY, people, send)
    growth = max((_status(pid, "VmHWM") - at_rest[pid]) / 1024 for pid in workers)
    times.sort()
    p95 = times[max(0, -(-len(times) * 95 // 100) - 1)] * 1000
    return {"p95": p95, "p50": times[len(times) // 2] * 1000, "growth": growth, "acknowledged": acknowledged[0],
            "rest": max(at_rest.values()) / 1024}


def measure(database: str, reports: int, images: list[bytes]) -> None:
    fresh = fresh_database(database, "evidence")
    if fresh is None:
        return
    workdir, url, pg_name = fresh
    env = prepare_site(workdir, url)
    gunicorn = SETTINGS[database] + COMMON + ["--timeout", "120"]
    print(f"\n-- {database}: gunicorn {' '.join(gunicorn)}; {reports} sends with {IMAGES} images "
          f"of {len(images[0]) / 1e6:.1f} MB, {reports} without; {CONCURRENCY} at once")
    with Server("bench.site_app:app", env, "/healthz", gunicorn) as site:
        results = {}
        for label, with_images in (("without images", False), ("with 5 images", True)):
            people = [Reporter(site.port) for _ in range(reports)]
            forms = {}
            before = _reset_peaks(site.process.pid)
            started = time.perf_counter()
            _in_threads(2, people, lambda p: forms.__setitem__(id(p), p.fill_in_with(images if with_images else None)))
            filled = time.perf_counter() - started
            filling = max((_status(pid, "VmHWM") - rss) / 1024 for pid, rss in before.items())
            results[label] = send_all(site.port, site.process.pid, people, forms)
            print(f"{label:<16} send p95 {results[label]['p95']:6.0f} ms (p50 {results[label]['p50']:.0f} ms); "
                  f"worker memory at rest {results[label]['rest']:.0f} MB, grew at most "
                  f"{results[label]['growth']:.0f} MB during the sends (target: under 150 MB); "
                  f"acknowledged {results[label]['acknowledged']}")
            print(f"{'':<16} (filling in, 2 at once, took {filled:.0f} s; a worker grew at most {filling:.0f} MB)")
    stored_reports, stored_images = _count(url, "report"), _count(url, "report_evidence")
    acknowledged = sum(r["acknowledged"] for r in results.values())
    print(f"{'stored':<16} reports {stored_reports} of {acknowledged} acknowledged, images {stored_images} of "
          f"{results['with 5 images']['acknowledged'] * IMAGES}; lost "
          f"{acknowledged - stored_reports + results['with 5 images']['acknowledged'] * IMAGES - stored_images} "
          f"(target: 0)")
    if pg_name:
        _drop_postgres(pg_name)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--reports", type=int, default=8)
    args = parser.parse_args(argv)
    images = [noise_png(seed) for seed in range(IMAGES)]
    for database in args.databases:
        measure(database, args.reports, images)


if __name__ == "__main__":
    main()
