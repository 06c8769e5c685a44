"""Page weight: what Chromium really fetches for each key page, compressed as DEPLOY.md serves it.

The site is served with gzip as nginx is configured to (bench/served.py); each page is loaded in
Chromium with its cache off, and every request it makes is counted at the size that came over the
wire, so a file fetched twice counts twice. The baseline, in the same run and the same way: a bare
page with GOV.UK Frontend's own compiled stylesheet and script.

Targets (issue 23): a report question page at most 28 KB in all, of which JavaScript at most 12 KB;
no file fetched twice on any page. Run: `.venv/bin/python -m bench.page_weight` (also `make bench`).
"""
import os
import urllib.parse
from collections import Counter

from . import header
from .served import serve

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TARGET_QUESTION = 28 * 1024
TARGET_JS = 12 * 1024
KINDS = {"document": "html", "stylesheet": "css", "script": "js", "image": "img"}
PAGES = ["/", "/what-is-hate-crime", "/what-is-hate-crime/easy-read", "/centres", "/figures", "/report",
         "/report/easy"]
# What a person answers, step by step (the first choice that leads on), as in the report's tests.
ANSWERS = [
    ("who", {"role": "victim"}),
    ("what", {"description": "A man on the bus shouted at me and spat."}),
    ("why", {"strands": ["race"]}),
    ("where", {"location": "bus"}),
    ("area", {"district": "stevenage", "town": "Old Town"}),
    ("when", {"when": "date", "day": "3", "month": "4", "year": "2025"}),
    ("before", {"repeat": "few"}),
    ("police", {"police": "no"}),
    ("person", {}),
    ("support", {"support": "no"}),
    ("contact", {"contact": "anonymous"}),
    ("heard", {"heard": "bus"}),
]
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


class Recorder:
    """Every request a page makes, with the size of its body as sent (compressed)."""

    def __init__(self, context):
        self.page = context.new_page()
        cdp = context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # each page as on a first visit
        self.requests = []
        self.page.on("requestfinished", lambda request: self.requests.append(request))

    def weigh(self, url: str) -> dict:
        self.requests.clear()
        self.page.goto(url, wait_until="networkidle")
        sizes = {"html": 0, "css": 0, "js": 0, "img": 0}
        paths = Counter()
        for request in self.requests:
            if request.url.startswith("data:"):
                continue
            body = request.sizes()["responseBodySize"]
            sizes[KINDS.get(request.resource_type, "img")] += max(body, 0)
            paths[urllib.parse.urlsplit(request.url).path] += 1
        sizes["total"] = sum(sizes.values())
        sizes["requests"] = sum(paths.values())
        sizes["twice"] = sorted(path for path, count in paths.items() if count > 1)
        return sizes

    def answer(self, url: str, data: dict) -> None:
        token = self.page.locator('input[name="csrf_token"]').first.get_attribute("value")
        body = urllib.parse.urlencode({**data, "csrf_token": token}, doseq=True)
        self.page.request.post(url, data=body, max_redirects=0,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})


def measure(base: str) -> tuple[list, dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        baseline = Recorder(browser.new_context()).weigh(base + "/bench/govuk")
        pages = Recorder(browser.new_context())
        for path in PAGES:
            rows.append((path, pages.weigh(base + path)))
        for easy in (False, True):
            walker = Recorder(browser.new_context())
            prefix = "/report/easy/" if easy else "/report/"
            for name, data in ANSWERS:
                rows.append((prefix + name, walker.weigh(base + prefix + name)))
                walker.answer(base + prefix + name, data)
            rows.append((prefix + "check", walker.weigh(base + prefix + "check")))
        browser.close()
    return rows, baseline


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def main() -> None:
    with serve() as base:
        rows, baseline = measure(base)
    header("bench.page_weight: what Chromium fetches for each page, gzip as deployed (KB over the wire)")
    govuk = baseline["css"] + baseline["js"]
    print(f"baseline: GOV.UK Frontend's own compiled CSS {_kb(baseline['css'])} + JS {_kb(baseline['js'])} "
          f"= {_kb(govuk)} KB")
    print(f"{'page':<32}{'html':>6}{'css':>6}{'js':>6}{'img':>6}{'total':>7}{'files':>6}  css+js vs GOV.UK  twice")
    questions, scripts, twice = [], [], []
    for url, s in rows:
        ratio = (s["css"] + s["js"]) / govuk if govuk else 0
        print(f"{url:<32}{_kb(s['html']):>6}{_kb(s['css']):>6}{_kb(s['js']):>6}{_kb(s['img']):>6}"
              f"{_kb(s['total']):>7}{s['requests']:>6}  {ratio:>15.2f}  {', '.join(s['twice']) or '-'}")
        if url.startswith("/report/") and not url.endswith(("/check", "/easy")):
            questions.append((s["total"], url))
        scripts.append((s["js"], url))
        twice += s["twice"]
    worst, worst_url = max(questions)
    js, js_url = max(scripts)
    print(f"heaviest report question: {_kb(worst)} KB ({worst_url}; target: at most {TARGET_QUESTION // 1024} KB)"
          f" {'met' if worst <= TARGET_QUESTION else 'NOT MET'}")
    print(f"most JavaScript on a page: {_kb(js)} KB ({js_url}; target: at most {TARGET_JS // 1024} KB)"
          f" {'met' if js <= TARGET_JS else 'NOT MET'}")
    print(f"files fetched twice on one page: {len(twice)} (target: 0) {'met' if not twice else 'NOT MET'}")


if __name__ == "__main__":
    main()
