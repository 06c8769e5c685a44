"""Follow-up in Chromium: sign in with the reference and code from a real report, every page and
error state with zero axe-core violations, in every language; and without JavaScript."""
import re

import pytest

from .conftest import assert_accessible
from .test_report_browser import walk_report
from .urls import LANGUAGE_CODES

pytestmark = pytest.mark.browser


def _submit(page):
    # Wait for the next page itself, not just the click: reading the old page's title is a race.
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()


def _follow_up(page, axe, base, lang, reference, code):
    def check(label):
        if axe is not None:
            assert_accessible(axe, page, f"{label} [{lang}]")

    page.goto(f"{base}/follow-up?lang={lang}")
    _submit(page)  # nothing entered: the error state
    assert page.locator(".govuk-error-summary").is_visible()
    check("follow-up sign-in with errors")
    page.fill('[name="reference"]', reference)
    page.fill('[name="code"]', code.lower())
    _submit(page)
    page.wait_for_url("**/follow-up/report*")
    check("follow-up report")
    _submit(page)  # an empty message
    assert page.locator(".govuk-error-summary").is_visible()
    check("follow-up message with errors")
    page.fill('[name="message"]', "It was the 321 bus. BROWSER-FOLLOW-UP")
    _submit(page)
    page.wait_for_url(re.compile(r".*[?&]sent=1"))
    assert "BROWSER-FOLLOW-UP" in page.content()
    check("follow-up message sent")


def _code(page) -> str:
    return page.locator(".app-follow-up-code__value").inner_text().strip()


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_follow_up_pages_are_accessible(live_server, page, axe, lang):
    reference = walk_report(page, None, live_server, lang, easy=False)
    code = _code(page)
    _follow_up(page, axe, live_server, lang, reference, code)


def test_follow_up_works_without_javascript(live_server, page_without_js):
    reference = walk_report(page_without_js, None, live_server, "en", easy=True)
    _follow_up(page_without_js, None, live_server, "en", reference, _code(page_without_js))
