"""Helpers for the report tests: answer a step as a browser would, walk whole routes, read rows back."""
import re

from bs4 import BeautifulSoup

from app.extensions import db
from app.reporting.models import Report


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def page_token(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.headers.get("Location"))
    return CSRF.search(response.get_data(as_text=True)).group(1)


def shown_again(client, response):
    """A question sent with mistakes redirects to itself (303: post, redirect, get, so the Back button
    works): the page it leads to, with the errors. Any other answer is returned as it is."""
    if response.status_code == 303:
        return client.get(response.headers["Location"])
    return response


def answer(client, url: str, data: dict, follow: bool = False):
    token = page_token(client, url)
    response = client.post(url, data={**data, "csrf_token": token}, follow_redirects=follow)
    return shown_again(client, response)


VICTIM = [
    ("who", {"role": "victim"}),
    ("what", {"description": "A man on the bus shouted at me MARKER-7731 and spat."}),
    ("why", {"strands": ["race", "religion"]}),
    ("where", {"location": "bus"}),
    ("area", {"district": "stevenage", "town": "Old Town"}),
    ("when", {"when": "date", "day": "3", "month": "4", "year": "2025"}),
    ("before", {"repeat": "few"}),
    ("police", {"police": "facts-only"}),
    ("evidence", {}),
    ("person", {"age_band": "35-44", "hurt": "no"}),
    ("outcome", {"reported": "no", "outcomes": ["advice", "recorded"]}),
    ("offender", {}),
    ("witnesses", {}),
    ("support", {"support": "no"}),
    ("contact", {"contact": "anonymous"}),
    ("heard", {"heard": "bus"}),
]


def until(name: str, route=None) -> list:
    """The route's answers up to (not including) the step `name`."""
    route = VICTIM if route is None else route
    return route[:[step for step, _data in route].index(name)]


def set_draft_answer(app, client, **values) -> None:
    """Put answers straight into this visitor's draft, for a question another page asks."""
    import json

    from app.reporting.models import ReportDraft
    from app.reporting.services import SESSION_KEY, _hash

    with client.session_transaction() as session:
        token = session[SESSION_KEY]
    with app.app_context():
        row = db.session.scalar(db.select(ReportDraft).where(ReportDraft.token_hash == _hash(token)))
        row.answers = json.dumps({**json.loads(row.answers), **values})
        db.session.commit()


def walk(client, route, easy: bool = False, then: str = "check"):
    """Answer every step in order, checking each answer leads to the next question in the route."""
    prefix = "/report/easy/" if easy else "/report/"
    for index, (name, data) in enumerate(route):
        response = answer(client, prefix + name, data)
        assert response.status_code == 302, (name, response.get_data(as_text=True)[:2000])
        expected = route[index + 1][0] if index + 1 < len(route) else then
        # (a page may carry ?after=<step> for words to say at once)
        assert response.headers["Location"].split("?")[0] == prefix + expected, (name, response.headers["Location"])
    return prefix


def check_page(client, easy: bool = False):
    response = client.get("/report/easy/check" if easy else "/report/check")
    assert response.status_code == 200, response.headers.get("Location")
    html = response.get_data(as_text=True)
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    return html, CSRF.search(html).group(1), key


def send(client, easy: bool = False, website: str = ""):
    html, token, key = check_page(client, easy)
    url = "/report/easy/check" if easy else "/report/check"
    response = client.post(url, data={"csrf_token": token, "submission_key": key, "website": website})
    return response, key


def sent_through_server(client) -> str:
    """Sends the walked report through a running server (tests/http_client.py) and returns the
    reference its confirmation page shows."""
    response, _key = send(client)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}", confirmation).group(0)


def reference_shown(client, easy: bool = False) -> str:
    response = client.get("/report/easy/confirmation" if easy else "/report/confirmation")
    assert response.status_code == 200
    shown = soup(response).find("strong", class_="app-report-reference")
    assert shown is not None, "no reference on the confirmation page"
    reference = shown.get_text(strip=True)
    assert re.fullmatch(r"HC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference), reference
    return reference


def stored(app, reference: str) -> Report:
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        assert report is not None
        db.session.expunge(report)
        return report


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


def make_centre(app, code="HC42", active=True, name="Sample Library"):
    from app.centres.models import Centre

    with app.app_context():
        centre = Centre(code=code, slug=code.lower(), name=name, district="watford", active=active)
        db.session.add(centre)
        db.session.commit()
        return centre.id


def complete_answers(**answers) -> dict:
    """A whole report's answers, as the draft holds them when every question that applies is answered:
    the one set of complete answers the tests share. Pass answers to change or add."""
    from app.reporting import steps

    base = {"role": "victim", "description": "A man on the bus shouted at me MARKER-7731 and spat.",
            "strands": ["race"], "location": "bus", "district": "stevenage", "town": "Old Town", "when": "date",
            "date": "2025-04-03", "repeat": "few", "police": "facts-only", "support": "no", "contact": "anonymous",
            "heard": "bus"}
    base.update(answers)
    base[steps.DONE_KEY] = [s.name for s in steps.applicable(base)]
    return base


def make_report(app, **answers) -> str:
    """A stored report made through the submit service, as the last step makes it. Returns its reference."""
    import secrets

    from app.reporting import services

    with app.test_request_context():
        report = services.submit(complete_answers(**answers), secrets.token_hex(16), easy=False)
        return report.reference
