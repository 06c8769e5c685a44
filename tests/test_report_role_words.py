"""Questions worded for who is reporting: "you" for the person it happened to, "the person" for a
witness or someone reporting on their behalf, "the person you are helping" for reporting centre staff."""
import re

import pytest
from bs4 import BeautifulSoup

from app import i18n
from app.reporting import words

from .report_helpers import VICTIM, make_centre, until, walk

# The questions that speak of the person it happened to, and the one words each role hears.
ABOUT_THE_PERSON = ["before", "person", "offender"]
SUPPORT_AND_CONTACT = ["support", "contact", "contact-details", "contact-needs"]
SAYS = {"behalf": "the person", "centre": "the person you are helping"}


def _route(role: str, app) -> list:
    start = [("who", {"role": role})]
    if role == "centre":
        make_centre(app, code="HC42")
        start.append(("centre", {"centre_code": "HC42"}))
    route = start + VICTIM[1:]
    # Reach the contact questions: ask to be contacted, and want support.
    return [(name, {"contact": "contact"} if name == "contact" else {"support": "yes"} if name == "support"
             else data) for name, data in route]


def _headings(client, prefix: str, names) -> dict:
    out = {}
    for name in names:
        response = client.get(prefix + name)
        assert response.status_code == 200, (name, response.status_code)
        page = BeautifulSoup(response.data, "html.parser")
        out[name] = (page.h1.get_text(" ", strip=True),
                     page.find("main").get_text(" ", strip=True))
    return out


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy"])
def test_each_role_hears_the_questions_in_its_own_words(app, easy):
    prefix = "/report/easy/" if easy else "/report/"
    pages = {}
    for role in ("victim", "witness", "behalf", "centre"):
        client = app.test_client()
        route = _route(role, app)
        walk(client, until("contact", route) + [("contact", {"contact": "contact"}),
                                                 ("contact-details", {"email": "someone@example.org"})],
             easy=easy, then="contact-needs")
        pages[role] = _headings(client, prefix, ABOUT_THE_PERSON + SUPPORT_AND_CONTACT)
    for name in ABOUT_THE_PERSON + SUPPORT_AND_CONTACT:
        victim_h1, victim_text = pages["victim"][name]
        assert "the person" not in victim_text and "their" not in victim_h1.lower(), name
        for role in ("behalf", "centre"):
            h1, text = pages[role][name]
            assert text != victim_text, (role, name)
            assert SAYS[role] in text or "them" in text or "they" in text.lower(), (role, name)
        assert "the person you are helping" in pages["centre"][name][1], name
    for name in SUPPORT_AND_CONTACT:
        # A witness may not know the person: support and contact stay about the witness.
        assert pages["witness"][name][0] == pages["victim"][name][0], name
    for name in ABOUT_THE_PERSON:
        assert pages["witness"][name][1] != pages["victim"][name][1], name
    # The page asking for contact details says whose they are.
    assert SAYS["behalf"] in pages["behalf"]["contact-details"][0]
    assert SAYS["centre"] in pages["centre"]["contact-details"][0]
    assert SAYS["centre"] in pages["centre"]["contact-needs"][0]


def test_the_role_words_live_in_one_table_and_follow_the_answers(app):
    with app.test_request_context():
        for role, phrase in SAYS.items():
            label = str(words.for_step("contact", {"role": role}, easy=False)["contact"]["label"])
            assert phrase in label
            hint = str(words.for_step("contact", {"role": role, "support": "yes"}, easy=False)["contact"]["hint"])
            assert "contact them" in hint
            hint = str(words.for_step("contact", {"role": role, "police": "talk-first"}, easy=True)["contact"]["hint"])
            assert "contact the person" in hint
        assert "label" not in words.for_step("contact", {"role": "victim"}, easy=False).get("contact", {})
        assert (words.for_step("support", {"role": "witness"}, easy=True)["support"]
                == words.for_step("support", {"role": "victim"}, easy=True)["support"])


@pytest.mark.parametrize("lang", [lang.code for lang in i18n.LANGUAGES if lang.code != "en"])
def test_the_role_words_are_translated(app, lang):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale(lang):
        for role in SAYS:
            for easy in (False, True):
                for step in SUPPORT_AND_CONTACT + ABOUT_THE_PERSON:
                    english = words.for_step(step, {"role": role, "support": "yes"}, easy)
                    for parts in english.values():
                        for key in ("label", "hint"):
                            if parts.get(key):
                                text = str(parts[key])
                                assert "the person" not in text and "their" not in text.split(), (step, text)


def test_every_easy_read_role_sentence_is_short(app):
    tables = [words.EASY_OTHER_PERSON, words.EASY_HELPED_PERSON, words.EASY_THEIR_CONTACT,
              words.EASY_BEHALF_CONTACT, words.EASY_CENTRE_CONTACT, words.EASY_THEY_WANT_SUPPORT,
              words.EASY_POLICE_NEEDS_THEIR_CONTACT]
    with app.test_request_context():
        for table in tables:
            for step in table.values():
                for parts in step.values():
                    texts = [parts.get("label"), parts.get("hint"), *parts.get("choices", {}).values(),
                             *parts.get("choice_hints", {}).values()]
                    for text in filter(None, texts):
                        for sentence in re.split(r"(?<=[.?!])\s+", str(text)):
                            assert len(sentence.split()) <= 15, sentence
