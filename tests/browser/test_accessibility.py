"""Zero axe-core violations on every public page, in every language, including error states."""
import pytest

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
