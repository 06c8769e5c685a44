"""'Is this a hate crime?': the rule, the form, and that nothing is stored."""
import pytest

from app.content.selfcheck import Outcome, outcome

from .conftest import csrf_token


@pytest.mark.parametrize(
    "happened, because, harm, words, again, expected",
    [
        ("yes", "yes", "yes", "no", "no", Outcome.HATE_CRIME),
        ("yes", "not-sure", "not-sure", "no", "no", Outcome.HATE_CRIME),
        ("not-sure", "yes", "yes", "no", "no", Outcome.HATE_CRIME),
        # Abuse or threats in words alone: the offence recorded most often in Hertfordshire in 2015-16.
        ("yes", "yes", "no", "yes", "no", Outcome.HATE_CRIME),
        ("yes", "not-sure", "no", "not-sure", "no", Outcome.HATE_CRIME),
        # Targeted again and again: harassment can be a crime even when each time seems small.
        ("yes", "yes", "no", "no", "yes", Outcome.HATE_CRIME),
        ("yes", "yes", "no", "no", "not-sure", Outcome.HATE_CRIME),
        ("yes", "yes", "no", "no", "no", Outcome.HATE_INCIDENT),
        ("yes", "not-sure", "no", "no", "no", Outcome.HATE_INCIDENT),
        ("yes", "no", "yes", "no", "no", Outcome.OTHER_CRIME),
        ("yes", "no", "no", "yes", "yes", Outcome.OTHER_CRIME),
        ("no", "yes", "yes", "yes", "yes", Outcome.NOTHING_YET),
    ],
)
def test_outcome_rule(happened, because, harm, words, again, expected):
    assert outcome(happened, because, harm, words, again).outcome is expected


def test_reasons_say_why_it_could_be_a_crime():
    assert outcome("yes", "yes", "no", "yes", "yes").reasons == ("words", "again")
    assert outcome("yes", "yes", "yes", "no", "no").reasons == ("harm",)
    assert outcome("yes", "yes", "no", "no", "no").reasons == ()


def _answer(client, **answers):
    token = csrf_token(client, "/is-this-a-hate-crime")
    data = {"csrf_token": token, "happened": "yes", "because": "yes", "harm": "no", "words": "no", "again": "no"}
    return client.post("/is-this-a-hate-crime", data=data | answers)


def test_answers_lead_to_reporting(client):
    response = _answer(client)
    assert response.status_code == 200
    assert b"This could be a hate incident" in response.data
    assert b'href="/how-to-report"' in response.data


def test_abuse_in_words_alone_could_be_a_crime(client):
    html = _answer(client, words="yes").get_data(as_text=True)
    assert "This could be a hate crime" in html
    assert "Abusive or threatening words can be a crime" in html
    assert "hate incident" not in html


def test_being_targeted_again_and_again_could_be_a_crime(client):
    html = _answer(client, again="yes").get_data(as_text=True)
    assert "This could be a hate crime" in html
    assert "harassment" in html


def test_missing_answers_show_an_error_summary_and_error_title(client):
    token = csrf_token(client, "/is-this-a-hate-crime")
    response = client.post("/is-this-a-hate-crime", data={"csrf_token": token, "happened": "yes"})
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#because"' in html and 'href="#harm"' in html
    assert 'href="#words"' in html and 'href="#again"' in html
    assert "Select whether you think it happened because of who you are" in html


def test_invalid_choice_is_an_error_not_a_crash(client):
    token = csrf_token(client, "/is-this-a-hate-crime")
    response = client.post(
        "/is-this-a-hate-crime", data={"csrf_token": token, "happened": "<script>", "because": "yes", "harm": "yes"}
    )
    assert response.status_code == 200
    assert b"<script>" not in response.data


def test_errors_in_polish(client):
    client.get("/?lang=pl")
    token = csrf_token(client, "/is-this-a-hate-crime")
    response = client.post("/is-this-a-hate-crime", data={"csrf_token": token})
    assert response.status_code == 200
    assert "<title>Błąd:" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client):
    response = client.post("/is-this-a-hate-crime", data={"happened": "yes", "because": "yes", "harm": "yes"})
    assert response.status_code == 400


def test_nothing_is_kept_in_the_session(client):
    token = csrf_token(client, "/is-this-a-hate-crime")
    client.post("/is-this-a-hate-crime", data={"csrf_token": token, "happened": "yes", "because": "yes", "harm": "yes"})
    with client.session_transaction() as session:
        assert set(session.keys()) <= {"csrf_token", "lang"}
