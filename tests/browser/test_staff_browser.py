"""The staff area in Chromium: every staff page and its error states with zero axe-core violations
in every language, and no script a reporter typed ever runs in a case worker's browser."""
import pyotp
import pytest

from app.cases import referrals, services as cases
from app.extensions import db
from app.outcomes import services as outcomes
from app.reporting.models import Report
from app.staff import services as staff
from app.staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER, StaffUser

from ..report_helpers import make_report
from .conftest import LIVE, assert_accessible
from .urls import LANGUAGE_CODES

pytestmark = pytest.mark.browser
PASSWORD = "a long and quiet river 42"
PAYLOADS = [
    "<script>window.__xss = 1; alert('xss')</script>",
    "<img src=x onerror=\"window.__xss=1;alert('xss')\">",
    "<svg onload=\"window.__xss=1;alert('xss')\"></svg>",
    "<a href=\"javascript:window.__xss=1;alert('xss')\">click</a>",
    "\"><script>alert('xss')</script>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "&lt;script&gt;alert('xss')&lt;/script&gt;",
    "<scr<script>ipt>alert('xss')</script>",
]


def _account(role: str, email: str) -> str:
    """A finished account in the live server's database; returns its TOTP secret."""
    app = LIVE["app"]
    with app.app_context():
        existing = db.session.scalar(db.select(StaffUser).where(StaffUser.email == email))
        if existing is None:
            user, token = staff.create_account(email, role, "")
            user = staff.complete_setup(token, PASSWORD)
            secret = staff.pending_totp_secret(user)
            assert staff.confirm_totp(user, pyotp.TOTP(secret).now()) is not None
            LIVE[email] = secret
        user = db.session.scalar(db.select(StaffUser).where(StaffUser.email == email))
        user.totp_last_step = None  # let this test's sign-in use the current code again
        db.session.commit()
        db.session.remove()
    return LIVE[email]


def _sign_in(page, base: str, role: str, email: str) -> None:
    secret = _account(role, email)
    page.goto(f"{base}/staff/login")
    page.fill('[name="email"]', email)
    page.fill('[name="password"]', PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/staff/login/code")
    page.fill('[name="code"]', pyotp.TOTP(secret).now())
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/staff/")


def _report(**answers) -> str:
    app = LIVE["app"]
    reference = make_report(app, **answers)
    with app.app_context():
        db.session.remove()
    return reference


def _referral_link(reference: str) -> str:
    """Refer a report as a case worker would and make its e-mail's link; returns the link's path."""
    app = LIVE["app"]
    with app.test_request_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        worker = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "axe-cw@example.org"))
        cases.change_status(report, worker, "referred")
        token, _until = referrals.issue_link(report.id)
        db.session.commit()
        db.session.remove()
    return f"/referral/{token}"


def _published_outcome() -> str:
    """One outcome in the live server's database, written by one person and published by another."""
    if "outcome" not in LIVE:
        _account(CAMPAIGN_STAFF, "axe-writer@example.org")
        _account(ADMINISTRATOR, "axe-admin@example.org")
        app = LIVE["app"]
        with app.test_request_context():
            writer, admin = (db.session.scalar(db.select(StaffUser).where(StaffUser.email == email))
                             for email in ("axe-writer@example.org", "axe-admin@example.org"))
            outcome = outcomes.write(writer, kind="story", lang="en", title="Two more reporting centres",
                                     body="People asked for help nearer home.\n\n## What changed\n\n- A library\n- A youth centre")
            outcomes.publish(outcome, admin)
            LIVE["outcome"] = outcome.public_id
            db.session.remove()
    return LIVE["outcome"]


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_outcome_pages_are_accessible(live_server, page, axe, lang):
    outcome = _published_outcome()
    _sign_in(page, live_server, CAMPAIGN_STAFF, "axe-writer@example.org")
    for url, label in [("/outcomes", "outcomes, public, with one published"), ("/staff/outcomes", "outcomes"),
                       ("/staff/outcomes/new", "write an outcome"), (f"/staff/outcomes/{outcome}", "an outcome"),
                       (f"/staff/outcomes/{outcome}/edit", "change an outcome")]:
        page.goto(f"{live_server}{url}?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(axe, page, f"{label} [{lang}]")
    page.goto(f"{live_server}/staff/outcomes/new?lang={lang}")
    with page.expect_navigation():
        page.locator("main form button[value=save]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"write an outcome with errors [{lang}]")
    page.fill('[name="title"]', "A preview")
    page.locator("#kind").check()
    page.select_option('[name="lang"]', "en")
    page.fill('[name="body"]', "Some **plain** words.")
    with page.expect_navigation():
        page.locator("main form button[value=preview]").click()
    assert page.locator(".app-preview").is_visible()
    assert_accessible(axe, page, f"an outcome's preview [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_case_worker_pages_are_accessible(live_server, page, axe, lang):
    reference = _report(contact="contact", name="Jo", email="jo@example.org")
    referred = _report(support="yes", contact="contact", name="Sam", email="sam@example.org", language="Polski",
                       interpreter="yes", access_needs="Large print")
    _sign_in(page, live_server, CASE_WORKER, "axe-cw@example.org")
    link = _referral_link(referred)
    for url, label in [("/staff/", "staff home"), ("/staff/cases", "case queue"),
                       ("/staff/cases?from=2026-02-31", "case queue with a bad date"),
                       ("/staff/cases?reference=HC-0000-0000", "case queue, reference not found"),
                       ("/staff/cases?task=needs-reply", "case queue, needs a reply"),
                       (f"/staff/cases/{reference}", "a report"),
                       (f"/staff/cases/{referred}", "a referred report"),
                       (link, "a referral, before it is opened"),
                       ("/referral/" + "A" * 43, "a referral link that does not work")]:
        page.goto(f"{live_server}{url}{'&' if '?' in url else '?'}lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(axe, page, f"{label} [{lang}]")
    page.goto(f"{live_server}{link}?lang={lang}")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator(".app-referral-contact").is_visible()
    assert_accessible(axe, page, f"an opened referral [{lang}]")
    page.goto(f"{live_server}/staff/cases/{reference}?lang={lang}")
    page.evaluate("""() => { const option = document.createElement("option");
        option.value = "not-a-case-worker"; option.text = "x";
        const select = document.querySelector("#assignee"); select.append(option); select.value = option.value; }""")
    with page.expect_navigation():  # someone who cannot have the report
        page.locator("form:has(input[value=assign]) button[type=submit]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"a report with an assignment error [{lang}]")
    with page.expect_navigation():  # an empty note
        page.locator("form:has(input[value=note]) button[type=submit]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"a report with a form error [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_administrator_pages_are_accessible(live_server, page, axe, lang):
    _sign_in(page, live_server, ADMINISTRATOR, "axe-admin@example.org")
    _account(CASE_WORKER, "axe-cw@example.org")
    for url, label in [("/staff/users", "accounts"), ("/staff/users/invite", "invite"),
                       ("/staff/audit", "audit trail"), ("/staff/campaigns", "campaigns"),
                       ("/staff/campaigns/sample-bus321", "a campaign"), ("/staff/campaigns/new", "add a campaign"),
                       ("/staff/campaigns/sample-bus321/edit", "change a campaign"), ("/staff/outbox", "notifications"),
                       ("/staff/indicators", "indicators"), ("/staff/indicators?from=2026-02-30", "indicators with an error"),
                       ("/staff/translations", "translations waiting for review"),
                       ("/staff/centres", "centres"), ("/staff/centres/new", "add a centre"),
                       ("/staff/centres/SMP-WAT1", "a centre"), ("/staff/centres/SMP-WAT1/edit", "change a centre")]:
        page.goto(f"{live_server}{url}{'&' if '?' in url else '?'}lang={lang}")
        assert_accessible(axe, page, f"{label} [{lang}]")
    page.goto(f"{live_server}/staff/users/invite?lang={lang}")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"invite with errors [{lang}]")
    page.goto(f"{live_server}/staff/campaigns/new?lang={lang}")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"add a campaign with errors [{lang}]")
    page.goto(f"{live_server}/staff/centres/new?lang={lang}")
    page.fill("#code", "SMP-WAT1")  # taken, and everything else missing
    page.fill("#postcode", "SW1A 1AA")
    page.fill("#latitude", "north")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"add a centre with errors [{lang}]")
    page.goto(f"{live_server}/staff/indicators?from-day=31&from-month=2&from-year=2026&to-day=1&lang={lang}")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(axe, page, f"indicators with date box errors [{lang}]")
    page.goto(f"{live_server}/staff/users?lang={lang}")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    assert_accessible(axe, page, f"an account [{lang}]")


def _plan_ids() -> tuple[str, str]:
    from app.plan.models import PlanAction, PlanIndicator

    with LIVE["app"].app_context():
        action = db.session.scalar(db.select(PlanAction).where(PlanAction.code == "1.2a"))
        first = db.session.scalar(db.select(PlanIndicator).where(PlanIndicator.action_id == action.id))
        ids = action.public_id, first.public_id
        db.session.remove()
    return ids


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_action_plan_pages_are_accessible(live_server, page, axe, lang):
    action, indicator = _plan_ids()
    _sign_in(page, live_server, ADMINISTRATOR, "axe-admin@example.org")
    for url, label in [("/staff/plan?months=3", "the action plan"), (f"/staff/plan/actions/{action}", "an action"),
                       (f"/staff/plan/actions/{action}/edit", "change an action"),
                       (f"/staff/plan/indicators/{indicator}/rule", "a status rule"),
                       ("/staff/plan/figures/import", "import figures"), ("/staff/plan/report", "quarterly report")]:
        page.goto(f"{live_server}{url}{'&' if '?' in url else '?'}lang={lang}")
        assert_accessible(axe, page, f"{label} [{lang}]")
    for url, label in [("/staff/plan/figures/new", "record a figure"), ("/staff/plan/activities/new", "record an activity")]:
        page.goto(f"{live_server}{url}?lang={lang}")
        with page.expect_navigation():
            page.locator("main form [type=submit]").click()
        assert page.locator(".govuk-error-summary").is_visible()
        assert_accessible(axe, page, f"{label} with errors [{lang}]")


def test_no_script_a_reporter_wrote_runs_for_the_case_worker(live_server, page):
    text = "\n".join(PAYLOADS)
    reference = _report(description=text, town=PAYLOADS[1], contact="contact", name=PAYLOADS[2], email="x@example.org")
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    _sign_in(page, live_server, CASE_WORKER, "xss-cw@example.org")
    page.goto(f"{live_server}/staff/cases/{reference}")
    page.fill('[name="text"]', text)
    with page.expect_navigation():
        page.locator("form:has(input[value=note]) button[type=submit]").click()
    for url in ("/staff/cases", f"/staff/cases/{reference}"):
        page.goto(f"{live_server}{url}")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss === undefined"), url
        page.locator("body").click(position={"x": 5, "y": 5})
    assert dialogs == []
    assert "MARKER" not in "".join(requests)
    foreign = [u for u in requests if not u.startswith(live_server) and not u.startswith("data:")]
    assert foreign == [], foreign
    assert page.locator("text=<script>window.__xss").count() >= 1  # shown as text, not run
