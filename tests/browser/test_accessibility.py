"""Zero axe-core violations on every public page, in every language, including error states."""
import pytest

from app import i18n
from app.config import BASE_DIR

from .conftest import assert_accessible
from .urls import LANGUAGE_CODES, public_urls

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_public_page_has_no_axe_violations(live_server, page, axe, lang):
    for url in public_urls():
        sep = "&" if "?" in url else "?"
        page.goto(f"{live_server}{url}{sep}lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(axe, page, f"{url} [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_self_check_error_state_has_no_axe_violations(live_server, page, axe, lang):
    page.goto(f"{live_server}/is-this-a-hate-crime?lang={lang}")
    page.locator("form button[type=submit]").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().split()[0].endswith(":"), "error pages start their title with 'Error:'"
    assert_accessible(axe, page, f"self-check errors [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_language_menu_and_self_check_result_have_no_axe_violations(live_server, page, axe, lang):
    """The "Language" control opened, and the self-check's result with the report's start button."""
    page.goto(f"{live_server}/?lang={lang}")
    page.locator("summary.app-languages-menu__toggle").click()
    assert page.locator("nav.app-languages a[hreflang]").first.is_visible()
    assert_accessible(axe, page, f"language menu open [{lang}]")
    page.goto(f"{live_server}/is-this-a-hate-crime?lang={lang}")
    for name in ("happened", "because", "harm", "words", "again"):  # every question the self-check asks
        page.locator(f"input[name={name}][value=yes]").check()
    page.locator("form button[type=submit]").click()
    page.wait_for_selector("main .govuk-button--start")
    assert_accessible(axe, page, f"self-check result [{lang}]")


ARTEFACTS = BASE_DIR / "test-artifacts" / "screenshots"
RTL_CODES = [lang.code for lang in i18n.LANGUAGES if lang.direction == "rtl"]


@pytest.mark.parametrize("lang", RTL_CODES)
def test_right_to_left_pages_mirror(live_server, page, lang):
    """The page reads from the right: headings and the first question start at the right edge.
    Screenshots are kept under test-artifacts/screenshots/ for a person to look at."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1000, "height": 900})
    for name, url in (("home", "/"), ("report-who", "/report/who")):
        page.goto(f"{live_server}{url}?lang={lang}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        column = page.locator("main h1").first.locator("xpath=..").bounding_box()
        container = page.locator("main").bounding_box()
        # The column holding the heading starts at the right of the page, not the left.
        assert abs((column["x"] + column["width"]) - (container["x"] + container["width"])) < 20, name
        if name == "report-who":
            radio = page.locator(".govuk-radios__item").first.bounding_box()
            label = page.locator(".govuk-radios__label").first.bounding_box()
            assert radio["x"] + radio["width"] > label["x"] + label["width"], "the radio sits right of its label"
        page.screenshot(path=str(ARTEFACTS / f"{lang}-{name}.png"), full_page=True)


# The controls at the top of a page, which a person uses first and in a hurry.
TOP_CONTROLS = ".app-nav__link, summary.app-languages-menu__toggle, .app-exit-advice summary, .govuk-exit-this-page__button"


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_the_first_controls_are_full_size_targets_on_a_phone(live_server, page, lang):
    page.set_viewport_size({"width": 375, "height": 667})
    for url in ("/", "/report"):
        page.goto(f"{live_server}{url}?lang={lang}")
        small = []
        for control in page.locator(TOP_CONTROLS).all():
            box = control.bounding_box()
            if box and (box["width"] < 24 or box["height"] < 24):
                small.append(f"{control.inner_text().strip()!r} {box['width']:.0f}x{box['height']:.0f}")
        assert page.locator(".app-exit-advice summary").count() == 1
        assert not small, f"{url} [{lang}]: {small}"
