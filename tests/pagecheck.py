"""Checks every HTML page a test fetches, as a careful reviewer would.

Every page must have a <title>, exactly one <h1>, unique ids, `lang` and `dir` on <html> that
match the language table, labels for every form field, and no internal link that leads nowhere.
"""
import posixpath
from collections import Counter
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from app import i18n

# Links that change state when followed, so the checker never follows them.
NOT_FOLLOWED = ("/exit",)


class PageProblem(AssertionError):
    pass


def check_html(html: str, url: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    root = soup.find("html")
    lang = root.get("lang") if root else None
    if lang not in i18n.BY_CODE:
        problems.append(f"<html lang> is {lang!r}, not a language in the table")
    elif root.get("dir") != i18n.BY_CODE[lang].direction:
        problems.append(f"<html dir> is {root.get('dir')!r}, expected {i18n.BY_CODE[lang].direction!r}")
    title = soup.find("title")
    if not title or not title.get_text(strip=True):
        problems.append("no <title>")
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> elements, expected exactly one")
    ids = Counter(el["id"] for el in soup.find_all(id=True))
    duplicates = [i for i, n in ids.items() if n > 1]
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit", "button"):
            continue
        fid = field.get("id")
        if not fid or not soup.find("label", attrs={"for": fid}):
            if not field.get("aria-label"):
                problems.append(f"form field {field.get('name')!r} has no label")
    if problems:
        raise PageProblem(f"{url}: " + "; ".join(problems))
    return soup


def internal_links(soup: BeautifulSoup, url: str) -> set[str]:
    links = set()
    for a in soup.find_all("a", href=True):
        href = urljoin(url, a["href"])
        parts = urlsplit(href)
        if parts.scheme in ("", "http") and parts.netloc in ("", "localhost"):
            path = posixpath.normpath("/" + parts.path.lstrip("/")) if parts.path else ""
            if path and not path.startswith(NOT_FOLLOWED):
                links.add(path + ("?" + parts.query if parts.query else ""))
    return links


class PageClient(FlaskClient):
    """A test client that checks every HTML page and every internal link on it."""

    def open(self, *args, check: bool = True, **kwargs):
        response = super().open(*args, **kwargs)
        if not check:
            return response
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400 and response.data:
            url = posixpath.normpath(response.request.path) if response.request else "/"
            soup = check_html(response.get_data(as_text=True), url)
            self._check_links(soup, url)
        return response

    def _check_links(self, soup, url):
        # A fresh client, so following a ?lang= link never changes the test's own session.
        # The page itself in another language is this same page: no need to fetch it again.
        # Links already followed for this app (each test has its own app and data, so a link that
        # worked in another test's site proves nothing about this one).
        checked = self.application.extensions.setdefault("pagecheck.checked_links", set())
        for link in internal_links(soup, url) - checked:
            if urlsplit(link).path == url:
                continue
            checked.add(link)
            fresh = FlaskClient(self.application)
            status = fresh.get(link).status_code
            if status >= 400:
                raise PageProblem(f"{url}: link to {link} is broken ({status})")
