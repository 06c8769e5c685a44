"""Easy read follows the rules: one idea a line with its picture, one meaning per picture across the
whole site (content pages and the easy-read report), short sentences, no jargon, no alt text that
repeats the sentence, and links that stay in easy read."""
import re

import frontmatter
import pytest
from flask_babel import force_locale
from wtforms import RadioField, SelectMultipleField

from app import i18n
from app.config import BASE_DIR
from app.content.pictograms import PICTOGRAMS, fits
from app.reporting import police, steps, words

CONTENT = BASE_DIR / "content"
PICTURES = BASE_DIR / "static" / "pictograms"
IMAGE = re.compile(r"!\[([^\]]*)\]\(pictogram:([a-z0-9-]+)\)")
MAX_WORDS = 15
# Words an easy-read reader may not know. Said another way on the easy-read pages, in every language
# (an English word left in a translation is jargon too).
JARGON = re.compile(r"\b(emergency|goths?|anonymous(ly)?|restorative|prosecution|statutory)\b", re.I)
EASY_PAGES = sorted(CONTENT.glob("*/*.easy.md"))


def ideas(path):
    """(alt, pictogram, words) for each paragraph that starts with a pictogram."""
    body = frontmatter.load(path).content
    for paragraph in re.split(r"\n\s*\n", body):
        match = IMAGE.match(paragraph.strip())
        if match:
            text = IMAGE.sub("", paragraph)
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).strip()
            yield match.group(1), match.group(2), text


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?؟।۔])\s+", str(text).strip()) if s]


def form_uses(app):
    """(pictogram, English words beside it) for every picture in the easy-read report."""
    uses = []
    with app.test_request_context(), force_locale("en"):
        for step in steps.STEPS:
            form = step.form(meta={"csrf": False})
            over = words.for_step(step.name, {}, True)
            fields = [f for f in form if f.name != "csrf_token"]
            heading = step.heading[1] if step.heading else over.get(fields[0].name, {}).get("label",
                                                                                          fields[0].label.text)
            uses.append((step.pictogram, f"{step.name}: {heading}"))
            for field in fields:
                if isinstance(field, (RadioField, SelectMultipleField)):
                    for value, label in field.choices:
                        text = over.get(field.name, {}).get("choices", {}).get(value, label)
                        uses.append((step.pictograms.get(value, step.pictogram), f"{step.name}/{value}: {text}"))
        for picture, said in words.HURT_NOW + words.UNDER_18:
            uses.append((picture, str(said)))
        templates = BASE_DIR / "app" / "templates"
        for template in [*(templates / "reporting").rglob("*.html"), *(templates / "components").glob("*.html")]:
            for picture, expression in re.findall(r'pictogram\("([a-z0-9-]+)"\) }}<p[^>]*>(?:<a [^>]*>)?{{ ([^}]+) }}',
                                                  template.read_text()):
                # _("words") or _("words %(number)s.", number=contact_number(...)): the words count.
                said = re.fullmatch(r'_\("(.*?)"(?:, .*)?\)', expression.strip())
                said = said.group(1) if said else getattr(police, expression.strip().split(".")[-1])
                uses.append((picture, str(said)))
    return uses


def test_every_pictogram_has_one_meaning_and_a_picture():
    files = {p.stem for p in PICTURES.glob("*.svg")}
    assert files == set(PICTOGRAMS), "static/pictograms and app/content/pictograms.py must list the same pictures"


def test_a_picture_always_means_the_same_on_the_content_pages():
    wrong = []
    for path in sorted((CONTENT / i18n.DEFAULT).glob("*.md")):
        for _alt, picture, text in ideas(path):
            if not fits(picture, text):
                wrong.append(f"{path.name}: {picture} ({PICTOGRAMS.get(picture)}) beside {text!r}")
    assert not wrong, "\n".join(wrong)


def test_a_picture_always_means_the_same_in_the_easy_read_report(app):
    uses = form_uses(app)
    assert len(uses) > 80  # every step, choice and note was found
    wrong = [f"{picture} ({PICTOGRAMS.get(picture)}) beside {said!r}" for picture, said in uses
             if not fits(picture, said)]
    assert not wrong, "\n".join(wrong)


def test_the_meaning_check_catches_a_picture_used_for_something_else():
    assert fits("phone", "Call 999 if you are in danger now.")
    assert not fits("phone", "Keep any photos, videos and messages.")
    assert not fits("world", "It happened outside Hertfordshire.")


@pytest.mark.parametrize("path", EASY_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_easy_read_sentences_are_short_and_alt_text_does_not_repeat_them(path):
    found = list(ideas(path))
    assert len(found) >= 10
    for alt, picture, text in found:
        assert text, f"{picture}: a picture needs its sentence beside it"
        assert not alt, f"{picture}: the sentence says what the picture means, so its alt text is empty"
        for sentence in sentences(text):
            assert len(sentence.split()) <= MAX_WORDS, f"sentence too long: {sentence!r}"


def test_easy_read_report_sentences_are_short(app):
    long = [said for _picture, said in form_uses(app)
            for sentence in sentences(said.split(": ", 1)[-1]) if len(sentence.split()) > MAX_WORDS]
    assert not long, long


def snippet_uses(app):
    """(pictogram, alt, English words beside it) for every picture in the easy-read form of the snippets
    that pages include with [[name]] (app/content/pages.py SNIPPETS)."""
    from bs4 import BeautifulSoup
    from flask import render_template

    from app.content.pages import SNIPPETS

    uses = []
    with app.test_request_context(), force_locale("en"):
        for name, template in SNIPPETS.items():
            for idea in BeautifulSoup(render_template(template, easy=True), "html.parser").select("p.app-idea"):
                picture = re.search(r"/pictograms/([a-z0-9-]+)\.svg", idea.img["src"]).group(1)
                uses.append((picture, idea.img.get("alt"), f"{name}: {idea.get_text(' ', strip=True)}"))
    return uses


def test_the_snippets_easy_read_follows_the_rules_too(app):
    uses = snippet_uses(app)
    assert {said.split(":")[0] for _p, _a, said in uses} >= {"deaf-access", "who-finds-out"}
    wrong = [f"{picture} ({PICTOGRAMS.get(picture)}) beside {said!r}" for picture, _alt, said in uses
             if not fits(picture, said.split(": ", 1)[1])]
    assert not wrong, "\n".join(wrong)
    assert [said for _p, alt, said in uses if alt != ""] == []
    long = [sentence for _p, _a, said in uses for sentence in sentences(said.split(": ", 1)[1])
            if len(sentence.split()) > MAX_WORDS]
    assert not long, long


@pytest.mark.parametrize("path", EASY_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_easy_read_pages_have_no_jargon_and_stay_in_easy_read(path):
    body = frontmatter.load(path).content
    prose = re.sub(r"\]\([^)]*\)|\[\[[a-z:-]+\]\]", "]", body)  # not link targets or [[contact:...]] keys
    assert not JARGON.findall(prose), f"jargon: {JARGON.findall(prose)}"
    links = re.findall(r"\]\((/[^)\s]*)\)", body)
    assert "/report" not in links, "easy read links to the easy-read report, /report/easy"


# A term the form and the pages must say the same way (found apart before). Only languages whose
# grammar keeps the term's form in a sentence are listed; Polish, Romanian and Turkish inflect it.
ONE_TERM = {
    ("ur", "Learning disability"): "سیکھنے",
    ("bn", "Learning disability"): "শি?খ|শেখ",
    ("pa", "Learning disability"): "ਸਿੱਖਣ",
    ("gu", "Learning disability"): "શીખવાની",
    ("ar", "Learning disability"): "(?:صعوبات|إعاقة)[^،,.]{0,6}التعل",
}


@pytest.mark.parametrize("lang, msgid", sorted(ONE_TERM))
def test_the_pages_use_the_forms_term(lang, msgid):
    from babel.messages.pofile import read_po

    with open(BASE_DIR / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        term = read_po(po).get(msgid).string
    for path in sorted((CONTENT / lang).glob("*.md")):
        for mention in re.findall("(?:" + ONE_TERM[(lang, msgid)] + r")[^،,.۔]*", path.read_text()):
            assert mention.startswith(term), f"{path.name}: {mention!r} should say {term!r}"


DANGER_PAGES = sorted({path.name.split(".")[0] for path in (CONTENT / i18n.DEFAULT).glob("*.easy.md")
                       if frontmatter.load(path).get("danger_message")})


@pytest.mark.parametrize("address", [f"/{name}/easy-read" for name in DANGER_PAGES] + ["/report/easy"])
def test_the_danger_warning_is_in_easy_words_on_easy_read_pages(client, address):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(address + "?lang=en").data, "html.parser")
    warning = page.select_one(".app-danger").get_text(" ", strip=True)
    said = warning.removeprefix("! Warning").strip()
    assert "999" in said and "18001 101" in said, "the warning still says how to reach the police"
    # In danger, a text relay call goes to 18000; 18001 101 is for when it is not an emergency.
    assert said.index("18000") < said.index("18001 101")
    assert not JARGON.findall(said), f"jargon: {JARGON.findall(said)}"
    long = [sentence for sentence in sentences(said) if len(sentence.split()) > MAX_WORDS]
    assert not long, long
    assert len(page.select(".app-danger p")) == 2  # one idea a line
