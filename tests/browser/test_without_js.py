"""The site works with JavaScript turned off, and Exit this page works with and without it."""
import pytest

pytestmark = pytest.mark.browser


def test_pages_and_self_check_work_without_javascript(live_server, page_without_js):
    page = page_without_js
    page.goto(live_server + "/")
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    # The languages sit behind one "Language" control (<details>): it opens without JavaScript.
    page.locator("summary.app-languages-menu__toggle").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Polski").click()
    assert page.locator("html").get_attribute("lang") == "pl"
    page.goto(live_server + "/is-this-a-hate-crime?lang=en")
    page.locator("#happened").check()
    page.locator("#because").check()
    page.locator("#harm-2").check()
    page.locator("#words-2").check()
    page.locator("#again-2").check()
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert page.get_by_role("heading", name="This could be a hate incident").is_visible()


def test_exit_this_page_without_javascript(live_server, page_without_js):
    page = page_without_js
    page.goto(live_server + "/how-to-report")
    with page.expect_navigation(url=live_server + "/robots.txt"):
        page.locator(".govuk-exit-this-page__button").click()
    assert page.url == live_server + "/robots.txt"


def test_exit_this_page_with_shift_pressed_three_times(live_server, page):
    page.goto(live_server + "/how-to-report")
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(live_server + "/robots.txt", timeout=10000)


def test_language_choice_survives_navigation_and_exit_forgets_it(live_server, page):
    page.goto(live_server + "/?lang=ur")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(live_server + "/how-to-report")
    assert page.locator("html").get_attribute("lang") == "ur"
    page.goto(live_server + "/exit")
    page.goto(live_server + "/how-to-report")
    assert page.locator("html").get_attribute("lang") == "en"
