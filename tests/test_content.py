"""Campaign content: every page in every language, easy-read rules, and the one sanitiser."""
import re
import shutil

import frontmatter
import pytest
from bs4 import BeautifulSoup

from app import i18n
from app.config import BASE_DIR
from app.content import pages

CONTENT = BASE_DIR / "content"
REQUIRED_PAGES = [
    "home", "young-people", "what-is-hate-crime", "online-hate", "transport-and-night-time", "how-to-report",
    "after-you-report", "getting-support", "privacy", "accessibility", "cookies", "contact",
]
REQUIRED_EASY_READ = ["what-is-hate-crime", "how-to-report", "getting-support", "after-you-report", "online-hate",
                      "transport-and-night-time", "young-people"]


def english_pages():
    return sorted(p.name[:-3] for p in (CONTENT / "en").glob("*.md") if not p.name.endswith(".easy.md"))


def easy_pages():
    return sorted(p.name[: -len(".easy.md")] for p in (CONTENT / "en").glob("*.easy.md"))


def url_for_slug(slug: str, easy: bool = False) -> str:
    base = "/" if slug == "home" else f"/{slug}"
    return (base + "/easy-read") if easy else base


def test_every_required_page_exists():
    assert set(REQUIRED_PAGES) <= set(english_pages())
    assert set(REQUIRED_EASY_READ) <= set(easy_pages())


@pytest.mark.parametrize("lang", [lang.code for lang in i18n.LANGUAGES])
def test_every_page_renders_in_every_language(client, lang):
    for slug in english_pages():
        for easy in ([False, True] if slug in easy_pages() else [False]):
            response = client.get(url_for_slug(slug, easy) + f"?lang={lang}")
            assert response.status_code == 200, (slug, easy, lang)
            soup = BeautifulSoup(response.data, "html.parser")
            assert soup.html["lang"] == lang
            assert soup.find("a", href="/exit"), "Exit this page is missing"
            assert "[[" not in soup.get_text() and "[[" not in str(soup.find("main")), (slug, easy, lang, "token left")


def test_missing_translation_falls_back_to_english_with_a_note(app, client, tmp_path):
    # Every page has a Polish translation: the site's pages with one of them removed show the fallback.
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "pl" / "cookies.md").unlink()
    app.config["CONTENT_DIR"] = tmp_path / "content"
    response = client.get("/cookies?lang=pl")
    soup = BeautifulSoup(response.data, "html.parser")
    note = soup.find(class_="app-fallback")
    assert note and "Polski" in note.get_text()
    assert soup.find("h1")["lang"] == "en"
    assert soup.find(class_="app-prose")["lang"] == "en"


def test_easy_read_pages_have_a_pictogram_beside_every_idea_and_short_sentences():
    for slug in easy_pages():
        post = frontmatter.load(CONTENT / "en" / f"{slug}.easy.md")
        paragraphs = [p for p in re.split(r"\n\s*\n", post.content) if p.strip() and not p.lstrip().startswith("#")]
        ideas = [p for p in paragraphs if "](pictogram:" in p]
        assert len(ideas) >= 10, slug
        for idea in ideas:
            text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", idea)
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
            for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
                assert len(sentence.split()) <= 15, f"{slug}: sentence too long: {sentence!r}"


def test_every_pictogram_used_exists_and_a_picture_alone_has_alt_text():
    # Beside its sentence a picture's alt text is empty (tests/test_easy_read.py): the sentence says it.
    for path in (CONTENT).rglob("*.md"):
        for paragraph in re.split(r"\n\s*\n", path.read_text()):
            for alt, name in re.findall(r"!\[([^\]]*)\]\(pictogram:([a-z0-9-]+)\)", paragraph):
                alone = not re.sub(r"!\[[^\]]*\]\([^)]*\)", "", paragraph).strip()
                assert alt.strip() or not alone, f"{path}: pictogram {name} stands alone and has no alt text"
                assert (BASE_DIR / "static" / "pictograms" / f"{name}.svg").exists(), f"{path}: {name}.svg missing"


def test_pictograms_are_plain_images():
    for svg in (BASE_DIR / "static" / "pictograms").glob("*.svg"):
        text = svg.read_text()
        assert "<script" not in text and "href=\"http" not in text and "onload" not in text, svg.name


def test_every_page_has_a_title_and_no_h1_in_the_body():
    for path in (CONTENT).rglob("*.md"):
        post = frontmatter.load(path)
        assert str(post.get("title", "")).strip(), f"{path} has no title"
        assert not re.search(r"^# ", post.content, re.M), f"{path} has its own h1"


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<img src="https://evil.example/x.png" alt="x">', "evil.example"),
        ('<p style="color:red" onclick="x()">hi</p>', "onclick"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ('<svg><script>alert(1)</script></svg>', "<svg"),
    ],
)
def test_sanitise_removes_anything_active(dirty, forbidden):
    assert forbidden not in str(pages.sanitise(dirty))


def test_sanitise_keeps_pictograms_and_links():
    html = str(pages.sanitise('<p><img src="pictogram:phone" alt="A phone"> <a href="/report">Report</a></p>'))
    image = BeautifulSoup(html, "html.parser").find("img")
    assert (image["src"], image["alt"]) == ("/static/pictograms/phone.svg", "A phone")
    assert '<a href="/report">Report</a>' in html


def test_a_new_page_needs_no_python(app, client, tmp_path):
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "en" / "new-page.md").write_text("---\ntitle: A new page\n---\n## Hello\nText.\n")
    app.config["CONTENT_DIR"] = tmp_path / "content"
    response = client.get("/new-page", check=False)  # this site has only the one page: its footer links lead nowhere
    assert response.status_code == 200
    assert b"A new page" in response.data


@pytest.mark.parametrize("path", ["/../etc/passwd", "/Home", "/home", "/no-such-page", "/what-is-hate-crime/easy-read/x"])
def test_unknown_or_malformed_slugs_are_404(client, path):
    assert client.get(path).status_code == 404


def test_a_content_page_is_made_for_each_visitor_and_never_reused_for_another(app):
    """A page may show something about the visit (a report to resume, a language): nothing one
    person was shown may reach the next, even with the parsed Markdown kept (CONTENT_CACHE)."""
    from flask import request

    app.config["CONTENT_CACHE"] = True

    @app.context_processor
    def about_this_visit():  # stands in for anything the layout shows about the person
        return {"site_name": request.headers.get("X-Visitor", "nobody")}

    client = app.test_client()
    assert "Alice" in client.get("/online-hate", headers={"X-Visitor": "Alice"}).get_data(as_text=True)
    second = client.get("/online-hate", headers={"X-Visitor": "Bob"}).get_data(as_text=True)
    assert "Bob" in second and "Alice" not in second


def test_cookies_page_says_the_session_remembers_the_campaign(client):
    # app/campaigns/routes.py keeps the campaign a visitor arrived through in the session cookie.
    from app.campaigns.routes import ORIGIN_KEY

    assert ORIGIN_KEY
    text = BeautifulSoup(client.get("/cookies").data, "html.parser").get_text()
    assert "the campaign you arrived through" in text


@pytest.mark.parametrize("lang", [lang.code for lang in i18n.LANGUAGES])
def test_a_picture_on_a_page_has_one_address_so_it_is_fetched_once(client, lang):
    """A page's own pictures and its snippets' pictures come from the same versioned address: the
    same picture under two addresses is fetched twice (and the unversioned one is never cached long)."""
    for path in sorted((BASE_DIR / "content" / "en").glob("*.easy.md")):
        url = "/" + path.name.removesuffix(".easy.md") + f"/easy-read?lang={lang}"
        sources = [img["src"] for img in BeautifulSoup(client.get(url).data, "html.parser").select("main img")]
        by_picture: dict[str, set] = {}
        for src in sources:
            by_picture.setdefault(src.split("?")[0], set()).add(src)
        assert all(len(found) == 1 for found in by_picture.values()), (url, by_picture)
        assert all("?v=" in src for src in sources), url
