"""Every question's rules: each error says what to do, sits in the error summary and links to its field."""
from datetime import date, timedelta

import pytest

from app import messages

from .report_helpers import answer, soup  # noqa: F401

FULL = [
    ("who", {"role": "victim"}),
    ("what", {"description": "Something happened."}),
    ("why", {"strands": ["age"]}),
    ("where", {"location": "online"}),
    ("platform", {"platform": "x"}),
    ("area", {"district": "watford"}),
    ("when", {"when": "not-sure"}),
    ("before", {"repeat": "first"}),
    ("police", {"police": "facts-only"}),
    ("evidence", {}),
    ("person", {}),
    ("outcome", {}),
    ("offender", {}),
    ("witnesses", {}),
    ("support", {"support": "no"}),
    ("contact", {"contact": "contact"}),
    ("contact-details", {"email": "a@example.org"}),
    ("contact-needs", {}),
    ("heard", {}),
]
TOMORROW = date.today() + timedelta(days=1)


def reach(client, name):
    for step, data in FULL:
        if step == name:
            return
        assert answer(client, f"/report/{step}", data).status_code == 302, step


CASES = [
    ("who", {}, messages.REPORT_WHO, "role"),
    ("who", {"role": "boss"}, messages.REPORT_WHO, "role"),
    ("what", {}, messages.REPORT_WHAT, "description"),
    ("what", {"description": "   \n  "}, messages.REPORT_WHAT, "description"),
    ("what", {"description": "a" * 10_001}, "What happened must be 10000 characters or fewer. Shorten it, or call 101 to tell the police the rest",
     "description"),
    ("why", {}, messages.REPORT_WHY, "strands"),
    ("why", {"strands": ["bogus"]}, messages.REPORT_WHY, "strands"),
    ("why", {"strands": ["race", "not-sure"]}, messages.REPORT_WHY_EXCLUSIVE, "strands"),
    ("why", {"strands": ["other"], "strand_other": " "}, messages.REPORT_WHY_OTHER, "strand_other"),
    ("where", {}, messages.REPORT_WHERE, "location"),
    ("platform", {"platform": "myspace"}, messages.REPORT_PLATFORM, "platform"),
    ("area", {}, messages.REPORT_DISTRICT, "district"),
    ("area", {"district": "watford", "town": "x" * 201}, "Your answer must be 200 characters or fewer", "town"),
    ("when", {}, messages.REPORT_WHEN, "when"),
    ("when", {"when": "date"}, messages.REPORT_DATE_MISSING, "day"),
    ("when", {"when": "date", "day": "3", "year": "2024"}, messages.REPORT_DATE_PART, "month"),
    ("when", {"when": "date", "day": "3", "month": "4"}, messages.REPORT_DATE_PART, "year"),
    ("when", {"when": "date", "day": "31", "month": "2", "year": "2024"}, messages.REPORT_DATE_REAL, "day"),
    ("when", {"when": "date", "day": "x", "month": "2", "year": "2024"}, messages.REPORT_DATE_REAL, "day"),
    ("when", {"when": "date", "day": "1", "month": "2", "year": "24"}, messages.REPORT_DATE_REAL, "day"),
    ("when", {"when": "date", "day": "1", "month": "2", "year": "1850"}, messages.REPORT_DATE_OLD, "year"),
    ("when", {"when": "date", "day": str(TOMORROW.day), "month": str(TOMORROW.month), "year": str(TOMORROW.year)},
     messages.REPORT_DATE_FUTURE, "day"),
    ("when", {"when": "date", "day": "1", "month": "2", "year": "99999999999999999999"}, messages.REPORT_DATE_REAL, "day"),
    ("when", {"when": "not-sure", "time_of_day": "exact"}, messages.REPORT_TIME, "time"),
    ("when", {"when": "not-sure", "time_of_day": "exact", "time": "25:00"}, messages.REPORT_TIME, "time"),
    ("when", {"when": "not-sure", "time_of_day": "exact", "time": "half past two"}, messages.REPORT_TIME, "time"),
    ("when", {"when": "not-sure", "time_of_day": "teatime"}, messages.REPORT_CHOICE, "time_of_day"),
    ("area", {"district": "watford", "place": "x" * 201}, "Your answer must be 200 characters or fewer", "place"),
    ("before", {}, messages.REPORT_BEFORE, "repeat"),
    ("police", {}, messages.REPORT_POLICE, "police"),
    ("police", {"police": "tell-everyone"}, messages.REPORT_POLICE, "police"),
    ("person", {"age_band": "ancient"}, messages.REPORT_CHOICE, "age_band"),
    ("person", {"hurt": "a bit"}, messages.REPORT_CHOICE, "hurt"),
    ("outcome", {"reported": "yes", "crime_reference": "41/12345/25; DROP"}, messages.REPORT_CRIME_REFERENCE,
     "crime_reference"),
    ("outcome", {"reported": "yes", "crime_reference": "A" * 31}, "Your answer must be 30 characters or fewer",
     "crime_reference"),
    ("outcome", {"reported": "perhaps"}, messages.REPORT_CHOICE, "reported"),
    ("support", {"support": "maybe"}, messages.REPORT_SUPPORT, "support"),
    ("contact", {}, messages.REPORT_CONTACT, "contact"),
    ("contact-details", {}, messages.REPORT_CONTACT_HOW, "email"),
    ("contact-details", {"email": "not-an-email"}, messages.REPORT_EMAIL, "email"),
    ("contact-details", {"phone": "call me"}, messages.REPORT_PHONE, "phone"),
    ("contact-details", {"phone": "01632 960001", "voicemail": "perhaps"}, messages.REPORT_CHOICE, "voicemail"),
    ("contact-needs", {"interpreter": "sometimes"}, messages.REPORT_CHOICE, "interpreter"),
    ("heard", {"heard": "carrier pigeon"}, messages.REPORT_CHOICE, "heard"),
]


@pytest.mark.parametrize("step, data, message, field_id", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_error_is_in_the_summary_and_links_to_its_field(client, step, data, message, field_id):
    reach(client, step)
    response = answer(client, f"/report/{step}", data)
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    summary = page.find(class_="govuk-error-summary")
    link = summary.find("a", href=f"#{field_id}")
    assert link is not None, summary
    assert link.get_text(strip=True) == str(message)
    assert page.find(id=field_id) is not None
    assert page.find(class_="govuk-error-message").get_text(" ", strip=True).endswith(str(message))


def test_centre_code_is_required(client):
    answer(client, "/report/who", {"role": "centre"})
    response = answer(client, "/report/centre", {"centre_code": ""})
    link = soup(response).find(class_="govuk-error-summary").find("a", href="#centre_code")
    assert link.get_text(strip=True) == str(messages.REPORT_CENTRE_CODE)


def test_what_was_typed_stays_on_the_page_after_an_error(client):
    reach(client, "why")
    response = answer(client, "/report/why", {"strands": ["other", "not-sure"], "strand_other": "my job"})
    page = soup(response)
    assert page.find("input", id="strand_other")["value"] == "my job"
    assert page.find("input", attrs={"value": "other"}).has_attr("checked")


def test_errors_are_in_the_persons_language(app, client):
    from flask_babel import gettext

    with app.test_request_context("/?lang=pl"):
        expected_prefix, expected_message = gettext("Error:"), str(messages.REPORT_WHO)
    client.get("/report?lang=pl")
    page = soup(answer(client, "/report/who", {}))
    assert page.html["lang"] == "pl"
    assert page.title.get_text().startswith(expected_prefix)
    assert page.find(class_="govuk-error-summary").find("a", href="#role").get_text(strip=True) == expected_message


def test_today_is_allowed(client):
    reach(client, "when")
    today = date.today()
    response = answer(client, "/report/when", {"when": "date", "day": today.day, "month": today.month,
                                                "year": today.year})
    assert response.status_code == 302
