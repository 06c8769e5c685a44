"""What a police officer needs to act on: each question optional, asked only where it makes sense,
stored (typed words encrypted), summarised, and shown to the case team."""
import csv
import io

import pytest
from sqlalchemy import text

from app.extensions import db
from app.reporting import steps
from app.staff.models import CASE_WORKER

from .report_helpers import (
    VICTIM, answer, check_page, make_report, reference_shown, send, soup, stored, until, walk,
)
from .staff_support import clock, fast_hashing, form_token, make_person, sign_in  # noqa: F401  (fixtures)

POLICE_ROUTE = until("offender") + [
    ("offender", {"offender_known": "neighbour", "offender_count": "two-three",
                  "offender_description": "Tall, red coat OFFENDER-K3"}),
    ("witnesses", {"witnesses": "yes", "witness_contact": "Sam at number 4 WITNESS-W8"}),
] + VICTIM[len(until("support")):]


def _with(route, name, data):
    return [(step, data if step == name else values) for step, values in route]


def _walk_with_police(app, client, police, route):
    """Walk a route answering the police question with `police`."""
    walk(client, _with(route, "police", {"police": police}))


def test_the_shortest_route_grows_by_two_pages():
    """Anonymous, not passed to the police: the police question and "about you" are the only new pages."""
    before_this_round = ["who", "what", "why", "where", "area", "when", "before", "support", "contact", "heard"]
    answers = {"role": "victim", "strands": ["race"], "location": "street", "contact": "anonymous", "police": "no"}
    shortest = [s.name for s in steps.applicable(answers)]
    assert shortest == ["who", "what", "why", "where", "area", "when", "before", "police", "person", "support",
                        "contact", "heard"]
    assert len(shortest) - len(before_this_round) == 2


def test_offender_and_witnesses_only_when_the_police_may_read_it():
    base = {"role": "victim", "strands": ["race"], "location": "street", "contact": "anonymous"}
    for police, asked in ((None, False), ("no", False), ("with-details", True), ("facts-only", True),
                          ("talk-first", True)):
        names = [s.name for s in steps.applicable({**base, "police": police})]
        assert ("offender" in names and "witnesses" in names) is asked, police


def test_every_new_question_can_be_skipped(app, client):
    route = _with(_with(VICTIM, "person", {}), "outcome", {})
    walk(client, route)
    send(client)
    report = stored(app, reference_shown(client))
    assert (report.age_band, report.hurt, report.reported_to_police, report.outcomes, report.time_of_day) == (
        None, None, None, None, None)


def test_all_the_answers_are_stored_summarised_and_typed_words_encrypted(app, client):
    route = _with(POLICE_ROUTE, "when", {"when": "ongoing", "time_of_day": "exact", "time": "9.05"})
    route = _with(route, "area", {"district": "stevenage", "place": "Route 301, stop PLACE-P5"})
    route = _with(route, "outcome", {"reported": "yes", "crime_reference": "41/12345/25 CR",
                                     "outcomes": ["police-action", "restorative"]})
    route = _with(route, "person", {"age_band": "65-plus", "hurt": "yes"})
    route = _with(route, "why", {"strands": ["race", "disability"]})
    route.insert(3, ("disability", {"disabilities": ["learning", "sensory"]}))
    _walk_with_police(app, client, "with-details", route)
    html, _token, _key = check_page(client)
    page = soup(client.get("/report/check"))
    rows = {row.find("dt").get_text(strip=True): row.find("dd").get_text(" ", strip=True)
            for row in page.select(".govuk-summary-list__row")}
    assert rows["Time of day"] == "09:05"
    assert rows["Exact place"] == "Route 301, stop PLACE-P5"
    assert rows["Kind of disability"] == "Learning disability Deaf, blind or another sensory disability"
    assert rows["Age"] == "65 or over" and rows["Hurt"] == "Yes"
    assert rows["Already reported to the police"] == "Yes" and rows["Crime reference number"] == "41/12345/25 CR"
    assert rows["What you would like to happen"] == (
        "The police to take action A meeting to put things right (restorative justice)")
    assert rows["Someone known"] == "Yes, a neighbour" and rows["How many people"] == "Two or three people"
    assert rows["What they looked like"] == "Tall, red coat OFFENDER-K3"
    assert rows["Anyone else who saw or heard it"] == "Yes" and rows["How to reach them"] == "Sam at number 4 WITNESS-W8"
    send(client)
    reference = reference_shown(client)
    report = stored(app, reference)
    assert (report.time_of_day, report.incident_time, report.disabilities) == ("exact", "09:05", "learning,sensory")
    assert (report.age_band, report.hurt, report.reported_to_police) == ("65-plus", "yes", "yes")
    assert report.outcomes == "police-action,restorative"
    assert (report.offender_known, report.offender_count, report.witnesses) == ("neighbour", "two-three", "yes")
    typed = {"place": "Route 301, stop PLACE-P5", "crime_reference": "41/12345/25 CR",
             "offender_description": "Tall, red coat OFFENDER-K3", "witness_contact": "Sam at number 4 WITNESS-W8"}
    for column, words in typed.items():
        assert getattr(report, column) == words
    with app.app_context():
        raw = db.session.execute(text(f"SELECT {', '.join(typed)} FROM report WHERE reference = :r"),
                                 {"r": reference}).one()
    for (column, words), value in zip(typed.items(), raw):
        assert value and words not in value and value.startswith("gAAAA"), column


def test_time_is_read_kindly_and_only_kept_for_an_exact_time(app, client):
    walk(client, until("when"), then="when")
    for typed, kept in (("9:30", "09:30"), ("0930", "09:30"), ("23.59", "23:59")):
        assert answer(client, "/report/when", {"when": "not-sure", "time_of_day": "exact", "time": typed}).status_code == 302
        assert client.get("/report/check").status_code == 302  # not finished yet
        assert soup(client.get("/report/when")).find("input", id="time")["value"] == kept
    answer(client, "/report/when", {"when": "not-sure", "time_of_day": "evening", "time": "10:00"})
    walk(client, VICTIM[len(until("when")) + 1:])
    send(client)
    report = stored(app, reference_shown(client))
    assert (report.time_of_day, report.incident_time) == ("evening", None)


@pytest.mark.parametrize("location, label", [
    ("bus", "Which bus route or number? (optional)"),
    ("train", "Which train or station? (optional)"),
    ("online", "Web address or username (optional)"),
    ("night-time", "Name of the pub, club, bar or takeaway (optional)"),
    ("other", "Where exactly did it happen? (optional)"),
])
def test_the_exact_place_is_asked_in_words_that_fit_where_it_happened(client, location, label):
    route = _with(until("area"), "where", {"location": location})
    if location == "online":
        route.append(("platform", {"platform": "x"}))
    walk(client, route, then="area")
    for url in ("/report/area", "/report/easy/area"):
        assert soup(client.get(url)).find("label", attrs={"for": "place"}).get_text(strip=True) == label


def test_kind_of_disability_is_asked_only_after_disability(app, client):
    walk(client, until("why"), then="why")
    assert answer(client, "/report/why", {"strands": ["race"]}).headers["Location"] == "/report/where"
    assert answer(client, "/report/why?change=1", {"strands": ["race", "disability"]}).headers["Location"] \
        == "/report/disability"
    response = answer(client, "/report/disability", {"disabilities": ["physical", "not-sure"]})
    assert response.status_code == 200 and "Select ‘I’m not sure’ on its own" in response.get_data(as_text=True)
    assert answer(client, "/report/disability", {"disabilities": ["mental-health", "bogus"]}).status_code == 302
    answer(client, "/report/why?change=1", {"strands": ["race"]})  # no longer asked, so forgotten
    walk(client, VICTIM[len(until("why")) + 1:])
    send(client)
    assert stored(app, reference_shown(client)).disabilities is None


def test_who_is_reporting_changes_the_words(client):
    walk(client, until("person"), then="person")
    page = soup(client.get("/report/person"))
    assert page.find("h1").get_text(strip=True) == "About you"
    assert "Were you hurt? (optional)" in page.get_text()
    answer(client, "/report/who?change=1", {"role": "witness"})
    page = soup(client.get("/report/person"))
    assert page.find("h1").get_text(strip=True) == "About the person it happened to"
    assert "Was the person hurt? (optional)" in page.get_text()
    assert "How old is the person it happened to? (optional)" in page.get_text()
    assert "Were they hurt?" in soup(client.get("/report/easy/person")).get_text()


def test_hurt_or_under_18_is_told_at_once_and_never_stopped(app, client):
    walk(client, until("person"), then="person")
    response = answer(client, "/report/person", {"age_band": "18-24", "hurt": "no"})
    assert response.headers["Location"] == "/report/outcome"
    assert soup(client.get(response.headers["Location"])).find(class_="govuk-notification-banner") is None
    response = answer(client, "/report/person", {"age_band": "under-18", "hurt": "yes"})
    assert response.headers["Location"] == "/report/outcome?after=person"
    banner = soup(client.get(response.headers["Location"])).find(class_="govuk-notification-banner").get_text()
    for words in ("call 999", "NHS 111", "Childline", "0800 1111", "an adult you trust", "share what you tell us"):
        assert words in banner, words
    # In easy read each idea has its picture.
    response = answer(client, "/report/easy/person", {"age_band": "under-18"})
    assert response.headers["Location"] == "/report/easy/outcome?after=person"
    banner = soup(client.get(response.headers["Location"])).find(class_="govuk-notification-banner")
    assert banner.select_one('img[src^="/static/pictograms/phone.svg"]') and "Childline" in banner.get_text()
    # From check answers the words go on the check page.
    walk(client, VICTIM[len(until("outcome")):], easy=True)
    response = answer(client, "/report/easy/person?change=1", {"hurt": "yes"})
    assert response.headers["Location"] == "/report/easy/check?after=person"
    banner = soup(client.get(response.headers["Location"])).find(class_="govuk-notification-banner")
    assert banner.select_one('img[src^="/static/pictograms/plaster.svg"]') and "NHS 111" in banner.get_text()
    send(client, easy=True)
    assert stored(app, reference_shown(client, easy=True)).hurt == "yes"


def test_crime_reference_is_loose_kept_only_when_reported_and_naughty_ones_are_refused(app, client):
    walk(client, until("outcome"), then="outcome")
    for bad in ("<script>alert(1)</script>", "41/123;DROP", "=HYPERLINK(1)", "١٢٣", "a\u202eb"):
        response = answer(client, "/report/outcome", {"reported": "yes", "crime_reference": bad})
        assert response.status_code == 200, bad
        assert "can only have letters, numbers, spaces, slashes (/) and hyphens (-)" in response.get_data(as_text=True)
    assert answer(client, "/report/outcome", {"reported": "no", "crime_reference": "41/1;"}).status_code == 302
    walk(client, VICTIM[len(until("outcome")) + 1:])
    send(client)
    report = stored(app, reference_shown(client))
    assert report.reported_to_police == "no" and report.crime_reference is None


def test_witness_contact_forgotten_unless_there_were_witnesses(app, client):
    route = _with(POLICE_ROUTE, "witnesses", {"witnesses": "not-sure", "witness_contact": "forget me"})
    _walk_with_police(app, client, "talk-first", route)
    send(client)
    report = stored(app, reference_shown(client))
    assert report.witnesses == "not-sure" and report.witness_contact is None


@pytest.fixture
def worker(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    sign_in(client, person, clock)
    return person


def test_case_page_and_export_show_the_new_answers(app, client, worker):
    reference = make_report(
        app, police="with-details", strands=["race", "disability"], disabilities=["physical"],
        time_of_day="exact", time="21:15", place="Outside PLACE-P5", age_band="under-18", hurt="yes",
        reported="yes", crime_reference="AB/123-45", outcomes=["advice", "support-only"],
        offender_known="stranger", offender_count="one", offender_description="Grey hoodie OFFENDER-K3",
        witnesses="yes", witness_contact="Bus driver WITNESS-W8")
    page = soup(client.get(f"/staff/cases/{reference}"))
    rows = {row.find("dt").get_text(strip=True): row.find("dd").get_text(" ", strip=True)
            for row in page.select(".govuk-summary-list__row")}
    assert rows["Age"] == "Under 18" and rows["Hurt"] == "Yes"
    assert rows["Kind of disability"] == "Physical disability"
    assert rows["Exact place"] == "Outside PLACE-P5" and rows["Time of day"] == "21:15"
    assert "No, a stranger" in rows["About who did it"] and "One person" in rows["About who did it"]
    assert "Grey hoodie OFFENDER-K3" in rows["About who did it"]
    assert rows["Anyone else who saw or heard it"] == "Yes Bus driver WITNESS-W8"
    assert rows["Already reported to the police"] == "Yes: AB/123-45"
    assert rows["What they would like to happen"] == "Advice about what to do Support only"
    keys = list(rows)
    assert keys.index("Time of day") < keys.index("Hurt") < keys.index("What they would like to happen")

    token = form_token(client.get("/staff/cases"))
    structured = list(csv.DictReader(io.StringIO(client.post(
        "/staff/cases/export.csv", data={"csrf_token": token}).get_data(as_text=True))))[0]
    # The export is in the words the case page uses (column headings and answers alike).
    assert {k: structured[k] for k in ("Age", "Kind of disability", "Time of day", "Time", "Hurt", "Someone known",
                                       "How many people", "Anyone else who saw or heard it",
                                       "Already reported to the police", "What they would like to happen")} == {
        "Age": "Under 18", "Kind of disability": "Physical disability", "Time of day": "At a time I can give",
        "Time": "21:15", "Hurt": "Yes", "Someone known": "No, a stranger",
        "How many people": "One person", "Anyone else who saw or heard it": "Yes",
        "Already reported to the police": "Yes", "What they would like to happen": "Advice about what to do; Support only"}
    for column in ("Exact place", "Police crime reference", "About who did it", "How to reach witnesses"):
        assert column not in structured
    assert not {"PLACE-P5", "AB/123-45", "OFFENDER-K3", "WITNESS-W8"} & set(" ".join(structured.values()).split())
    full = list(csv.DictReader(io.StringIO(client.post(
        "/staff/cases/export.csv", data={"csrf_token": token, "free_text": "y"}).get_data(as_text=True))))[0]
    assert (full["Exact place"], full["Police crime reference"], full["About who did it"],
            full["How to reach witnesses"]) == (
        "Outside PLACE-P5", "AB/123-45", "Grey hoodie OFFENDER-K3", "Bus driver WITNESS-W8")


def test_retention_removes_the_typed_answers(app):
    from datetime import date, timedelta

    from app.retention import purge
    from app.reporting.models import Report

    reference = make_report(app, police="facts-only", place="PLACE-P5", reported="yes", crime_reference="X1",
                            offender_description="OFFENDER-K3", witnesses="yes", witness_contact="WITNESS-W8",
                            hurt="yes")
    with app.app_context():
        db.session.execute(db.update(Report).values(retention_until=date.today() - timedelta(days=1)))
        db.session.commit()
        purge()
    report = stored(app, reference)
    assert (report.place, report.crime_reference, report.offender_description, report.witness_contact) == (
        None, None, None, None)
    assert report.hurt == "yes" and report.witnesses == "yes"  # counted answers stay
