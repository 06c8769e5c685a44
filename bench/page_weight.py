"""Page weight: each page and everything it loads, compressed as a server would send it.

Target (the production issue): at most 60 KB in all per page, of which JavaScript at most 20 KB.
Measured in-process with the test client, gzip level 6 (nginx's default is 1; 6 is what we
configure). Pictograms and images count too. Run: `.venv/bin/python -m bench.page_weight`.
"""
import gzip
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from app import create_app
from app.config import BASE_DIR
from app.extensions import db

from . import header

BUDGET_TOTAL = 60 * 1024
BUDGET_JS = 20 * 1024

# What a person answers, step by step (the first choice that leads on).
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
IMPORT = re.compile(r'import\s[^"\']*["\'](\./[^"\']+)["\']')


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon"):
            self.urls.append(attrs.get("href"))
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _static(url: str) -> Path | None:
    path = url.split("?")[0]
    if not path.startswith("/static/"):
        return None
    return BASE_DIR / "static" / path[len("/static/"):]


def weigh(client, url: str) -> dict:
    html = client.get(url).get_data()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    seen, sizes = set(), {"html": _gz(html), "css": 0, "js": 0, "images": 0}
    queue = list(parser.urls)
    while queue:
        asset = queue.pop()
        file = _static(asset or "")
        if file is None or file in seen or not file.is_file():
            continue
        seen.add(file)
        data = file.read_bytes()
        kind = {"css": "css", "js": "js"}.get(file.suffix[1:], "images")
        sizes[kind] += _gz(data)
        if kind == "js":  # module imports load too
            queue += [f"/static/{file.parent.relative_to(BASE_DIR / 'static')}/{m[2:]}"
                      for m in IMPORT.findall(data.decode("utf-8", "replace"))]
    sizes["total"] = sum(sizes.values())
    return sizes


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/w.db", INSTANCE_DIR=folder,
                         WTF_CSRF_ENABLED=False)
        with app.app_context():
            db.create_all()
        client = app.test_client()
        rows = [("/", weigh(client, "/")), ("/report", weigh(client, "/report"))]
        for easy in (False, True):
            prefix = "/report/easy/" if easy else "/report/"
            for name, data in ANSWERS:
                rows.append((prefix + name, weigh(client, prefix + name)))
                client.post(prefix + name, data=data)
            rows.append((prefix + "check", weigh(client, prefix + "check")))
    header("bench.page_weight: each page with everything it loads, gzip -6 (KB)")
    print(f"{'page':<28}{'html':>7}{'css':>7}{'js':>7}{'img':>7}{'total':>8}  budget")
    worst = 0
    for url, s in rows:
        ok = s["total"] <= BUDGET_TOTAL and s["js"] <= BUDGET_JS
        worst = max(worst, s["total"])
        print(f"{url:<28}{s['html'] / 1024:>7.1f}{s['css'] / 1024:>7.1f}{s['js'] / 1024:>7.1f}"
              f"{s['images'] / 1024:>7.1f}{s['total'] / 1024:>8.1f}  {'within' if ok else 'OVER'}")
    print(f"heaviest page: {worst / 1024:.1f} KB of {BUDGET_TOTAL // 1024} KB "
          f"(ratio {worst / BUDGET_TOTAL:.2f}); JavaScript budget {BUDGET_JS // 1024} KB")


if __name__ == "__main__":
    main()
