"""Translations wait for a native speaker: the staff area lists what is waiting, and a translated
page keeps the English page's links, pictograms and shape."""
import re

import frontmatter
import pytest
from bs4 import BeautifulSoup

from app import i18n
from app.config import BASE_DIR
from app.content import review
from app.staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER

from .staff_support import clock, fast_hashing, make_person, sign_in  # noqa: F401  (fixtures)

CONTENT = BASE_DIR / "content"
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Every public page, standard and easy read, is a key page and exists in every language.
KEY_PAGES = sorted(p.name[:-3] for p in (CONTENT / i18n.DEFAULT).glob("*.md"))
OTHER = [lang.code for lang in i18n.LANGUAGES if lang.code != i18n.DEFAULT]
TRANSLATED = sorted(p.relative_to(CONTENT) for code in OTHER for p in (CONTENT / code).glob("*.md"))


def _shape(path):
    post = frontmatter.load(path)
    body = post.content
    return {
        "links": LINK.findall(body),
        "headings": [len(m) for m in re.findall(r"^(#+) ", body, re.M)],
        "pictograms": re.findall(r"pictogram:[a-z0-9-]+", body),
    }


@pytest.mark.parametrize("code", OTHER)
@pytest.mark.parametrize("name", KEY_PAGES)
def test_every_key_page_is_translated(code, name):
    assert (CONTENT / code / f"{name}.md").exists(), f"content/{code}/{name}.md is missing"


@pytest.mark.parametrize("relative", TRANSLATED, ids=str)
def test_a_translated_page_keeps_the_english_shape_and_says_it_needs_review(relative):
    english = CONTENT / i18n.DEFAULT / relative.name
    assert english.exists(), f"{relative} has no English original"
    post = frontmatter.load(CONTENT / relative)
    assert str(post.get("title") or "").strip() and str(post.get("description") or "").strip()
    assert post.get("title") != frontmatter.load(english).get("title"), "the title is still in English"
    # Until a native speaker has read it; the reviewer removes the line.
    assert "needs_review" in post.metadata
    assert _shape(CONTENT / relative) == _shape(english)


def test_the_review_list_knows_each_state(app, tmp_path):
    for code, name, text in [
        ("en", "alpha.md", "---\ntitle: Alpha\n---\nText.\n"),
        ("en", "beta.md", "---\ntitle: Beta\n---\nText.\n"),
        ("en", "beta.easy.md", "---\ntitle: Beta easy\n---\nText.\n"),
        ("pl", "alpha.md", "---\ntitle: Alfa\nneeds_review: true\n---\nTekst.\n"),
        ("pl", "beta.md", "---\ntitle: Beta po polsku\n---\nTekst.\n"),
    ]:
        (tmp_path / code).mkdir(exist_ok=True)
        (tmp_path / code / name).write_text(text, encoding="utf-8")
    app.config["CONTENT_DIR"] = tmp_path
    with app.test_request_context():
        polish = next(state for state in review.languages() if state.language.code == "pl")
    found = {(p.slug, p.easy_read): (p.title, p.state) for p in polish.pages}
    assert found == {
        ("alpha", False): ("Alfa", review.NEEDS_REVIEW),
        ("beta", False): ("Beta po polsku", review.REVIEWED),
        ("beta", True): ("Beta easy", review.NOT_TRANSLATED),
    }
    assert [p.slug for p in polish.waiting] == ["alpha", "beta"]
    assert polish.catalogue_needs_review and polish.strings_translated == polish.strings_total > 0


@pytest.mark.parametrize("role,allowed", [(CAMPAIGN_STAFF, True), (ADMINISTRATOR, True), (CASE_WORKER, False)])
def test_the_staff_page_lists_pages_waiting_for_review(app, client, clock, role, allowed):
    person = make_person(app, clock, role)
    sign_in(client, person, clock)
    response = client.get("/staff/translations")
    if not allowed:
        assert response.status_code == 403
        return
    soup = BeautifulSoup(response.data, "html.parser")
    switcher = [a.get_text(strip=True) for a in soup.select(".app-languages a")]
    assert switcher == [lang.native_name for lang in i18n.LANGUAGES if lang.code != "en"]  # the layout's, untouched
    headings = [h.get_text(" ", strip=True) for h in soup.select("h2[id^=lang-]")]
    assert headings == [f"{lang.native_name} ({lang.english_name})" for lang in i18n.LANGUAGES if lang.code != "en"]
    files = {c.get_text(strip=True) for c in soup.select("td code")}
    waiting = {f"content/{code}/{p.name}" for code in OTHER for p in (CONTENT / code).glob("*.md")
               if frontmatter.load(p).get("needs_review")}
    assert waiting <= files


# Common English words that are not also words in Polish, Romanian or Turkish ("to", "are", "can" are).
ENGLISH_WORDS = {"the", "and", "you", "your", "of", "for", "with", "this", "that", "what", "who", "they", "will",
                 "from", "have", "it", "we"}


def _prose(path) -> str:
    """The words a reader sees: no link targets, no pictogram names, no front matter keys."""
    post = frontmatter.load(path)
    text = f"{post.get('title', '')} {post.get('description', '')} {post.content}"
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"https?://\S+|\S+@\S+", " ", text)


@pytest.mark.parametrize("relative", TRANSLATED, ids=str)
def test_no_english_is_left_in_a_translated_page(relative):
    words = re.findall(r"[^\W\d_]+", _prose(CONTENT / relative).lower())
    assert len(words) > 20
    english = [w for w in words if w in ENGLISH_WORDS]
    # Names of organisations and places stay in English; sentences must not.
    assert len(english) / len(words) < 0.03, f"{relative}: looks partly English: {english[:15]}"
    if relative.parts[0] in ("ur", "ar", "bn", "pa", "gu"):
        latin = [w for w in words if re.fullmatch(r"[a-z]+", w)]
        assert len(latin) / len(words) < 0.25, f"{relative}: {len(latin)} of {len(words)} words in Latin letters"
