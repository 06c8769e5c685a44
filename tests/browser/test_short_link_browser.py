"""A short link followed by a real browser: the campaign reaches the report, and an arrival from
another site never costs a person the report they have started.

The session cookie is SameSite=Strict, so what Chromium does with it on a redirect decides both."""
import pytest
from sqlalchemy import func, select

from app.campaigns.models import Campaign, Click
from app.extensions import db

from ..report_helpers import stored
from .conftest import LIVE
from .test_report_browser import ANSWERS, _fill, _submit, walk_report

pytestmark = pytest.mark.browser

CODE = "sample-bus321"  # a sample campaign, loaded with the live site; lands on /transport-and-night-time


def _campaign_id() -> int:
    with LIVE["app"].app_context():
        return db.session.scalar(select(Campaign.id).where(Campaign.code == CODE))


def _clicks() -> int:
    with LIVE["app"].app_context():
        count = db.session.scalar(select(func.count()).select_from(Click).where(Click.code_used == CODE))
        db.session.remove()
        return count


def test_a_scanned_link_then_a_report_stores_the_campaign(live_server, page_without_js):
    """A poster's QR code on an old phone (no JavaScript): the typed or scanned address is the
    person's own navigation, so the visit remembers the campaign until the report is sent."""
    before = _clicks()
    page_without_js.goto(f"{live_server}/c/{CODE}")
    assert page_without_js.url == f"{live_server}/transport-and-night-time"
    assert _clicks() == before + 1
    reference = walk_report(page_without_js, None, live_server, "en", easy=False)
    assert stored(LIVE["app"], reference).origin_campaign_id == _campaign_id()


def test_arriving_from_another_site_keeps_the_report_already_started(live_server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live_server}/report/who")
        _fill(page, ANSWERS["who"])
        _submit(page)
        session_before = {c["name"]: c["value"] for c in context.cookies()}
        assert session_before, "answering a question starts a session"

        # A link on another site (here a blank page, whose origin is no site of ours).
        elsewhere = context.new_page()
        elsewhere.set_content(f'<a href="{live_server}/c/{CODE}">Report hate crime</a>')
        before = _clicks()
        with elsewhere.expect_navigation():
            elsewhere.click("a")
        assert elsewhere.url == f"{live_server}/transport-and-night-time"
        assert _clicks() == before + 1  # counted all the same

        # The cookie was not replaced, so the answer given before is still there.
        assert {c["name"]: c["value"] for c in context.cookies()} == session_before
        elsewhere.goto(f"{live_server}/report/who")
        assert elsewhere.locator('input[name="role"][value="victim"]').is_checked()
    finally:
        context.close()
