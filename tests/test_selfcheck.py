"""'Is this a hate crime?': the rule, the form, and that nothing is stored."""
import pytest

from app.content.selfcheck import Outcome, outcome

from .conftest import csrf_token


@pytest.mark.parametrize(
    "happened, because, harm, expected",
    [
        ("yes", "yes", "yes", Outcome.HATE_CRIME),
        ("yes", "not-sure", "not-sure", Outcome.HATE_CRIME),
        ("not-sure", "yes", "yes", Outcome.HATE_CRIME),
        ("yes", "yes", "no", Outcome.HATE_INCIDENT),
        ("yes", "not-sure", "no", Outcome.HATE_INCIDENT),
        ("yes", "no", "yes", Outcome.OTHER_CRIME),
        ("yes", "no", "no", Outcome.OTHER_CRIME),
        ("no", "yes", "yes", Outcome.NOTHING_YET),
    ],
)
def test_outcome_rule(happened, because, harm, expected):
    assert outcome(happened, because, harm) is expected


def test_answers_lead_to_reporting(client):
    token = csrf_token(client, "/is-this-a-hate-crime")
    response = client.post(
        "/is-this-a-hate-crime", data={"csrf_token": token, "happened": "yes", "because": "yes", "harm": "no"}
    )
    assert response.status_code == 200
    assert b"This could be a hate incident" in response.data
    assert b'href="/how-to-report"' in response.data


def test_missing_answers_show_an_error_summary_and_error_title(client):
    token = csrf_token(client, "/is-this-a-hate-crime")
    response = client.post("/is-this-a-hate-crime", data={"csrf_token": token, "happened": "yes"})
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#because"' in html and 'href="#harm"' in html
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
