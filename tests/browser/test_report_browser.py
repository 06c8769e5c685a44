"""The whole report in Chromium: completed with JavaScript off, and every step and every step's
error state with zero axe-core violations, in every language and in the easy-read version.

axe-core is itself JavaScript, so the accessibility walks run with JavaScript on; the walks with
JavaScript off prove the report works without it."""
import re

import pytest

from .conftest import assert_accessible
from .urls import LANGUAGE_CODES

pytestmark = pytest.mark.browser

# What a person answers on each step, by the field's name. Steps not listed need no answer.
ANSWERS = {
    "who": {"role": "victim"},
    "what": {"description": "A man on the bus shouted at me and spat. BROWSER-MARKER"},
    "why": {"strands": ["race", "religion"]},
    "where": {"location": "bus"},
    "area": {"district": "stevenage", "town": "Old Town", "place": "Route 301"},
    "when": {"when": "date", "day": "3", "month": "4", "year": "2025", "time_of_day": "exact", "time": "21:15"},
    "before": {"repeat": "few"},
    "police": {"police": "facts-only"},
    # Hurt and under 18: the next page says who can help, so that is checked too.
    "person": {"age_band": "under-18", "hurt": "yes"},
    "outcome": {"reported": "yes", "crime_reference": "41/12345/25", "outcomes": ["advice", "recorded"]},
    "support": {"support": "yes"},
    "contact": {"contact": "contact"},
    "contact-details": {"name": "Jo", "email": "jo@example.org", "voicemail": "no"},
    "contact-needs": {},
    "heard": {"heard": "bus"},
}
OPTIONAL = {"heard", "evidence", "person", "outcome", "offender", "witnesses"}  # may be left blank, so they have no error state


def _fill(page, answers: dict) -> None:
    for name, value in answers.items():
        field = page.locator(f'[name="{name}"]').first
        kind = field.get_attribute("type")
        tag = field.evaluate("el => el.tagName.toLowerCase()")
        if tag == "select":
            page.select_option(f'select[name="{name}"]', value)
        elif kind in ("radio", "checkbox"):
            for one in value if isinstance(value, list) else [value]:
                page.check(f'input[name="{name}"][value="{one}"]')
        else:
            page.fill(f'[name="{name}"]', value)


def _submit(page) -> None:
    # Wait for the next page itself, not just the click: reading the old page's title is a race.
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()


def _check(axe, page, label: str) -> None:
    if axe is not None:
        assert_accessible(axe, page, label)
        # Nothing wider than a phone's screen: a page that scrolls sideways hides part of the question.
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= page.viewport_size["width"], f"{label}: {wide}px wide on a {page.viewport_size['width']}px screen"


def walk_report(page, axe, base: str, lang: str, easy: bool) -> str:
    prefix = "/report/easy/" if easy else "/report/"
    page.goto(f"{base}{prefix.rstrip('/')}?lang={lang}")
    _check(axe, page, f"report start [{lang}{' easy' if easy else ''}]")
    page.goto(f"{base}{prefix}who")
    seen = []
    while True:
        step = page.url.split(prefix, 1)[1].split("?")[0]
        if step == "check":
            break
        assert step not in seen, f"the report came back to {step}: {seen}"
        seen.append(step)
        label = f"{prefix}{step} [{lang}]"
        assert page.locator("html").get_attribute("lang") == lang, label
        _check(axe, page, label)
        if ANSWERS.get(step) and step not in OPTIONAL:
            _submit(page)  # first with nothing: the error state
            assert page.title().split(" ")[0].endswith(":"), f"{label}: no 'Error:' title"
            assert page.locator(".govuk-error-summary").is_visible(), label
            _check(axe, page, label + " with errors")
        _fill(page, ANSWERS.get(step, {}))
        _submit(page)
    _check(axe, page, f"check answers [{lang}]")
    assert "BROWSER-MARKER" in page.content()
    _submit(page)
    page.wait_for_url(re.compile(r".*/confirmation"))
    _check(axe, page, f"confirmation [{lang}]")
    reference = page.locator(".app-report-reference").inner_text().strip()
    assert re.fullmatch(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    return reference


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_whole_report_without_javascript(live_server, page_without_js, easy):
    walk_report(page_without_js, None, live_server, "en", easy=easy)


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_report_step_and_error_state_is_accessible(live_server, page, axe, lang, easy):
    page.set_viewport_size({"width": 375, "height": 667})  # a small phone, where a person is most likely to report
    walk_report(page, axe, live_server, lang, easy=easy)
