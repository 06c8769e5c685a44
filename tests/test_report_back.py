"""A question sent with mistakes redirects to itself (post, redirect, get), keeping what was typed in
the server-side draft, so the browser's Back button never meets a page that answered a POST
(tests/browser/test_report_back_button.py presses it in Chromium)."""
import json

from app import messages
from app.extensions import db
from app.reporting import services
from app.reporting.models import ReportDraft

from .report_helpers import page_token, soup, until, walk

TYPED = "Old Town MARKER-5521"


def test_mistakes_redirect_to_the_question_and_the_typed_words_stay_out_of_the_address(client):
    walk(client, until("area"), then="area")
    token = page_token(client, "/report/area?change=1")
    response = client.post("/report/area?change=1", data={"csrf_token": token, "town": TYPED})
    assert response.status_code == 303
    assert response.headers["Location"] == "/report/area?change=1"
    assert "MARKER" not in response.headers["Location"] and "no-store" in response.headers["Cache-Control"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    html = soup(page)
    assert html.title.get_text().startswith("Error:")
    assert html.find("input", attrs={"name": "town"})["value"] == TYPED
    assert html.find(class_="govuk-error-summary").find("a", href="#district").get_text(strip=True) \
        == str(messages.REPORT_DISTRICT)
    # A reload shows the same; answering the question forgets what was kept.
    assert TYPED in client.get("/report/area").get_data(as_text=True)
    token = page_token(client, "/report/area")
    assert client.post("/report/area", data={"csrf_token": token, "district": "stevenage"}).status_code == 302
    again = soup(client.get("/report/area"))
    assert not again.find(class_="govuk-error-summary")


def test_errors_come_back_in_the_language_of_the_page_that_shows_them(client):
    token = page_token(client, "/report/who")
    assert client.post("/report/who", data={"csrf_token": token}).status_code == 303
    page = soup(client.get("/report/who?lang=pl"))
    assert page.html["lang"] == "pl" and page.title.get_text().startswith("Błąd")


def test_what_was_typed_is_kept_encrypted_in_the_draft(app, client):
    walk(client, until("area"), then="area")
    token = page_token(client, "/report/area")
    client.post("/report/area", data={"csrf_token": token, "town": TYPED})
    with app.app_context():
        raw = db.session.execute(db.text("SELECT answers FROM report_draft")).scalars().all()
        assert raw and all("MARKER" not in value for value in raw)
        rows = db.session.scalars(db.select(ReportDraft)).all()
        assert any(services.typed(json.loads(r.answers), "area") for r in rows)
