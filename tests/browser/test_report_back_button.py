"""The browser's Back button after a mistake, on every kind of question, with JavaScript on and off.

Pages are never stored (Cache-Control: no-store), so a page that answered a POST cannot be shown
again without sending the form again: Chromium shows "Confirm form resubmission" (ERR_CACHE_MISS)
instead. A question sent with mistakes therefore redirects to itself, and Back finds a plain GET."""
import pytest

from .test_report_browser import _fill, _submit

pytestmark = pytest.mark.browser

# The walk to the photo question, one mistake on each kind of question on the way: what to send
# first (wrong), then what to send to go on. Steps not listed are answered without a mistake.
WALK = [
    ("who", "radios", {}, {"role": "victim"}),
    ("what", "text", {"description": "   "}, {"description": "Shouted at on the bus."}),
    ("why", "checkboxes", {}, {"strands": ["race"]}),
    ("where", None, None, {"location": "bus"}),
    ("area", "select and text", {"town": "Old Town"}, {"district": "stevenage"}),
    ("when", "date", {"when": "date", "day": "31", "month": "2", "year": "2024"},
     {"when": "date", "day": "3", "month": "4", "year": "2025"}),
    ("before", None, None, {"repeat": "few"}),
    ("police", None, None, {"police": "facts-only"}),
    ("evidence", "photos", "file", {}),
]


def _question(page) -> str:
    return page.url.split("/report/", 1)[1].split("?")[0]


def _walk(page, base: str) -> list[str]:
    tried = []
    page.goto(f"{base}/report/who")
    for step, kind, wrong, right in WALK:
        assert _question(page) == step, (step, page.url)
        if kind is not None:
            if wrong == "file":  # a file that is not a picture, added with "Add photos"
                page.set_input_files('input[type="file"]', files=[
                    {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a picture"}])
                with page.expect_navigation():
                    page.click('button[value="upload"]')
            else:
                _fill(page, wrong)
                _submit(page)
            assert page.locator(".govuk-error-summary").is_visible(), f"{step}: no error shown"
            assert _question(page) == step, f"{step}: left the question after a mistake"
            page.reload()  # a reload keeps what was typed and the errors, and sends nothing again
            assert page.locator(".govuk-error-summary").is_visible(), f"{step}: errors lost on reload"
            if step == "area":  # what was typed is kept too
                assert page.locator('[name="town"]').input_value() == "Old Town"
        _fill(page, right)
        _submit(page)
        assert _question(page) != step, f"{step}: did not go on"
        if kind is not None:
            following = page.url
            page.go_back()
            assert _question(page) == step, f"Back after a mistake on {kind} ({step}) showed {page.url}"
            assert page.locator("main form").count() == 1, f"{kind} ({step}): no question after Back"
            page.go_forward()
            assert page.url == following, f"Forward after Back on {kind} ({step}) showed {page.url}"
            tried.append(kind)
    return tried


def test_back_and_forward_after_a_mistake_on_every_kind_of_question(live_server, browser):
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        try:
            tried = _walk(context.new_page(), live_server)
        finally:
            context.close()
        assert tried == [kind for _s, kind, _w, _r in WALK if kind], javascript
