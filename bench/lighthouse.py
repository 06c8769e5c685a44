"""Lighthouse over the key pages, served compressed as DEPLOY.md serves them (bench/served.py).

Lighthouse (the npm package pinned in package.json) runs with its defaults: a phone, simulated slow
4G and a slower processor. Targets (issue 23): performance at least 98, accessibility 100 and best
practices 100 on every page. Prints each page's scores, and every audit that cost points.
Run: `.venv/bin/python -m bench.lighthouse [--runs 1]` (also `make bench`). Needs Node and Chromium
(CHROME_PATH, /usr/bin/chromium by default).
"""
import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path
from statistics import median

from app.config import BASE_DIR

from . import header
from .served import serve

PAGES = ["/", "/what-is-hate-crime", "/report/who", "/what-is-hate-crime/easy-read", "/centres", "/figures"]
CATEGORIES = {"performance": 98, "accessibility": 100, "best-practices": 100}
LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def run(url: str, folder: Path) -> dict:
    out = folder / "report.json"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(3):  # on a busy machine Lighthouse sometimes loses its trace (NO_NAVSTART)
        done = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            env=env, timeout=300, capture_output=True, text=True)
        if done.returncode == 0:
            return json.loads(out.read_text())
    raise RuntimeError(f"Lighthouse failed on {url}: {done.stderr.strip()[-500:]}")


def lost(report: dict, category: str) -> list[str]:
    """The audits that cost points in a category, worst first."""
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
            shown = audit.get("displayValue") or ""
            out.append((audit["score"], f"{ref['id']} {audit['score']:.2f} {shown}".strip()))
    return [text for _score, text in sorted(out)]


def version() -> str:
    result = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    return result.stdout.strip()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median score is shown")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("bench.lighthouse: node_modules/.bin/lighthouse is missing: run `make setup` (npm ci)")
        return
    results = []
    with serve() as base, tempfile.TemporaryDirectory() as folder:
        for path in PAGES:
            reports = [run(base + path, Path(folder)) for _ in range(args.runs)]
            scores = {c: median(round(r["categories"][c]["score"] * 100) for r in reports) for c in CATEGORIES}
            results.append((path, scores, reports[-1]))
    header(f"bench.lighthouse: Lighthouse {version()}, mobile, simulated slow 4G, served with gzip")
    # Lighthouse's own measure of the machine's speed (a fast desktop is about 1500-2500); with
    # simulated throttling the page's main-thread work is measured, then slowed four times, so a
    # busy machine shows as Total Blocking Time.
    indexes = sorted(report["environment"]["benchmarkIndex"] for _p, _s, report in results)
    print(f"Lighthouse benchmarkIndex of this machine during the run: {indexes[0]:.0f} to {indexes[-1]:.0f}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'page':<32}" + "".join(f"{c:>16}" for c in CATEGORIES) + "  targets")
    missed = 0
    for path, scores, report in results:
        met = all(scores[c] >= target for c, target in CATEGORIES.items())
        missed += not met
        print(f"{path:<32}" + "".join(f"{scores[c]:>16g}" for c in CATEGORIES) + f"  {'met' if met else 'NOT MET'}")
        metrics = report["audits"]
        print("    " + ", ".join(f"{name} {metrics[key]['displayValue']}" for name, key in (
            ("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
            ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"))))
        for category in CATEGORIES:
            for line in lost(report, category):
                print(f"    {category}: {line}")
    print(f"pages meeting every target: {len(results) - missed} of {len(results)} "
          f"(performance >= 98, accessibility 100, best practices 100)")


if __name__ == "__main__":
    main()
