"""Follow-up: back to a report with its reference and code, messages both ways, nothing revealed."""
import re

import pytest
from bs4 import BeautifulSoup

from app.cases.models import CLOSED, NOTE, REPORTER, STATUS_CHANGE, CaseEvent
from app.core import clock as site_clock
from app.extensions import db
from app.followup import services as followup
from app.reporting.models import Report

from .report_helpers import CSRF, VICTIM, reference_shown, send, stored, walk
from .staff_support import clock  # noqa: F401  (fixture)

MARK = "MARKER-FOLLOW-9021"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(followup, "ARGON2_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


def _report(client, easy=False):
    walk(client, VICTIM, easy=easy)
    response, _ = send(client, easy=easy)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    code = BeautifulSoup(html, "html.parser").find(class_="app-follow-up-code__value").get_text(strip=True)
    reference = re.search(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}", html).group(0)
    return reference, code


def _sign_in(client, reference, code, easy=False):
    url = "/follow-up?easy=1" if easy else "/follow-up"
    token = CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    data = {"csrf_token": token, "reference": reference, "code": code}
    if easy:
        data["easy"] = "1"
    return client.post(url, data=data)


def _tell(client, text):
    token = CSRF.search(client.get("/follow-up/report").get_data(as_text=True)).group(1)
    return client.post("/follow-up/report", data={"csrf_token": token, "message": text})


def _events(app, reference):
    with app.app_context():
        report_id = db.session.scalar(db.select(Report.id).where(Report.reference == reference))
        return [(e.kind, e.status, e.note) for e in db.session.scalars(
            db.select(CaseEvent).where(CaseEvent.report_id == report_id).order_by(CaseEvent.id))]


def test_the_code_is_shown_once_and_stored_only_as_a_hash(app, client, tmp_path):
    reference, code = _report(client)
    # 12 digits in groups of 4: easy to write down and read out.
    assert re.fullmatch(r"[0-9]{4} [0-9]{4} [0-9]{4}", code), code
    again = client.get("/report/confirmation").get_data(as_text=True)
    assert code not in again and reference in again  # the reference stays; the code is gone
    report = stored(app, reference)
    # A short code needs a slow, salted hash: Argon2id, never the fast SHA-256 of the long codes.
    assert report.follow_up_hash.startswith("$argon2id$") and report.follow_up_hash != followup.hash_code(code)
    raw = (tmp_path / "test.db").read_bytes()
    assert code.encode() not in raw and code.replace(" ", "").encode() not in raw


def test_a_person_comes_back_reads_a_reply_and_answers_it(app, client, clock):
    reference, code = _report(client)
    # The case team asks a question and keeps a private note.
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        report.status = CLOSED
        db.session.add(CaseEvent(report_id=report.id, kind=NOTE, note="PRIVATE-NOTE-55"))
        from app.staff.models import StaffUser

        worker = StaffUser(email="cw@example.org", role="case_worker")
        db.session.add(worker)
        db.session.flush()
        followup.reply(report, worker, "Which bus route was it? <b>bold</b>")
        db.session.commit()
    # Typed carelessly: small letters, spaces instead of dashes.
    response = _sign_in(client, reference.lower().replace("-", " "), code.lower().replace("-", " "))
    assert response.status_code == 302 and response.headers["Location"] == "/follow-up/report"
    page = client.get("/follow-up/report")
    html = page.get_data(as_text=True)
    assert "Which bus route was it? &lt;b&gt;bold&lt;/b&gt;" in html
    assert "PRIVATE-NOTE-55" not in html and "MARKER-7731" not in html  # notes and the report text stay staff-only
    assert "finished with your report" in html
    response = _tell(client, f"It was the 321. {MARK} <script>alert(1)</script>")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"It was the 321. {MARK} &lt;script&gt;" in html and "<script>alert(1)" not in html
    events = _events(app, reference)
    assert (REPORTER, None, f"It was the 321. {MARK} <script>alert(1)</script>") in events
    assert (STATUS_CHANGE, "new", None) in events  # back in the case team's queue
    assert stored(app, reference).status == "new"
    with app.app_context():
        from app.staff.models import AuditEvent

        [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "report.reporter-added")).all()
        assert (event.target_id, event.actor_id, event.detail) == (reference, None, {})


def test_the_message_is_encrypted_at_rest(app, client, tmp_path):
    reference, code = _report(client)
    _sign_in(client, reference, code)
    assert _tell(client, MARK).status_code == 302
    assert MARK.encode() not in (tmp_path / "test.db").read_bytes()


@pytest.mark.parametrize("which", ["wrong code", "unknown reference", "no code on report"])
def test_a_failure_never_says_which_part_was_wrong(app, client, which):
    reference, code = _report(client)
    if which == "wrong code":
        reference, code = reference, "0" * 26
    elif which == "unknown reference":
        reference = "HC-0000-0000"
    else:
        with app.app_context():
            db.session.execute(db.update(Report).values(follow_up_hash=None))
            db.session.commit()
    response = _sign_in(client, reference, code)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "do not match a report we hold" in html
    assert html.count("govuk-error-message") == 1
    assert client.get("/follow-up/report").status_code == 302


def test_empty_fields_get_clear_errors(client):
    token = CSRF.search(client.get("/follow-up").get_data(as_text=True)).group(1)
    html = client.post("/follow-up", data={"csrf_token": token}).get_data(as_text=True)
    assert "<title>Error:" in html
    assert "Enter your reference" in html and "Enter your follow-up code" in html


def test_an_empty_or_too_long_message_is_refused_and_kept(app, client):
    reference, code = _report(client)
    _sign_in(client, reference, code)
    assert "Enter what you want to tell us" in _tell(client, "   ").get_data(as_text=True)
    long = "x" * 5001 + MARK
    html = _tell(client, long).get_data(as_text=True)
    assert "5,000 characters or fewer" in html and MARK in html  # what was typed is kept


def test_exit_this_page_and_idle_time_end_the_visit(app, client, clock):
    reference, code = _report(client)
    _sign_in(client, reference, code)
    assert client.get("/follow-up/report").status_code == 200
    client.get("/exit")
    assert client.get("/follow-up/report").status_code == 302
    _sign_in(client, reference, code)
    clock.advance(minutes=31)
    assert client.get("/follow-up/report").status_code == 302


def test_finished_signs_out(app, client):
    reference, code = _report(client)
    _sign_in(client, reference, code)
    token = CSRF.search(client.get("/follow-up/report").get_data(as_text=True)).group(1)
    assert client.post("/follow-up/finish", data={"csrf_token": token}).status_code == 302
    assert client.get("/follow-up/report").status_code == 302


def test_an_anonymised_report_cannot_be_opened(app, client):
    reference, code = _report(client)
    with app.app_context():
        from datetime import datetime, timezone

        db.session.execute(db.update(Report).values(anonymised_at=datetime.now(timezone.utc)))
        db.session.commit()
    assert "do not match" in _sign_in(client, reference, code).get_data(as_text=True)


def test_easy_read_follow_up(app, client):
    reference, code = _report(client, easy=True)
    response = _sign_in(client, reference, code, easy=True)
    assert response.headers["Location"] == "/follow-up/report?easy=1"
    html = client.get("/follow-up/report?easy=1").get_data(as_text=True)
    assert "app-report-easy" in html and "Standard version" in html


def test_guessing_is_rate_limited(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    from app.extensions import limiter

    limiter.init_app(app)
    app.config["FOLLOW_UP_RATE_LIMIT"] = "3 per minute"
    statuses = [_sign_in(client, "HC-0000-0000", "0" * 26).status_code for _ in range(5)]
    assert statuses[:3] == [200] * 3 and statuses[3:] == [429, 429], statuses


def test_a_second_click_does_not_replace_the_code(app, client):
    walk(client, VICTIM)
    first, key = send(client)
    html = client.get(first.headers["Location"]).get_data(as_text=True)
    code = BeautifulSoup(html, "html.parser").find(class_="app-follow-up-code__value").get_text(strip=True)
    reference = reference_shown(client)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Report)) == 1
    assert _sign_in(client, reference, code).status_code == 302


def test_the_short_code_signs_in_however_it_is_written(app, client):
    reference, code = _report(client)
    digits = code.replace(" ", "")
    for written in (code, digits, "-".join(code.split()), f" {digits[:6]} {digits[6:]} "):
        assert _sign_in(app.test_client(), reference, written).status_code == 302, written
    wrong = str((int(digits[-1]) + 1) % 10)
    assert _sign_in(app.test_client(), reference, digits[:-1] + wrong).status_code == 200


def test_the_code_is_shown_large_with_a_way_to_keep_it(client):
    walk(client, VICTIM)
    response, _ = send(client)
    page = BeautifulSoup(client.get(response.headers["Location"]).get_data(as_text=True), "html.parser")
    box = page.find(class_="app-follow-up-code")
    assert box.find(class_="app-follow-up-code__value")["translate"] == "no"
    assert "print or save this page" in box.get_text()
    assert box.find("button", attrs={"data-module": "app-print"})


def test_a_long_code_given_out_with_a_sha256_hash_still_works(app, client):
    """Codes of 26 characters from before the short codes keep working."""
    import hashlib

    reference, _code = _report(client)
    old = "7K3M-9QXA-2BCD-EFGH-JKMN-PQRS-TV"
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        report.follow_up_hash = "sha256$" + hashlib.sha256(old.replace("-", "").encode()).hexdigest()
        db.session.commit()
    assert _sign_in(app.test_client(), reference, old.lower()).status_code == 302
    assert _sign_in(app.test_client(), reference, old.replace("0", "O")).status_code == 302
    assert _sign_in(app.test_client(), reference, old[:-1] + "W").status_code == 200


def test_guesses_are_limited_per_reference_from_any_address(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    from app.extensions import limiter

    limiter.init_app(app)
    app.config["FOLLOW_UP_REFERENCE_LIMIT"] = "3 per hour"

    def attempt(reference, address):
        other = app.test_client()
        token = CSRF.search(other.get("/follow-up").get_data(as_text=True)).group(1)
        return other.post("/follow-up", data={"csrf_token": token, "reference": reference, "code": "0000 0000 0000"},
                          environ_overrides={"REMOTE_ADDR": address}).status_code

    assert [attempt("HC-7K3M-9QXA", f"192.0.2.{n}") for n in range(5)] == [200, 200, 200, 429, 429]
    assert attempt("hc 7k3m 9qxa", "192.0.2.99") == 429  # the same reference, however typed
    assert attempt("HC-7K3M-9QXB", "192.0.2.1") == 200  # another reference is not held up


def test_a_code_given_out_with_an_argon2_hash_still_works(app, client):
    """Codes from before the change to SHA-256 keep working."""
    from argon2 import PasswordHasher

    reference, code = _report(client)
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        report.follow_up_hash = PasswordHasher(**followup.ARGON2_PARAMS).hash(followup.normalise_code(code))
        db.session.commit()
        assert followup.find_report(reference, code.lower()) is not None
        assert followup.find_report(reference, "0" * 26) is None
        assert followup.find_report("HC-0000-0000", code) is None


def _cookie(app, client) -> tuple[str, str]:
    """The session cookie as sent, and what it says once decoded (it is signed, not encrypted)."""
    import json

    raw = client.get_cookie("session").value
    return raw, json.dumps(app.session_interface.get_signing_serializer(app).loads(raw))


def test_the_cookie_never_holds_the_reference_or_the_code_and_the_code_is_shown_once(app, client):
    walk(client, VICTIM)
    response, _ = send(client)
    sent_cookie = _cookie(app, client)
    first = client.get(response.headers["Location"]).get_data(as_text=True)
    code = BeautifulSoup(first, "html.parser").find(class_="app-follow-up-code__value").get_text(strip=True)
    reference = re.search(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}", first).group(0)
    for raw, decoded in (sent_cookie, _cookie(app, client)):
        for secret in (reference, reference.replace("-", ""), code, code.replace("-", "")):
            assert secret not in decoded and secret not in raw
    again = client.get("/report/confirmation").get_data(as_text=True)  # a reload, or a later visit
    assert code not in again and "app-follow-up-code__value" not in again
    assert "We showed your follow-up code once" in again and reference in again
    # The sign-in holds a random token, not the report's id.
    _sign_in(client, reference, code)
    with client.session_transaction() as held:
        token = held[followup.SESSION_KEY]
    assert isinstance(token, str) and re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)


def test_the_confirmation_is_forgotten_after_a_few_minutes(app, client):
    from app.reporting.models import ReportDraft

    _report(client)
    with app.app_context():
        db.session.execute(db.update(ReportDraft).values(expires_at=site_clock.now()))
        db.session.commit()
    assert client.get("/report/confirmation").headers["Location"] == "/report"


def _copied(app, client):
    """Another browser holding a copy of this one's cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


@pytest.mark.parametrize("leave", ["finished", "exit"])
def test_leaving_ends_the_sign_in_for_a_copied_cookie_too(app, client, leave):
    reference, code = _report(client)
    _sign_in(client, reference, code)
    thief = _copied(app, client)
    assert thief.get("/follow-up/report").status_code == 200
    if leave == "finished":
        token = CSRF.search(client.get("/follow-up/report").get_data(as_text=True)).group(1)
        assert client.post("/follow-up/finish", data={"csrf_token": token}).status_code == 302
    else:
        client.get("/exit", check=False)
    assert thief.get("/follow-up/report").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(followup.FollowUpSession)) == 0


def test_a_copied_cookie_kept_fresh_still_ends(app, client, clock):
    reference, code = _report(client)
    _sign_in(client, reference, code)
    thief = _copied(app, client)
    for _ in range(4):  # a visit every 25 minutes renews the cookie, but not past two hours in all
        clock.advance(minutes=25)
        assert thief.get("/follow-up/report").status_code == 200
    clock.advance(minutes=25)
    assert thief.get("/follow-up/report").status_code == 302
    _sign_in(client, reference, code)
    thief = _copied(app, client)
    clock.advance(minutes=31)  # idle for longer than half an hour
    assert thief.get("/follow-up/report").status_code == 302
    assert client.get("/follow-up/report").status_code == 302


def test_messages_are_limited_per_report_and_what_was_typed_is_kept(tmp_path):
    from .conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'rl.db'}", INSTANCE_DIR=tmp_path, RATELIMIT_ENABLED=True)
    client = app.test_client()
    reference, code = _report(client)
    _sign_in(client, reference, code)
    assert [_tell(client, f"Message {n}").status_code for n in range(5)] == [302] * 5
    response = _tell(client, "The sixth " + MARK)
    assert response.status_code == 429
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "Please wait a moment" in page.get_text()
    assert ("The sixth " + MARK) in page.find("textarea").get_text()
    # Signing in again is a new session, but the report's own limit still holds.
    other = app.test_client()
    _sign_in(other, reference, code)
    assert _tell(other, "From elsewhere").status_code == 429
    assert [kind for kind, _status, _note in _events(app, reference)].count(REPORTER) == 5
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
