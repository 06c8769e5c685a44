"""Every user-facing string is translated into every language, with its placeholders intact."""
import re

import pytest
from babel.messages.pofile import read_po

from app import i18n
from app.config import BASE_DIR

TRANSLATIONS = BASE_DIR / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%d")


def _catalog(path):
    with open(path, "rb") as fh:
        return read_po(fh)


TEMPLATE = _catalog(TRANSLATIONS / "messages.pot")
OTHER_LANGUAGES = [lang.code for lang in i18n.LANGUAGES if lang.code != i18n.DEFAULT]


def _text(message_string):
    return message_string if isinstance(message_string, str) else " ".join(message_string)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_string_is_translated(code):
    catalog = _catalog(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")
    missing, fuzzy, broken = [], [], []
    for message in TEMPLATE:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        if translated is None or not _text(translated.string).strip():
            missing.append(message.id)
        elif translated.fuzzy:
            fuzzy.append(message.id)
        elif sorted(PLACEHOLDER.findall(_text(message.id))) != sorted(PLACEHOLDER.findall(_text(translated.string))):
            broken.append(message.id)
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert not broken, f"{code}: placeholders differ in {broken[:5]}"


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_catalog_header_says_it_needs_native_review(code):
    text = (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "Needs-Review: native speaker" in text or "needs review by a native speaker" in text.lower()


def test_every_language_in_the_table_has_a_catalog():
    for code in OTHER_LANGUAGES:
        assert (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").exists(), code
