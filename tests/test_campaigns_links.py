"""The short link /c/<code>: where it may send people, what it counts, and what it remembers."""
from datetime import date, datetime, timezone

import pytest
from flask import session
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app import create_app
from app.campaigns import counting, editing, routes
from app.campaigns.models import Campaign
from app.core.exit import run_exit_hooks
from app.extensions import db

from .pagecheck import PageClient, check_html
from .campaign_helpers import BROWSER, Clock, clicks, make_campaign, utc, visit

UNSAFE_PATHS = [
    "https://evil.example/",
    "http:/evil.example",
    "//evil.example",
    "//evil.example/how-to-report",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%252F%252Fevil.example",
    "/how-to-report//evil.example",
    "/../evil",
    "/./evil",
    "javascript:alert(1)",
    "/javascript:alert(1)",
    "/x\r\nLocation: https://evil.example",
    "/x\x00",
    "/x\ty",
    "/how to report",
    "/how-to-report#top",
    "/caf\u00e9",
    "/\uff0f\uff0fevil.example",
    "/@evil.example",
    "evil.example",
    "",
    "/" + "a" * 200,
]
SAFE_PATHS = ["/", "/how-to-report", "/what-is-hate-crime/easy-read", "/?lang=pl", "/online-hate?lang=ur&x=1"]


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, utc(2026, 6, 15))


@pytest.mark.parametrize("path", UNSAFE_PATHS)
def test_unsafe_landing_pages_are_refused_when_saving(app, path):
    with app.app_context():
        with pytest.raises(editing.CampaignInvalid) as refused:
            make_campaign(landing=path)
        assert set(refused.value.errors) == {"landing_path"}
        # The model refuses too, so no other way of saving can slip one in.
        with pytest.raises(ValueError):
            Campaign(code="direct", name="x", channel="bus", placement="x", landing_path=path)
        assert db.session.query(Campaign).count() == 0


def test_spaces_around_a_typed_path_are_trimmed_but_never_stored(app):
    with app.app_context():
        assert make_campaign(landing="  /how-to-report ").landing_path == "/how-to-report"
        with pytest.raises(ValueError):
            Campaign(code="direct", name="x", channel="bus", placement="x", landing_path=" /how-to-report")


@pytest.mark.parametrize("path", SAFE_PATHS)
def test_local_paths_are_accepted_and_redirected_to_exactly(app, client, clock, path):
    with app.app_context():
        make_campaign(landing=path)
    response = visit(client, "/c/bus321")
    assert response.status_code == 302
    assert response.headers["Location"] == path


@pytest.mark.parametrize("path", UNSAFE_PATHS)
def test_a_bad_row_in_the_database_still_never_redirects_away(app, client, clock, path):
    with app.app_context():
        campaign = make_campaign()
        # Written behind the service's back, as a faulty import or a hand edit might.
        db.session.execute(text("UPDATE campaign SET landing_path = :p WHERE id = :i"), {"p": path, "i": campaign.id})
        db.session.commit()
    response = visit(client, "/c/bus321")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with app.app_context():
        (click,) = clicks()
        assert click.landing_path == "/"


def test_a_running_campaign_counts_one_click_and_redirects(app, client, clock):
    with app.app_context():
        campaign_id = make_campaign().id
    response = visit(client, "/c/bus321", address="192.0.2.10")
    assert response.status_code == 302
    assert response.headers["Location"] == "/how-to-report"
    assert response.headers["Cache-Control"] == "no-store"  # every scan reaches us, none is served from a cache
    with app.app_context():
        (click,) = clicks()
        assert (click.campaign_id, click.code_used, click.source, click.landing_path) == (
            campaign_id, "bus321", "link", "/how-to-report")
        assert click.day == date(2026, 6, 15)
        assert (click.minute.hour, click.minute.minute, click.minute.second) == (12, 0, 0)
        assert len(click.visitor_hash) == 32 and int(click.visitor_hash, 16) >= 0


def test_codes_are_matched_whatever_their_case_and_with_a_trailing_slash(app, client, clock):
    with app.app_context():
        campaign_id = make_campaign().id
    assert visit(client, "/c/BUS321").headers["Location"] == "/how-to-report"
    assert visit(client, "/c/bus321/").headers["Location"] == "/how-to-report"
    with app.app_context():
        assert [c.campaign_id for c in clicks()] == [campaign_id, campaign_id]


@pytest.mark.parametrize(
    "path, stored",
    [
        ("/c/nosuchcode", "nosuchcode"),
        ("/c/No-Such_Code!", "no-suchcode"),
        ("/c/" + "z" * 80, "z" * 24),
        ("/c/%3Cscript%3Ealert(1)%3C%5Cscript%3E", "scriptalert1script"),
        ("/c/%00%0d%0a", ""),
    ],
)
def test_unknown_codes_land_on_the_home_page_and_are_counted(app, client, clock, path, stored):
    response = visit(client, path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with app.app_context():
        (click,) = clicks()
        assert click.campaign_id is None
        assert click.code_used == stored
        assert click.landing_path == "/"
    with client.session_transaction() as sess:
        assert routes.ORIGIN_KEY not in sess


@pytest.mark.parametrize("starts, ends", [(date(2026, 1, 1), date(2026, 6, 14)), (date(2026, 6, 16), date(2026, 12, 31))])
def test_ended_or_not_started_campaigns_go_home_and_count_without_a_campaign(app, client, clock, starts, ends):
    with app.app_context():
        make_campaign(starts=starts, ends=ends)
    response = visit(client, "/c/bus321")
    assert response.headers["Location"] == "/"
    with app.app_context():
        (click,) = clicks()
        assert (click.campaign_id, click.code_used) == (None, "bus321")
    with client.session_transaction() as sess:
        assert routes.ORIGIN_KEY not in sess


def test_first_and_last_days_are_part_of_the_campaign(app, client, clock):
    with app.app_context():
        campaign_id = make_campaign(starts=date(2026, 6, 15), ends=date(2026, 6, 16)).id
    for moment in (utc(2026, 6, 15, 0, 5), utc(2026, 6, 16, 22, 50), utc(2026, 6, 16, 23, 10)):
        clock.set(moment)
        visit(client, "/c/bus321")
    with app.app_context():
        # 23:10 UTC on 16 June is already 17 June in Hertfordshire (summer time), so the campaign is over.
        assert [c.campaign_id for c in clicks()] == [campaign_id, campaign_id, None]



def test_a_click_in_the_last_moment_of_a_campaign_is_dated_the_day_it_was_judged_on(app, client, monkeypatch):
    with app.app_context():
        campaign_id = make_campaign(starts=date(2026, 6, 15), ends=date(2026, 6, 16)).id
    # The clock passes midnight in Hertfordshire (23:00 UTC in summer) between any two readings.
    readings = [datetime(2026, 6, 16, 22, 59, 59, 999999, tzinfo=timezone.utc), utc(2026, 6, 16, 23, 0)]
    from app.core import clock

    monkeypatch.setattr(clock, "now", lambda: readings.pop(0) if len(readings) > 1 else readings[0])
    assert visit(client, "/c/bus321").headers["Location"] == "/how-to-report"
    with app.app_context():
        (click,) = clicks()
        # Sent on as the campaign's last day, so counted on that day: never on a day after it ended.
        assert (click.campaign_id, click.day) == (campaign_id, date(2026, 6, 16))

BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0)",
    "Mozilla/5.0 (compatible; SemrushCrawler)",
    "Baiduspider",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Twitterbot/1.0",
    "WhatsApp/2.23.20.0 A",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "",
]


@pytest.mark.parametrize("agent", BOTS)
def test_bots_and_link_previewers_get_the_redirect_but_are_not_counted(app, client, clock, agent):
    with app.app_context():
        make_campaign()
    response = visit(client, "/c/bus321", agent=agent)
    assert response.status_code == 302
    assert response.headers["Location"] == "/how-to-report"
    with app.app_context():
        assert clicks() == []
    with client.session_transaction() as sess:
        assert routes.ORIGIN_KEY not in sess


def test_head_requests_are_not_counted(app, client, clock):
    with app.app_context():
        make_campaign()
    response = visit(client, "/c/bus321", method="HEAD")
    assert response.status_code == 302
    with app.app_context():
        assert clicks() == []
    assert visit(client, "/c/bus321").status_code == 302
    with app.app_context():
        assert len(clicks()) == 1


def test_arriving_through_a_running_campaign_is_remembered_for_the_report(app, client, clock):
    with app.app_context():
        make_campaign("radio1", channel="radio", placement="Breakfast advert")
        campaign_id = make_campaign().id
    visit(client, "/c/radio1")
    visit(client, "/c/bus321")
    with client.session_transaction() as sess:
        assert sess[routes.ORIGIN_KEY] == campaign_id  # the latest arrival counts
        assert isinstance(sess[routes.ORIGIN_KEY], int)


def test_exit_this_page_forgets_the_campaign(app, client, clock):
    with app.test_request_context("/"):
        session[routes.ORIGIN_KEY] = 7
        session["lang"] = "pl"
        run_exit_hooks()
        assert routes.ORIGIN_KEY not in session
        assert session["lang"] == "pl"  # the hook takes only what it owns; /exit clears the rest
    with app.app_context():
        make_campaign()
    visit(client, "/c/bus321")
    client.get("/exit", check=False)  # a redirect to another site, not a page
    with client.session_transaction() as sess:
        assert routes.ORIGIN_KEY not in sess


def test_utm_parameters_on_a_page_are_counted_without_a_redirect(app, client, clock):
    with app.app_context():
        campaign_id = make_campaign("fb-spring", channel="facebook", placement="Sponsored post").id
    url = "/is-this-a-hate-crime?utm_source=facebook&utm_medium=social&utm_campaign=fb-spring"
    response = client.get(url, headers={"User-Agent": BROWSER}, check=False)
    assert response.status_code == 200
    soup = check_html(response.get_data(as_text=True), url)
    with app.app_context():
        (click,) = clicks()
        assert (click.campaign_id, click.code_used, click.source, click.landing_path) == (
            campaign_id, "fb-spring", "utm", "/is-this-a-hate-crime")
    with client.session_transaction() as sess:
        assert sess[routes.ORIGIN_KEY] == campaign_id

    # Switching language in the same visit is not a second arrival: the link drops the utm query.
    polish = soup.find("a", attrs={"hreflang": "pl"})["href"]
    assert polish == "/is-this-a-hate-crime?lang=pl"
    assert client.get(polish, headers={"User-Agent": BROWSER}).status_code == 200
    with app.app_context():
        assert len(clicks()) == 1


def test_utm_values_that_match_no_campaign_store_nothing(app, client, clock):
    with app.app_context():
        make_campaign(starts=date(2025, 1, 1), ends=date(2025, 12, 31))
    for query in ["utm_campaign=unknown", "utm_campaign=%3Cscript%3E", "utm_source=x", "utm_campaign="]:
        assert visit(client, f"/healthz?{query}").status_code == 200
    with app.app_context():
        assert clicks() == []
    visit(client, "/healthz?utm_campaign=BUS321")  # ended: counted, but for no campaign
    visit(client, "/healthz?utm_campaign=bus321", agent="Twitterbot/1.0")
    with app.app_context():
        assert [(c.campaign_id, c.code_used, c.source) for c in clicks()] == [(None, "bus321", "utm")]
    with client.session_transaction() as sess:
        assert routes.ORIGIN_KEY not in sess


def test_utm_on_the_short_link_itself_is_counted_once(app, client, clock):
    with app.app_context():
        make_campaign()
    visit(client, "/c/bus321?utm_campaign=bus321")
    with app.app_context():
        assert [c.source for c in clicks()] == ["link"]


def test_a_database_failure_still_sends_the_person_on(app, client, clock, monkeypatch):
    with app.app_context():
        make_campaign()

    def broken(**kwargs):
        raise OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(counting, "_write_click", broken)
    response = visit(client, "/c/bus321")
    assert response.status_code == 302
    assert response.headers["Location"] == "/how-to-report"
    with client.session_transaction() as sess:
        assert routes.ORIGIN_KEY not in sess  # not counted, so not remembered

    def unreadable(code):
        raise OperationalError("SELECT", {}, Exception("gone"))

    monkeypatch.setattr(counting, "find_campaign", unreadable)
    response = visit(client, "/c/bus321")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert visit(client, "/is-this-a-hate-crime?utm_campaign=bus321").status_code == 200


def test_a_write_the_database_refuses_still_sends_the_person_on(app, client, clock, caplog):
    """An error from the database itself, not a stand-in: the person is sent on, uncounted."""
    with app.app_context():
        make_campaign()
    assert visit(client, "/c/bus321").headers["Location"] == "/how-to-report"
    with app.app_context():
        db.session.execute(text("ALTER TABLE click RENAME TO click_gone"))
        db.session.commit()
    response = visit(client, "/c/bus321")
    assert (response.status_code, response.headers["Location"]) == (302, "/how-to-report")
    assert "the database failed; the person was sent to /how-to-report uncounted" in caplog.text
    with client.session_transaction() as sess:
        assert sess.get(routes.ORIGIN_KEY) is not None  # the first, counted, visit is still remembered


def test_anything_unforeseen_still_sends_the_person_home(app, client, clock, monkeypatch):
    with app.app_context():
        make_campaign()

    def bug(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(counting, "follow_link", bug)
    response = visit(client, "/c/bus321")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_redirect_carries_the_sites_headers_and_no_body(app, client, clock):
    with app.app_context():
        make_campaign()
    response = visit(client, "/c/bus321")
    page = client.get("/healthz")
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
                 "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cache-Control"):
        assert response.headers[name] == page.headers[name], name
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_data() == b"" and response.headers["Content-Length"] == "0"
    # The session cookie is the site's own, with the same attributes as any page sets.
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(app.config["SESSION_COOKIE_NAME"] + "=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie


def test_the_link_keeps_what_the_visit_already_holds(app, client, clock):
    """Arriving by a second link in the same visit keeps the language chosen and any answers."""
    with app.app_context():
        campaign_id = make_campaign().id
    client.get("/?lang=pl", headers={"User-Agent": BROWSER})
    visit(client, "/c/bus321")
    with client.session_transaction() as sess:
        assert sess["lang"] == "pl" and sess[routes.ORIGIN_KEY] == campaign_id
    with app.app_context():
        assert clicks()[-1].lang == "pl"
    visit(client, "/c/bus321?lang=ur")
    with client.session_transaction() as sess:
        assert sess["lang"] == "ur"  # ?lang= is honoured and kept, as on every page


def test_a_link_followed_from_another_site_does_not_replace_the_persons_cookie(app, client, clock):
    with app.app_context():
        make_campaign()
    response = client.get("/c/bus321", headers={"User-Agent": BROWSER, "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 302 and "Set-Cookie" not in response.headers
    with app.app_context():
        assert len(clicks()) == 1  # still counted


def test_only_get_and_head_are_answered(app, client, clock):
    with app.app_context():
        make_campaign()
    assert client.post("/c/bus321", headers={"User-Agent": BROWSER}, check=False).status_code == 405
    with app.app_context():
        assert clicks() == []


def test_one_client_over_the_limit_is_sent_on_but_not_counted(tmp_path, clock):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'rl.db'}", INSTANCE_DIR=tmp_path,
                     RATELIMIT_ENABLED=True)
    app.test_client_class = PageClient
    with app.app_context():
        db.create_all()
        make_campaign()
    client = app.test_client()
    statuses = [visit(client, "/c/bus321").status_code for _ in range(120)]
    assert statuses == [302] * 120
    # The 121st in the minute still reaches the page (a crowd behind one address must never be
    # stranded), but a flood does not reach the figures and is not remembered for a report.
    over = visit(client, "/c/bus321")
    assert (over.status_code, over.headers["Location"]) == (302, "/how-to-report")
    assert "Set-Cookie" not in over.headers
    # Someone else is not held up by that client.
    assert visit(client, "/c/bus321", address="198.51.100.7").status_code == 302
    with app.app_context():
        assert len(clicks()) == 121  # 120 from the first client, 1 from the second
        db.session.remove()
        db.engine.dispose()


def test_a_change_made_anywhere_reaches_the_link_at_once(app, client, clock):
    with app.app_context():
        campaign_id = make_campaign().id
    assert visit(client, "/c/bus321").headers["Location"] == "/how-to-report"
    assert visit(client, "/c/taxi9").headers["Location"] == "/"
    with app.app_context():
        # As another worker or the command line would change it.
        db.session.execute(text("UPDATE campaign SET landing_path = '/online-hate' WHERE id = :i"), {"i": campaign_id})
        db.session.commit()
    assert visit(client, "/c/bus321").headers["Location"] == "/online-hate"
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        editing.update_campaign(campaign, code="bus321", name=campaign.name, channel="bus",
                                 placement=campaign.placement, landing_path="/how-to-report",
                                 starts_on=campaign.starts_on, ends_on=date(2026, 6, 30))
        make_campaign("taxi9", landing="/transport-and-night-time")
    assert visit(client, "/c/bus321").headers["Location"] == "/how-to-report"
    assert visit(client, "/c/taxi9").headers["Location"] == "/transport-and-night-time"
    clock.set(utc(2026, 7, 1))  # ended yesterday: whether it runs is decided on every click
    assert visit(client, "/c/bus321").headers["Location"] == "/"
