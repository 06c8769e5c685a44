"""Centres kept in the staff area: the CSV import's rules, the gazetteer, history, audit and roles."""
import pytest
from bs4 import BeautifulSoup

from app.centres import editing
from app.centres.csvfile import ImportFailed, import_csv
from app.centres.models import Centre, CentreEdit
from app.extensions import db
from app.staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER, ROLES, AuditEvent

from .conftest import csrf_token
from .staff_support import clock, error_text, fast_hashing, make_person, sign_in, signed_in  # noqa: F401
from .test_staff_naughty import naughty_strings

GOOD = {
    "code": "WAT09", "name": "Watford Community Hub", "address": "1 High Street", "town": "Watford",
    "postcode": "WD17 1AA", "district": "watford", "latitude": "", "longitude": "",
    "opening_hours": "Monday to Friday, 9am to 5pm", "phone": "01632 960 001", "email": "hub@example.org",
    "website": "https://example.org", "languages": "English; Polish", "step_free": "yes",
    "access_notes": "", "services": "Advice",
}


def _post(client, url, **changes):
    token = csrf_token(client, "/staff/centres/new")
    return client.post(url, data={"csrf_token": token, **GOOD, **changes})


def _centre(app, code="WAT09") -> Centre | None:
    with app.app_context():
        found = db.session.scalar(db.select(Centre).where(Centre.code == code))
        if found is not None:
            db.session.expunge(found)
        return found


def test_add_a_centre_placed_by_its_postcode_with_history_and_audit(app, client, signed_in, clock):
    signed_in(CAMPAIGN_STAFF)
    response = _post(client, "/staff/centres/new", checked="y")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/centres/WAT09"
    centre = _centre(app)
    assert centre.name == "Watford Community Hub" and centre.active and centre.step_free
    assert centre.latitude and centre.longitude  # from the gazetteer's WD17
    assert centre.checked_on == clock.now().date()
    page = client.get("/staff/centres/WAT09").get_data(as_text=True)
    assert "Added" in page and "campaign_staff@example.org" in page
    with app.app_context():
        assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.target_id == "WAT09")) == "centre.create"
    # The new centre is on the public finder at once.
    assert "Watford Community Hub" in client.get("/centres").get_data(as_text=True)


def test_details_checked_on_is_set_only_when_someone_confirms(app, client, signed_in, clock):
    signed_in(ADMINISTRATOR)
    _post(client, "/staff/centres/new")
    assert _centre(app).checked_on is None
    _post(client, "/staff/centres/WAT09/edit", phone="01632 960 002")
    assert _centre(app).checked_on is None and _centre(app).phone == "01632 960 002"
    token = csrf_token(client, "/staff/centres/WAT09")
    client.post("/staff/centres/WAT09", data={"csrf_token": token, "action": "checked"})
    assert _centre(app).checked_on == clock.now().date()
    page = client.get("/staff/centres/WAT09").get_data(as_text=True)
    assert "Details confirmed" in page and "01632 960 001 → 01632 960 002" in page


def test_close_and_reopen(app, client, signed_in):
    signed_in(ADMINISTRATOR)
    _post(client, "/staff/centres/new")
    token = csrf_token(client, "/staff/centres/WAT09")
    client.post("/staff/centres/WAT09", data={"csrf_token": token, "action": "close"})
    assert not _centre(app).active
    assert "Watford Community Hub" not in client.get("/centres").get_data(as_text=True)
    client.post("/staff/centres/WAT09", data={"csrf_token": token, "action": "reopen"})
    assert _centre(app).active
    with app.app_context():
        actions = db.session.scalars(db.select(CentreEdit.action).order_by(CentreEdit.id)).all()
        audited = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.target_type == "centre")).all()
    assert actions == ["created", "closed", "reopened"]
    assert set(audited) == {"centre.create", "centre.close", "centre.reopen"}


def test_a_duplicate_code_is_a_clear_error_and_saves_nothing(app, client, signed_in):
    signed_in(ADMINISTRATOR)
    _post(client, "/staff/centres/new")
    response = _post(client, "/staff/centres/new", code="wat 09", name="Another")
    assert response.status_code == 200
    assert "another centre already uses this one" in error_text(response)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Centre)) == 1


def test_a_postcode_outside_the_county_is_a_clear_error(app, client, signed_in):
    signed_in(ADMINISTRATOR)
    response = _post(client, "/staff/centres/new", postcode="SW1A 1AA")
    assert "Postcode SW1A 1AA is not in Hertfordshire" in error_text(response)
    response = _post(client, "/staff/centres/new", postcode="not a postcode")
    assert "Enter a full postcode, like AL1 3JX" in error_text(response)
    assert _centre(app) is None


def test_the_form_and_the_csv_import_refuse_the_same_things():
    from app.centres import rules

    for bad in ({"district": "Watfrod"}, {"postcode": "SW1A 1AA"}, {"email": "no-at-sign"},
                {"website": "example.org"}, {"latitude": "55.9", "longitude": "-0.3"}, {"latitude": "51.7"},
                {"code": "X"}, {"name": "n" * 201}, {"opening_hours": "h" * 1001}):
        values, problems = rules.check({**GOOD, **bad})
        assert values is None and problems, bad
    values, problems = rules.check(GOOD)
    assert problems == [] and values["code"] == "WAT09"


def test_a_csv_import_leaves_history_too(app):
    with app.app_context():
        import_csv("code,name,district,postcode\nWAT09,Hub,watford,WD17 1AA\n")
        import_csv("code,name,district,postcode\nWAT09,Hub renamed,watford,WD17 1AA\n")
        rows = db.session.scalars(db.select(CentreEdit).order_by(CentreEdit.id)).all()
        assert [r.action for r in rows] == ["imported", "imported"]
        assert rows[1].changes["name"] == ["Hub", "Hub renamed"] and rows[1].actor_id is None
        with pytest.raises(ImportFailed):
            import_csv("code,name,district,postcode\nWAT09,Hub,watford,SW1A 1AA\n")


def test_a_change_with_one_mistake_saves_nothing(app, client, signed_in):
    signed_in(ADMINISTRATOR)
    _post(client, "/staff/centres/new")
    response = _post(client, "/staff/centres/WAT09/edit", name="New name", phone="000", email="not an email")
    assert response.status_code == 200 and "Enter an email address" in error_text(response)
    centre = _centre(app)
    assert (centre.name, centre.phone, centre.email) == ("Watford Community Hub", "01632 960 001", "hub@example.org")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CentreEdit)) == 1


def test_naughty_strings_are_refused_or_kept_as_text(app, client, signed_in):
    signed_in(ADMINISTRATOR)
    from app.centres import rules

    strings = naughty_strings()
    # Every string in every field through the rules (no database: cheap)...
    for value in strings:
        for name in rules.FIELDS:
            values, problems = rules.check({**GOOD, name: value})
            assert (values is None) == bool(problems), (name, value)
            assert all(str(p.message) and p.field in rules.FIELDS for p in problems), (name, value)
    # ...a sample saved for real, each whole or not at all...
    saved = 0
    with app.test_request_context():
        for i, value in enumerate(strings[::8]):
            try:
                editing.save(None, {**GOOD, "code": f"N{i:05d}", "name": value, "opening_hours": value})
                saved += 1
            except editing.CentreInvalid as exc:
                assert exc.errors and all(str(m) for m in exc.errors.values())
                db.session.rollback()
                assert editing.by_code(f"N{i:05d}") is None
    assert saved > 20
    # ...and some through the pages: a clear answer, never a 500.
    for value in strings[:12] + ["<script>alert(1)</script>", "\x00", "a" * 5000]:
        response = _post(client, "/staff/centres/new", code="WEB01", name=value, postcode=value)
        assert response.status_code == 200, (value, response.status_code)
    listing = client.get("/staff/centres")
    soup = BeautifulSoup(listing.data, "html.parser")
    assert listing.status_code == 200
    assert all(s.get("src") for s in soup.find_all("script"))
    assert not soup.find(attrs={"onerror": True})


# (method, url, roles allowed)
MATRIX = [
    ("GET", "/staff/centres", {ADMINISTRATOR, CAMPAIGN_STAFF}),
    ("GET", "/staff/centres/new", {ADMINISTRATOR, CAMPAIGN_STAFF}),
    ("GET", "/staff/centres/SAM01", {ADMINISTRATOR, CAMPAIGN_STAFF}),
    ("GET", "/staff/centres/SAM01/edit", {ADMINISTRATOR, CAMPAIGN_STAFF}),
    ("POST", "/staff/centres/new", {ADMINISTRATOR, CAMPAIGN_STAFF}, {**GOOD, "code": "MAT01"}),
    ("POST", "/staff/centres/SAM01/edit", {ADMINISTRATOR, CAMPAIGN_STAFF}, {**GOOD, "name": "Matrix"}),
    ("POST", "/staff/centres/SAM01", {ADMINISTRATOR, CAMPAIGN_STAFF}, {"action": "checked"}),
    ("POST", "/staff/centres/SAM01", {ADMINISTRATOR, CAMPAIGN_STAFF}, {"action": "close"}),
    ("POST", "/staff/centres/SAM01", {ADMINISTRATOR, CAMPAIGN_STAFF}, {"action": "reopen"}),
]


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_every_centre_url_with_every_role(app, client, clock, who):
    with app.app_context():
        editing.save(None, {**GOOD, "code": "SAM01"})
        before = editing.as_text(editing.by_code("SAM01"))
    if who != "anonymous":
        sign_in(client, make_person(app, clock, who), clock)
    token = csrf_token(client, "/staff/login" if who == "anonymous" else "/staff/")
    for method, url, allowed, *form in MATRIX:
        data = {"csrf_token": token, **form[0]} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        if who == "anonymous":
            assert response.status_code == 302 and response.headers["Location"] == "/staff/login", (method, url)
        elif who in allowed:
            assert response.status_code in (200, 302), (who, method, url, response.status_code)
        else:
            assert response.status_code == 403, (who, method, url, response.status_code)
            assert "WAT09" not in response.get_data(as_text=True) and "Matrix" not in response.get_data(as_text=True)
    with app.app_context():
        after = editing.as_text(editing.by_code("SAM01"))
        if who not in (ADMINISTRATOR, CAMPAIGN_STAFF):
            assert after == before and editing.by_code("MAT01") is None
        else:
            assert after["name"] == "Matrix" and editing.by_code("MAT01") is not None
    assert who != CASE_WORKER or True


def test_the_menu_shows_centres_to_those_who_keep_them(app, client, signed_in):
    signed_in(CASE_WORKER)
    assert "/staff/centres" not in client.get("/staff/").get_data(as_text=True)
