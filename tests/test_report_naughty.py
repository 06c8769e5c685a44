"""Naughty strings through every text field: never a 500, never markup that runs, stored exactly as cleaned.

The Big List of Naughty Strings lives in the shared data folder next to the repository and is read at test
time (never copied in). The built-in list below goes through real HTTP; the big list goes through the
form rules, the service layer and the template, which is where escaping and storage happen.
"""
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import render_template
from werkzeug.datastructures import MultiDict

from app.reporting import forms, services, steps, summary
from app.reporting.routes import _url

from .report_helpers import VICTIM, answer, complete_answers, until, walk  # noqa: F401

BLNS = Path(__file__).resolve().parents[2] / "shared" / "data" / "naughty-strings" / "blns.json"
BUILT_IN = [
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "'; DROP TABLE report; --",
    "1' OR '1'='1",
    "{{ 7*7 }} {% raw %}",
    "😀🏳️‍🌈👩🏽‍🦯",
    "مرحبا بالعالم",
    "\u202eevil\u202c",
    "null\x00byte",
    "bell\x07 and escape\x1b[31m",
    "line one\r\nline two",
    "x" * 5000,
    "%s %d %(name)s",
    "javascript:alert(1)",
]
TEXT_FIELDS = [  # (step, field, other answers that must go with it)
    ("what", "description", {}),
    ("why", "strand_other", {"strands": ["other"]}),
    ("area", "town", {"district": "watford"}),
    ("area", "place", {"district": "watford"}),
    ("outcome", "crime_reference", {"reported": "yes"}),
    ("contact-details", "name", {"email": "a@example.org"}),
    ("contact-details", "safe_times", {"email": "a@example.org"}),
    ("contact-needs", "language", {}),
    ("contact-needs", "access_needs", {}),
]
CONTACT_ROUTE = until("contact") + [("contact", {"contact": "contact"}), ("contact-details", {"email": "a@example.org"}),
                              ("contact-needs", {}), ("heard", {})]


def big_list() -> list[str]:
    if BLNS.exists():
        return [s for s in json.loads(BLNS.read_text(encoding="utf-8")) if isinstance(s, str)]
    return BUILT_IN


def _no_live_markup(html: str, where: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    for tag in main.find_all(True):
        assert tag.name not in ("script", "iframe", "object", "embed"), where
        assert not [a for a in tag.attrs if a.lower().startswith("on")], (where, tag)
    for img in main.find_all("img"):
        assert img["src"].startswith("/static/pictograms/"), where


@pytest.mark.parametrize("step, field, extra", TEXT_FIELDS, ids=[f"{s}-{f}" for s, f, _ in TEXT_FIELDS])
def test_built_in_naughty_strings_over_http(app, client, step, field, extra):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    walk(client, CONTACT_ROUTE)
    for value in BUILT_IN:
        response = answer(client, f"/report/{step}?change=1", {**extra, field: value})
        assert response.status_code in (200, 302), (field, value[:40], response.status_code)
        html = response.get_data(as_text=True)
        if response.status_code == 200:
            _no_live_markup(html, f"{step} {value[:30]!r}")
            continue
        check = client.get("/report/check")
        assert check.status_code == 200
        _no_live_markup(check.get_data(as_text=True), f"check {value[:30]!r}")
        again = client.get(f"/report/{step}")
        _no_live_markup(again.get_data(as_text=True), f"{step} again {value[:30]!r}")


@pytest.mark.parametrize("value", BUILT_IN[:6])
def test_naughty_centre_codes_and_radio_values_are_refused_politely(client, value):
    answer(client, "/report/who", {"role": "centre"})
    response = answer(client, "/report/centre", {"centre_code": value})
    assert response.status_code == 200
    _no_live_markup(response.get_data(as_text=True), value)
    response = answer(client, "/report/who", {"role": value})
    assert response.status_code == 200
    _no_live_markup(response.get_data(as_text=True), value)


def _complete(value: str) -> dict:
    return complete_answers(description=value, strands=["other"], strand_other=value, location="street",
                            district="watford", town=value, when="not-sure", date=None, repeat="first",
                            contact="contact", name=value, email=value, phone=value, voicemail="yes",
                            safe_times=value, language=value, interpreter="no", access_needs=value, heard=None,
                            place=value, police="with-details", reported="yes", crime_reference=value,
                            offender_description=value, witnesses="yes", witness_contact=value)


def test_big_list_through_rules_storage_and_rendering(app):
    strings = big_list()
    assert len(strings) >= len(BUILT_IN)
    with app.test_request_context("/report/check"):
        for index, raw in enumerate(strings):
            # The rules: never an exception, whatever arrives.
            form = forms.WhatForm(formdata=MultiDict({"description": raw}), meta={"csrf": False})
            form.validate()
            value = form.description.data if form.description.data else "empty " + str(index)
            for form_class, data in ((forms.AreaForm, {"district": "watford", "place": raw}),
                                     (forms.OutcomeForm, {"reported": "yes", "crime_reference": raw}),
                                     (forms.OffenderForm, {"offender_description": raw}),
                                     (forms.WitnessForm, {"witnesses": "yes", "witness_contact": raw})):
                checked = form_class(formdata=MultiDict(data), meta={"csrf": False})
                if checked.validate() and form_class is forms.OutcomeForm and checked.crime_reference.data:
                    assert forms.CRIME_REFERENCE.fullmatch(checked.crime_reference.data), index
            # Storage: encrypted and read back exactly.
            report = services.submit(_complete(value), f"naughty-{index}", easy=False)
            from app.extensions import db

            db.session.expire(report)
            assert report.description == value and report.town == value, index
            assert report.place == report.crime_reference == report.offender_description == value, index
            assert report.witness_contact == value, index
            # Rendering: every answer escaped on the check page.
            draft = services.Draft(None, _complete(value))
            html = render_template("reporting/check.html", form=forms.CheckForm(meta={"csrf": False}), easy=False,
                                   notice=None, rows=summary.rows(steps.applicable(draft.answers), draft.answers, False, _url), key="k",
                                   back_url="/report/heard", switch_url="/report/easy/check")
            _no_live_markup(html, repr(raw[:40]))
            text = BeautifulSoup(html, "html.parser").find(class_="govuk-summary-list").get_text()
            first_line = value.splitlines()[0].strip() if value.strip() else ""
            if first_line:
                assert first_line in text, index
