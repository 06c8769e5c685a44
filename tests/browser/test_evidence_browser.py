"""Photos and screenshots in Chromium: chosen, added, listed, removed and sent, with JavaScript off
(the plain multipart form) and on, and the page with a file listed has no axe-core violations."""
import io

import pytest

from .conftest import assert_accessible
from .test_report_browser import ANSWERS, _fill, _submit

pytestmark = pytest.mark.browser


def _png(colour) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(out, "PNG")
    return out.getvalue()


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_photo_is_added_listed_removed_and_sent(live_server, browser, axe, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/report/who")
        while "/report/evidence" not in page.url:
            step = page.url.rsplit("/", 1)[1]
            _fill(page, ANSWERS.get(step, {}))
            _submit(page)
        files = [{"name": name, "mimeType": "image/png", "buffer": _png(colour)}
                 for name, colour in (("bus stop.png", "red"), ("message.png", "blue"))]
        page.set_input_files('input[name="files"]', files)
        _click(page, 'button[value="upload"]')
        listed = page.locator(".app-report-files dt").all_inner_texts()
        assert listed == ["bus stop.png", "message.png"]
        if javascript:
            assert_accessible(axe, page, "evidence with files listed")
        _click(page, '.app-report-files button:has-text("bus stop.png")')
        assert page.locator(".app-report-files dt").all_inner_texts() == ["message.png"]
        _click(page, 'button[value="continue"]')
        while "/report/check" not in page.url:
            step = page.url.rsplit("/", 1)[1]
            _fill(page, ANSWERS.get(step, {}))
            _submit(page)
        assert "message.png" in page.content() and "bus stop.png" not in page.content()
        _submit(page)
        page.wait_for_url("**/confirmation")
    finally:
        context.close()
