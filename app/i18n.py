"""The language table and the choice of locale for each request.

One table drives the switcher, `<html lang dir>`, content fallbacks and the tests. Adding a
language means adding a row here, a `translations/<code>/` catalogue and (optionally) content.
"""
from dataclasses import dataclass

from flask import request, session


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
    """`?lang=`, then the session, then Accept-Language, then English."""
    asked = request.args.get("lang", "")
    if asked in BY_CODE:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in BY_CODE:
        return remembered
    return request.accept_languages.best_match([lang.code for lang in LANGUAGES]) or DEFAULT
