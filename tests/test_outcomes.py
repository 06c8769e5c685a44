"""Outcomes written by staff: sanitised, checked by a second person before publishing, audited,
kept with their history, and never shown on the public page unless published."""
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.extensions import db
from app.outcomes import services
from app.outcomes.models import STORY, YOU_SAID, Outcome
from app.staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER, ROLES, AuditEvent, StaffUser

from .conftest import csrf_token
from .staff_support import clock, fast_hashing, make_person, sign_in  # noqa: F401  (fixtures)
from .test_staff_naughty import naughty_strings

SCRIPT_BODY = ('Before.\n\n<script>alert("owned")</script>\n\n<img src=x onerror=alert(2)>\n\n'
               '[a link](javascript:alert(3)) and <a href="#" onclick="alert(4)">another</a>\n\n'
               '<style>body{display:none}</style>After.')


def _user(app, person) -> StaffUser:
    return db.session.scalar(select(StaffUser).where(StaffUser.public_id == person.public_id))


def _fields(**changes) -> dict:
    return {"kind": STORY, "lang": "en", "title": "More reporting centres in the north",
            "body": "People asked for a centre nearer home.\n\nTwo libraries now help.", **changes}


@pytest.fixture
def people(app, clock):
    return {
        "writer": make_person(app, clock, CAMPAIGN_STAFF, email="writer@example.org"),
        "checker": make_person(app, clock, CAMPAIGN_STAFF, email="checker@example.org"),
        "admin": make_person(app, clock, ADMINISTRATOR, email="admin@example.org"),
        "case": make_person(app, clock, CASE_WORKER, email="case@example.org"),
    }


def _public(client, lang="en") -> str:
    return client.get(f"/outcomes?lang={lang}").get_data(as_text=True)


def test_the_writer_cannot_publish_their_own_text(app, people):
    with app.test_request_context():
        writer, checker = _user(app, people["writer"]), _user(app, people["checker"])
        outcome = services.write(writer, **_fields())
        assert not outcome.published
        with pytest.raises(services.OutcomeRefused) as refused:
            services.publish(outcome, writer)
        assert "someone else" in str(refused.value.errors["outcome"])
        services.publish(outcome, checker)
        assert outcome.published
        # The checker fixes a word: now the checker wrote the text as it stands, and it leaves the page.
        services.change(outcome, checker, **_fields(title="More reporting centres in the north of the county"))
        assert not outcome.published and outcome.written_by_id == checker.id
        with pytest.raises(services.OutcomeRefused):
            services.publish(outcome, checker)
        services.publish(outcome, writer)
        services.unpublish(outcome, writer)  # anyone may take it down at once
        assert [(v.number, v.action, v.changed, v.by_id) for v in outcome.versions] == [
            (1, "written", "kind,lang,title,body", writer.id), (2, "published", "", checker.id),
            (3, "changed", "title", checker.id), (4, "published", "", writer.id), (5, "unpublished", "", writer.id)]
        assert outcome.versions[0].title == "More reporting centres in the north"  # the text as it was
        events = db.session.execute(select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.target_id)
                                    .where(AuditEvent.target_type == "outcome").order_by(AuditEvent.id)).all()
        assert [(a, who) for a, who, _ in events] == [
            ("outcome.write", writer.id), ("outcome.publish", checker.id), ("outcome.change", checker.id),
            ("outcome.publish", writer.id), ("outcome.unpublish", writer.id)]
        assert {target for _, _, target in events} == {outcome.public_id}


def test_every_field_is_checked_and_nothing_is_saved_half(app, people):
    with app.test_request_context():
        writer = _user(app, people["writer"])
        with pytest.raises(services.OutcomeRefused) as refused:
            services.write(writer, kind="poem", lang="xx", title=" ", body="a" * 5001)
        assert set(refused.value.errors) == {"kind", "lang", "title", "body"}
        assert db.session.scalar(select(db.func.count()).select_from(Outcome)) == 0


def test_a_stored_script_never_runs_or_shows(app, client, clock, people):
    with app.test_request_context():
        outcome = services.write(_user(app, people["writer"]), **_fields(body=SCRIPT_BODY))
        services.publish(outcome, _user(app, people["checker"]))
        public_id = outcome.public_id
    pages = [_public(client)]
    sign_in(client, people["admin"], clock)
    pages.append(client.get(f"/staff/outcomes/{public_id}").get_data(as_text=True))
    token = csrf_token(client, "/staff/outcomes/new")
    pages.append(client.post("/staff/outcomes/new", data={"csrf_token": token, "action": "preview",
                                                          **_fields(body=SCRIPT_BODY)}).get_data(as_text=True))
    for html in pages:
        shown = BeautifulSoup(html, "html.parser").find("main")
        text = shown.find(class_="app-prose") or shown.find(class_="govuk-inset-text app-prose")
        assert "Before." in text.get_text() and "After." in text.get_text()
        assert "alert" not in str(text) and "display:none" not in str(text)
        assert not shown.find_all("script") and not shown.find_all(attrs={"onerror": True})
        assert not shown.find_all(attrs={"onclick": True})
        assert "javascript:" not in str(text)


def test_the_public_page_shows_published_ones_in_the_persons_language(app, client, people):
    with app.test_request_context():
        writer, checker = _user(app, people["writer"]), _user(app, people["checker"])
        english = services.write(writer, **_fields(title="Buses now carry the number"))
        services.publish(english, checker)
        note = services.write(writer, **_fields(kind=YOU_SAID, title="You asked for easy read"))
        services.publish(note, checker)
        polish = services.write(writer, **_fields(lang="pl", title="Nowe punkty zgłaszania"))
        services.publish(polish, checker)
        services.write(writer, **_fields(title="Draft waiting for a check"))
        gone = services.write(writer, **_fields(title="Taken down again"))
        services.publish(gone, checker)
        services.unpublish(gone, checker)
    html = _public(client, "en")
    assert "Buses now carry the number" in html and "You asked for easy read" in html
    assert "Nowe punkty" not in html
    assert "Draft waiting" not in html and "Taken down again" not in html
    assert "Nothing has been written in" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in soup.select("main h2")] == ["Stories", "You said, we did"]
    assert soup.find(class_="govuk-exit-this-page") is not None
    polish_page = BeautifulSoup(_public(client, "pl"), "html.parser")
    assert [a.h3.get_text() for a in polish_page.select("article")] == ["Nowe punkty zgłaszania"]
    assert polish_page.find("article")["lang"] == "pl"
    # Nothing in Arabic yet: the English ones, clearly marked and marked up as English.
    arabic = BeautifulSoup(_public(client, "ar"), "html.parser")
    assert arabic.find(class_="app-fallback") is not None
    assert {a.h3.get_text() for a in arabic.select("article")} == {"Buses now carry the number", "You asked for easy read"}
    assert all(a["lang"] == "en" and a["dir"] == "ltr" for a in arabic.select("article"))
    assert arabic.find("html")["dir"] == "rtl"


def test_writing_previewing_and_publishing_through_the_pages(app, client, clock, people):
    sign_in(client, people["writer"], clock)
    form = client.get("/staff/outcomes/new").get_data(as_text=True)
    assert "Never include anything that could identify a victim" in form
    token = csrf_token(client, "/staff/outcomes/new")
    preview = client.post("/staff/outcomes/new", data={"csrf_token": token, "action": "preview",
                                                       **_fields(body="## Heading\n\nSome **bold** words")})
    assert preview.status_code == 200 and "<strong>bold</strong>" in preview.get_data(as_text=True)
    with app.test_request_context():
        assert db.session.scalar(select(db.func.count()).select_from(Outcome)) == 0  # a preview saves nothing
    empty = client.post("/staff/outcomes/new", data={"csrf_token": token, "action": "save"})
    assert "<title>Error:" in empty.get_data(as_text=True)
    assert "Enter a title of up to 120 characters" in empty.get_data(as_text=True)
    saved = client.post("/staff/outcomes/new", data={"csrf_token": token, "action": "save", **_fields()})
    assert saved.status_code == 302
    url = saved.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "You wrote this text, so another member of staff must check it and publish it." in page
    refused = client.post(url + "/publish", data={"csrf_token": token})
    assert refused.status_code == 200 and "someone else must check and publish it" in refused.get_data(as_text=True)
    assert "More reporting centres" not in _public(app.test_client())
    checker = app.test_client()
    sign_in(checker, people["checker"], clock)
    token = csrf_token(checker, url)
    assert checker.post(url + "/publish", data={"csrf_token": token}).status_code == 302
    assert "More reporting centres" in _public(app.test_client())
    # Changing it takes it down and the history says what changed.
    changed = checker.post(url + "/edit", data={"csrf_token": token, "action": "save",
                                                **_fields(title="Two new reporting centres")})
    assert changed.status_code == 302
    assert "Two new reporting centres" not in _public(app.test_client())
    history = BeautifulSoup(checker.get(url).data, "html.parser").find("table")
    assert "Changed: Title" in history.get_text(" ", strip=True)
    assert client.post(url + "/publish", data={"csrf_token": csrf_token(client, url)}).status_code == 302
    assert "Two new reporting centres" in _public(app.test_client())
    assert client.post(url + "/nonsense", data={"csrf_token": token}).status_code in (400, 404)


# (method, path, data) for every new staff URL; {id} is an outcome's public id.
STAFF_URLS = [
    ("GET", "/staff/outcomes", None),
    ("GET", "/staff/outcomes/new", None),
    ("POST", "/staff/outcomes/new", {"action": "preview", **_fields()}),
    ("POST", "/staff/outcomes/new", {"action": "save", **_fields()}),
    ("GET", "/staff/outcomes/{id}", None),
    ("GET", "/staff/outcomes/{id}/edit", None),
    ("POST", "/staff/outcomes/{id}/edit", {"action": "save", **_fields(title="Changed in the walk")}),
    ("POST", "/staff/outcomes/{id}/publish", {}),
    ("POST", "/staff/outcomes/{id}/unpublish", {}),
]


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_every_new_url_with_every_role(app, client, clock, people, who):
    with app.test_request_context():
        public_id = services.write(_user(app, people["admin"]), **_fields()).public_id
    if who != "anonymous":
        sign_in(client, {ADMINISTRATOR: people["admin"], CAMPAIGN_STAFF: people["writer"],
                         CASE_WORKER: people["case"]}[who], clock)
    assert client.get("/outcomes").status_code == 200
    token = csrf_token(client, "/staff/login" if who == "anonymous" else "/staff/")
    for method, template, form in STAFF_URLS:
        url = template.format(id=public_id)
        response = client.open(url, method=method, data={"csrf_token": token, **form} if form is not None else None)
        if who == "anonymous":
            assert (response.status_code, response.headers.get("Location")) == (302, "/staff/login"), url
        elif who in (ADMINISTRATOR, CAMPAIGN_STAFF):
            assert response.status_code in (200, 302), (who, method, url, response.status_code)
            assert response.headers.get("Location", "") != "/staff/login", url
        else:
            assert response.status_code == 403, (who, method, url)
        if response.status_code != 302:
            assert response.headers["X-Robots-Tag"] == "noindex, nofollow", url
    assert client.get("/staff/outcomes/" + "A" * 40).status_code in (302, 403, 404)


def test_staff_menu_offers_outcomes_to_campaign_staff_and_administrators(app, clock, people):
    for key, expected in (("writer", True), ("admin", True), ("case", False)):
        fresh = app.test_client()
        sign_in(fresh, people[key], clock)
        nav = BeautifulSoup(fresh.get("/staff/").data, "html.parser").find("nav", attrs={"aria-label": "Staff menu"})
        assert (nav.find("a", href="/staff/outcomes") is not None) is expected, key


def _chunks(strings, size=services.BODY_MAX):
    """Naughty strings joined into bodies of at most `size` characters: few requests, every string sent."""
    chunk = ""
    for value in strings:
        value = value[:size]
        if chunk and len(chunk) + len(value) + 2 > size:
            yield chunk
            chunk = ""
        chunk = f"{chunk}\n\n{value}" if chunk else value
    if chunk:
        yield chunk


def test_naughty_strings_never_break_the_outcome_pages(any_db_app, clock):
    app, client = any_db_app, any_db_app.test_client()
    people = {"writer": make_person(app, clock, CAMPAIGN_STAFF, email="writer@example.org"),
              "checker": make_person(app, clock, ADMINISTRATOR, email="checker@example.org")}
    strings = naughty_strings()
    with app.test_request_context():  # every string as a title and as a body, through the rules
        for value in strings:
            try:
                clean = services.validate(**_fields(title=value, body=value))
                assert "\x00" not in clean["title"] + clean["body"]
            except services.OutcomeRefused as refused:
                assert set(refused.errors) <= {"title", "body"}
            assert "<script" not in str(services.render(value)).lower()
    sign_in(client, people["writer"], clock)
    token = csrf_token(client, "/staff/outcomes/new")
    for body in _chunks(strings):  # every string through the form, in a few requests
        for action in ("preview", "save"):
            response = client.post("/staff/outcomes/new", check=False, data={
                "csrf_token": token, "action": action, **_fields(title=body[:100], body=body)})
            assert response.status_code in (200, 302), action
    for value in strings[::25]:  # in the fields that take a choice
        response = client.post("/staff/outcomes/new", check=False, data={
            "csrf_token": token, "action": "save", "kind": value, "lang": value, "title": value, "body": value})
        assert response.status_code == 200 and "<title>Error:" in response.get_data(as_text=True), value
    with app.test_request_context():
        checker = _user(app, people["checker"])
        saved = db.session.scalars(select(Outcome)).all()
        assert len(saved) == len(list(_chunks(strings)))
        for outcome in saved:
            services.publish(outcome, checker)
        some = [outcome.public_id for outcome in saved]
    for url in ["/outcomes", "/staff/outcomes"] + [f"/staff/outcomes/{public_id}" for public_id in some[:5]]:
        response = client.get(url, check=False)
        assert response.status_code == 200, url
        assert "<script>alert" not in response.get_data(as_text=True), url


def test_the_home_page_and_figures_lead_to_the_outcomes(client):
    for url in ("/", "/figures"):
        assert BeautifulSoup(client.get(url).data, "html.parser").find("a", href="/outcomes") is not None, url
