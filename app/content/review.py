"""Which translations still need a native speaker's review, for the staff area.

A content page says so in its front matter (`needs_review: true`); a catalogue says so in its
header comment. Pages with no file in a language are listed as not translated: those fall back
to English for readers.
"""
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po
from flask import current_app

from .. import i18n
from . import pages

NOT_TRANSLATED, NEEDS_REVIEW, REVIEWED = "not-translated", "needs-review", "reviewed"
REVIEW_MARK = "needs review by a native speaker"


@dataclass(frozen=True)
class PageState:
    slug: str
    easy_read: bool
    title: str  # in the language when translated, else in English
    state: str


@dataclass(frozen=True)
class LanguageState:
    language: i18n.Language
    catalogue_needs_review: bool
    strings_translated: int
    strings_total: int
    pages: list[PageState]

    @property
    def waiting(self) -> list[PageState]:
        return [p for p in self.pages if p.state != REVIEWED]


def _catalogue(code: str) -> tuple[bool, int, int]:
    folder = current_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0]
    path = Path(folder) / code / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return True, 0, 0
    text = path.read_text(encoding="utf-8")
    with open(path, "rb") as fh:
        catalogue = read_po(fh)
    messages = [m for m in catalogue if m.id]
    done = sum(1 for m in messages if not m.fuzzy and all((s or "").strip() for s in
                                                           (m.string if isinstance(m.string, tuple) else (m.string,))))
    needs = REVIEW_MARK in text.lower() or "Needs-Review: native speaker" in text
    return needs, done, len(messages)


def _page_state(code: str, slug: str, easy: bool) -> PageState:
    english = pages.find(slug, i18n.DEFAULT, easy=easy).page
    shown = pages.find(slug, code, easy=easy)
    if shown is None or shown.fell_back:
        return PageState(slug, easy, english.title, NOT_TRANSLATED)
    return PageState(slug, easy, shown.page.title, NEEDS_REVIEW if shown.page.needs_review else REVIEWED)


def languages() -> list[LanguageState]:
    """Every language but English, with each content page's state."""
    slugs = [(slug, False) for slug in pages.all_slugs()] + [(slug, True) for slug in pages.easy_read_slugs()]
    found = []
    for language in i18n.LANGUAGES:
        if language.code == i18n.DEFAULT:
            continue
        needs, done, total = _catalogue(language.code)
        found.append(LanguageState(language, needs, done, total,
                                   [_page_state(language.code, slug, easy) for slug, easy in sorted(slugs)]))
    return found
