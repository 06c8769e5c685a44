"""Whole routes through the report, as a person would take them, and the row each one stores."""
import json
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from app import i18n
from app.core import clock
from app.extensions import db
from app.reporting.models import Outbox, ReportDraft

from .report_helpers import (
    VICTIM, answer, check_page, make_centre, reference_shown, send, soup, stored, until, walk,
)


def test_start_page_says_what_to_expect_and_other_ways(client):
    response = client.get("/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for words in ["10 minutes", "anonymous", "999", "101", "61016", 'href="/centres"', 'href="/report/easy"']:
        assert words in html, words
    page = soup(response)
    assert page.find("a", class_="govuk-button--start")["href"] == "/report/who"
    assert page.find("a", attrs={"hreflang": "ur"})


def test_victim_anonymous_route_stores_what_was_answered(app, client):
    walk(client, VICTIM)
    response, key = send(client)
    assert response.status_code == 302 and response.headers["Location"] == "/report/confirmation"
    reference = reference_shown(client)
    report = stored(app, reference)
    assert report.channel == "online"
    assert report.reporter_role == "victim"
    assert report.description == "A man on the bus shouted at me MARKER-7731 and spat."
    assert report.strands == "race,religion"
    assert report.location_type == "bus" and report.online_platform is None
    assert report.district == "stevenage" and report.town == "Old Town"
    assert report.incident_date == date(2025, 4, 3) and report.date_kind == "date"
    assert report.repeat == "few"
    assert report.wants_support is False and report.wants_contact is False and report.contact is None
    assert report.heard_from == "bus"
    assert report.status == "new" and report.idempotency_key == key
    assert report.retention_until == date.today() + timedelta(days=app.config["REPORT_RETENTION_DAYS"]) == date.today() + timedelta(days=730)
    assert report.origin_centre_id is None and report.origin_campaign_id is None
    with app.app_context():
        outbox = db.session.scalars(db.select(Outbox)).all()
        assert [(o.kind, o.report_id, o.delivered_at) for o in outbox] == [("report-received", report.id, None)]
        # The draft is gone: what is left is the confirmation page's receipt, which holds no answers.
        assert all("MARKER-7731" not in row.answers for row in db.session.scalars(db.select(ReportDraft)))


def test_anonymous_confirmation_says_what_that_means_and_a_bus_is_not_for_btp(client):
    walk(client, VICTIM)
    send(client)
    html = client.get("/report/confirmation").get_data(as_text=True)
    assert "we cannot call you, write to you or offer you support directly" in html
    assert "with your reference and follow-up code" in html  # honest: the one way we can still reply
    assert "We cannot tell you what happens next" not in html
    assert "We tell the police what happened, where and when, but not who you are" in html  # VICTIM: facts-only
    assert "This website is not the police" in html
    # VICTIM was on a bus: British Transport Police's text number is for trains and stations only.
    assert "61016" not in html and "Tell the bus company" in html and "call 101" in html
    assert "write your reference down" in html.lower()
    assert 'data-module="app-print"' in html and "dist/report.js" in html


def test_witness_with_contact_and_online_platform(app, client):
    route = [
        ("who", {"role": "witness"}),
        ("what", {"description": "Posts about my neighbour."}),
        ("why", {"strands": ["other"], "strand_other": "Her accent"}),
        ("where", {"location": "online"}),
        ("platform", {"platform": "tiktok"}),
        ("area", {"district": "not-sure", "town": ""}),
        ("when", {"when": "ongoing"}),
        ("before", {"repeat": "many"}),
        ("police", {"police": "facts-only"}),
        ("evidence", {}),
        ("person", {}),
        ("outcome", {}),
        ("offender", {}),
        ("witnesses", {}),
        ("support", {"support": "yes"}),
        ("contact", {"contact": "contact"}),
        ("contact-details", {"name": "Jo", "email": "jo@example.org", "phone": "07700 900982", "voicemail": "no",
                             "safe_times": "after 6pm"}),
        ("contact-needs", {"language": "Polish", "interpreter": "yes", "access_needs": "Large print"}),
        ("heard", {}),
    ]
    walk(client, route)
    # Witnesses are asked about the other person.
    assert "Has this happened to them before?" in client.get("/report/before").get_data(as_text=True)
    send(client)
    confirmation = client.get("/report/confirmation").get_data(as_text=True)
    assert 'href="/online-hate"' in confirmation
    assert "Beacon" in confirmation and "cannot contact you" not in confirmation
    # What Beacon is sent, as the support question said (app/cases/services.beacon_share).
    assert "a short summary of what happened to Beacon" in confirmation
    report = stored(app, reference_shown(client))
    assert report.reporter_role == "witness"
    assert report.strands == "other" and report.strand_other == "Her accent"
    assert report.location_type == "online" and report.online_platform == "tiktok"
    assert report.district == "not-sure" and report.town is None
    assert report.incident_date is None and report.date_kind == "ongoing"
    assert report.wants_support is True and report.wants_contact is True
    assert json.loads(report.contact) == {
        "name": "Jo", "email": "jo@example.org", "phone": "07700 900982", "voicemail": "no",
        "safe_times": "after 6pm", "language": "Polish", "interpreter": "yes", "access_needs": "Large print",
    }
    assert report.heard_from == ""


def test_on_behalf_route(app, client):
    route = [("who", {"role": "behalf"})] + VICTIM[1:]
    walk(client, route)
    send(client)
    assert stored(app, reference_shown(client)).reporter_role == "behalf"


def test_anonymous_person_is_never_asked_for_contact_details(client):
    walk(client, VICTIM)
    response = client.get("/report/contact-details")
    assert response.status_code == 302 and response.headers["Location"] == "/report/check"


def test_centre_assisted_with_a_valid_code_records_the_centre(app, client):
    centre_id = make_centre(app, code="HC42")
    route = [("who", {"role": "centre"}), ("centre", {"centre_code": " hc 42 "})] + VICTIM[1:]
    walk(client, route)
    html, _token, _key = check_page(client)
    assert "Sample Library" in html
    send(client)
    report = stored(app, reference_shown(client))
    assert report.channel == "centre-assisted"
    assert report.origin_centre_id == centre_id
    assert report.reporter_role == "centre"


def test_centre_code_that_is_unknown_or_inactive_is_refused(app, client):
    make_centre(app, code="OLD1", active=False)
    answer(client, "/report/who", {"role": "centre"})
    for code in ["NOPE", "OLD1"]:
        response = answer(client, "/report/centre", {"centre_code": code})
        assert response.status_code == 200
        assert "We do not recognise that centre code" in response.get_data(as_text=True)
        assert soup(response).find("a", href="#centre_code")


def test_easy_read_route_uses_easy_words_pictograms_and_channel(app, client):
    response = client.get("/report/easy")
    assert response.status_code == 200 and "Tell us about hate" in response.get_data(as_text=True)
    assert soup(response).find("a", class_="govuk-button--start")["href"] == "/report/easy/who"
    page = soup(client.get("/report/easy/who"))
    assert page.find("h1").get_text(strip=True) == "Who are you?"
    pictures = [img["src"].split("?")[0] for img in page.select(".govuk-radios__label img")]
    assert pictures == ["/static/pictograms/person.svg", "/static/pictograms/eye.svg",
                        "/static/pictograms/people.svg", "/static/pictograms/map-pin.svg"]
    assert page.find("a", href="/report/who").get_text(strip=True) == "Standard version"
    walk(client, VICTIM, easy=True)
    send(client, easy=True)
    report = stored(app, reference_shown(client, easy=True))
    assert report.channel == "easy-read"


def test_every_easy_read_sentence_is_short_and_every_pictogram_exists(app):
    import re

    from app.config import BASE_DIR
    from app.reporting import steps, words

    with app.test_request_context():
        for step in words.EASY.values():
            for parts in step.values():
                texts = [parts.get("label"), parts.get("hint")] + list(parts.get("choices", {}).values())
                for text in filter(None, texts):
                    for sentence in re.split(r"(?<=[.?!])\s+", str(text)):
                        assert len(sentence.split()) <= 15, sentence
        for step in steps.STEPS:
            for name in [step.pictogram, *step.pictograms.values()]:
                svg = BASE_DIR / "static" / "pictograms" / f"{name}.svg"
                assert svg.exists(), name
                assert svg.stat().st_size < 2048, name
                assert "<text" not in svg.read_text()


def test_every_report_page_links_to_the_other_version(client):
    walk(client, VICTIM)
    for url, other in [("/report", "/report/easy"), ("/report/what", "/report/easy/what"),
                       ("/report/check", "/report/easy/check"), ("/report/easy/when", "/report/when")]:
        assert soup(client.get(url)).find("a", href=other), url


def test_back_links_follow_the_route_taken(client):
    walk(client, [("who", {"role": "victim"}), ("what", {"description": "x"}), ("why", {"strands": ["age"]}),
                  ("where", {"location": "online"})], then="platform")
    assert soup(client.get("/report/who")).find("a", class_="govuk-back-link")["href"] == "/report"
    assert soup(client.get("/report/platform")).find("a", class_="govuk-back-link")["href"] == "/report/where"
    answer(client, "/report/platform", {"platform": "x"})
    assert soup(client.get("/report/area")).find("a", class_="govuk-back-link")["href"] == "/report/platform"
    answer(client, "/report/where", {"location": "home"})
    assert soup(client.get("/report/area")).find("a", class_="govuk-back-link")["href"] == "/report/where"


def test_a_later_step_without_earlier_answers_goes_to_the_first_unanswered(client):
    assert client.get("/report/when").headers["Location"] == "/report/who"
    answer(client, "/report/who", {"role": "victim"})
    assert client.get("/report/check").headers["Location"] == "/report/what"
    assert client.get("/report/easy/support").headers["Location"] == "/report/easy/what"
    assert client.get("/report/no-such-step", check=False).status_code == 404


def test_answers_are_shown_again_when_going_back(client):
    walk(client, VICTIM)
    page = soup(client.get("/report/when"))
    assert page.find("input", id="day")["value"] == "3" and page.find("input", id="year")["value"] == "2025"
    assert page.find("input", attrs={"value": "date"}).has_attr("checked")
    assert "MARKER-7731" in page.find("textarea").get_text() if page.find("textarea") else True
    assert "MARKER-7731" in soup(client.get("/report/what")).find("textarea").get_text()


def test_change_links_return_to_check_answers(app, client):
    walk(client, VICTIM)
    html, _t, _k = check_page(client)
    page = BeautifulSoup(html, "html.parser")
    changes = [a["href"] for a in page.select(".govuk-summary-list__actions a")]
    assert "/report/what?change=1" in changes and "/report/when?change=1" in changes
    assert soup(client.get("/report/what?change=1")).find("a", class_="govuk-back-link")["href"] == "/report/check"
    response = answer(client, "/report/what?change=1", {"description": "Changed words"})
    assert response.headers["Location"] == "/report/check"
    # A change that opens a new question asks it, then goes back to check answers.
    response = answer(client, "/report/contact?change=1", {"contact": "contact"})
    assert response.headers["Location"] == "/report/contact-details"
    answer(client, "/report/contact-details?change=1", {"phone": "01632 960001"})
    response = answer(client, "/report/contact-needs?change=1", {})
    assert response.headers["Location"] == "/report/check"
    send(client)
    report = stored(app, reference_shown(client))
    assert report.description == "Changed words" and report.wants_contact is True
    assert json.loads(report.contact)["phone"] == "01632 960001"


def test_changing_to_anonymous_forgets_contact_details(app, client):
    route = until("contact") + [("contact", {"contact": "contact"}), ("contact-details", {"email": "a@example.org"}),
                          ("contact-needs", {}), ("heard", {})]
    walk(client, route)
    answer(client, "/report/contact?change=1", {"contact": "anonymous"})
    html, _t, _k = check_page(client)
    assert "a@example.org" not in html
    send(client)
    report = stored(app, reference_shown(client))
    assert report.wants_contact is False and report.contact is None


def test_check_answers_escapes_everything_typed(client):
    route = [("who", {"role": "victim"}), ("what", {"description": "<script>alert(1)</script>\nline two"})] + VICTIM[2:]
    walk(client, route)
    html, _t, _k = check_page(client)
    assert "<script>alert(1)" not in html
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi><br><bdi>line two</bdi>" in html


def test_what_was_typed_keeps_its_own_direction_on_a_right_to_left_page(client):
    """English typed on an Arabic page: each line isolated, so its full stop stays at its end."""
    client.get("/report?lang=ar")
    route = [("who", {"role": "victim"}), ("what", {"description": "He shouted at me at the bus stop."})] + VICTIM[2:]
    walk(client, route)
    html, _t, _k = check_page(client)
    assert "<bdi>He shouted at me at the bus stop.</bdi>" in html


def test_campaign_origin_follows_the_click_to_the_stored_report(app, client):
    """Attribution end to end: a short-link click, then a report in the same visit."""
    from app.campaigns import editing

    with app.app_context():
        campaign_id = editing.create_campaign(
            code="bus1", name="Sample bus", channel="bus", placement="Route 1 rear panel",
            landing_path="/report", starts_on=clock.today() - timedelta(days=1),
            ends_on=clock.today() + timedelta(days=30),
        ).id
    browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36"
    assert client.get("/c/bus1", headers={"User-Agent": browser}).status_code == 302
    walk(client, VICTIM)
    send(client)
    assert stored(app, reference_shown(client)).origin_campaign_id == campaign_id


@pytest.mark.parametrize("value", ["12", 999999, True])
def test_a_campaign_key_that_is_not_a_real_campaign_is_ignored(app, client, value):
    with client.session_transaction() as session:
        session["origin_campaign_id"] = value
    walk(client, VICTIM)
    send(client)
    assert stored(app, reference_shown(client)).origin_campaign_id is None


def test_report_pages_work_in_another_language(client):
    response = client.get("/report/who?lang=ur")
    assert soup(response).html["dir"] == "rtl"


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("lang", [lang.code for lang in i18n.LANGUAGES])
def test_every_step_its_error_and_the_confirmation_in_every_language(app, client, lang, easy):
    """Every page passes the page checker (the test client checks each page it fetches)."""
    prefix = "/report/easy/" if easy else "/report/"
    client.get(f"{prefix.rstrip('/')}?lang={lang}")
    error = answer(client, prefix + "who", {})  # nothing chosen: the error state
    assert error.status_code == 200 and soup(error).find(class_="govuk-error-summary")
    assert soup(error).html["lang"] == lang
    walk(client, VICTIM, easy=easy)
    response, _ = send(client, easy=easy)
    assert response.status_code == 302
    page = client.get(prefix + "confirmation")
    assert soup(page).html["lang"] == lang
    # A reference reads left to right in every language, and is never machine-translated.
    assert soup(page).find("strong", class_="app-report-reference", dir="ltr", translate="no")


def test_support_says_what_is_shared_and_contact_explains_why_it_is_needed(client):
    walk(client, until("support"), then="support")
    assert "We share nothing else" in client.get("/report/support").get_data(as_text=True)
    answer(client, "/report/support", {"support": "yes"})
    assert "we need a way to contact you" in client.get("/report/contact").get_data(as_text=True)
    assert "Beacon needs to know how to contact you" in client.get("/report/easy/contact").get_data(as_text=True)


def test_the_form_says_it_is_not_the_police_and_asks_everyone_what_the_police_are_told(app, client):
    from app.reporting import police

    for url in ("/report", "/report/easy"):
        assert "This website is not the police" in client.get(url).get_data(as_text=True)
    for role in ("victim", "witness", "behalf"):
        fresh = app.test_client()
        walk(fresh, [("who", {"role": role})] + until("police")[1:], then="police")
        page = soup(fresh.get("/report/police"))
        assert page.h1.get_text(strip=True) == "Do you want us to pass this report to the police?"
        radios = page.select("input[name=police]")
        assert [r["value"] for r in radios] == list(police.VALUES)
        hints = [h.get_text(" ", strip=True) for h in page.select(".govuk-radios__hint")]
        assert hints == [str(police.MEANING[v]) for v in police.VALUES]
        text = page.get_text(" ", strip=True)
        assert "not the police" in text and "serious risk of harm" in text and "working days" in text
    easy = soup(fresh.get("/report/easy/police"))
    assert easy.h1.get_text(strip=True) == "Do you want us to tell the police?"
    assert "Talk to me first" in easy.get_text()


@pytest.mark.parametrize("decision", ["with-details", "facts-only", "talk-first", "no"])
def test_the_decision_is_stored_and_summarised_as_chosen(app, client, decision):
    from app.reporting import police

    police_pages = {"evidence", "outcome", "offender", "witnesses"}  # asked only when the police may be told
    route = [(name, {"police": decision} if name == "police" else data) for name, data in VICTIM
             if decision != "no" or name not in police_pages]
    walk(client, route)
    html, _t, _k = check_page(client)
    assert str(dict(police.CHOICES)[decision]) in html and str(police.MEANING[decision]) in html
    send(client)
    assert stored(app, reference_shown(client)).police_decision == decision


def test_the_pages_about_reporting_use_the_forms_own_words(client):
    from app.reporting import police

    for url in ("/how-to-report", "/after-you-report"):
        text = soup(client.get(url)).get_text(" ", strip=True)
        assert "[[" not in text
        for value, words in police.CHOICES:
            assert str(words) in text and str(police.MEANING[value]) in text
