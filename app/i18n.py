"""The language table and the choice of locale for each request.

One table drives the switcher, `<html lang dir>`, content fallbacks and the tests. Adding a
language means adding a row here, a `translations/<code>/` catalogue and (optionally) content.
"""
from dataclasses import dataclass
from functools import lru_cache

from flask import request, session
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    english_name: str
    direction: str = "ltr"


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("pl", "Polski", "Polish"),
    Language("ro", "Română", "Romanian"),
    Language("ur", "اردو", "Urdu", "rtl"),
    Language("bn", "বাংলা", "Bengali"),
    Language("pa", "ਪੰਜਾਬੀ", "Punjabi"),
    Language("gu", "ગુજરાતી", "Gujarati"),
    Language("tr", "Türkçe", "Turkish"),
    Language("ar", "العربية", "Arabic", "rtl"),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}
DEFAULT = "en"


def language(code: str) -> Language:
    return BY_CODE.get(code, BY_CODE[DEFAULT])


def select_locale() -> str:
    return choose(request.args.get("lang", ""), session, request.headers.get("Accept-Language", ""))


def choose(asked: str, remembered, accept_language: str) -> str:
    """`?lang=`, then the session, then Accept-Language, then English. A language asked for with
    `?lang=` is kept in the session (`remembered`) for the rest of the visit."""
    if asked in BY_CODE:
        remembered["lang"] = asked
        return asked
    if remembered.get("lang") in BY_CODE:
        return remembered["lang"]
    return _best_match(accept_language)


@lru_cache(maxsize=256)
def _best_match(accept_language: str) -> str:
    """A browser sends the same Accept-Language on every request: parse each one once."""
    return parse_accept_header(accept_language, LanguageAccept).best_match(list(BY_CODE)) or DEFAULT
