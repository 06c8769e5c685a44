"""Where answers live and how they are kept: encrypted, server-side, expiring, idempotent, never lost."""
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app import crypto
from app.core import clock
from app.extensions import db
from app.reporting import services
from app.reporting.models import Outbox, Report, ReportDraft

from .conftest import make_app
from .report_helpers import (  # noqa: F401
    CSRF, VICTIM, answer, check_page, complete_answers, make_centre, reference_shown, send, soup, stored, until, walk,
)

MARKER = "MARKER-7731"
CONTACT_ROUTE = until("contact") + [
    ("contact", {"contact": "contact"}),
    ("contact-details", {"name": "Zebedee Quartermaine", "email": "zq-secret@example.org", "phone": "07700 900123"}),
    ("contact-needs", {"access_needs": "Needs-Q9 a quiet room"}),
    ("heard", {}),
]
SECRETS = [MARKER, "Zebedee", "zq-secret", "07700 900123", "Needs-Q9", "Old Town"]


def _count(app, model):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_sqlite_file_holds_no_free_text_or_contact_details(app, client, tmp_path):
    walk(client, CONTACT_ROUTE)
    send(client)
    # and one more person part way through, so a draft is on disk too
    other = app.test_client()
    answer(other, "/report/who", {"role": "victim"})
    answer(other, "/report/what", {"description": "Draft words " + MARKER})
    with app.app_context():
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()
    data = b"".join(path.read_bytes() for path in tmp_path.glob("test.db*"))
    assert b"report-received" in data  # the check can see plain text at all
    for secret in SECRETS:
        assert secret.encode() not in data, secret


@pytest.mark.postgres
def test_a_postgres_dump_of_the_report_tables_holds_no_free_text(postgres_url, tmp_path):
    app = make_app(postgres_url, INSTANCE_DIR=tmp_path)
    client = app.test_client()
    walk(client, CONTACT_ROUTE)
    send(client)
    reference = reference_shown(client)
    with app.app_context():
        dump = []
        for table in ("report", "report_draft", "outbox"):
            columns = [c["name"] for c in db.inspect(db.engine).get_columns(table)]
            select = ", ".join(f"CAST({c} AS TEXT)" for c in columns)
            for row in db.session.execute(text(f"SELECT {select} FROM {table}")):
                dump.extend(value for value in row if value is not None)
        db.session.remove()
        db.engine.dispose()
    text_dump = "\n".join(dump)
    assert reference in text_dump
    for secret in SECRETS:
        assert secret not in text_dump, secret


def test_double_submit_makes_one_report_with_one_reference(any_db_app):
    client = any_db_app.test_client()
    walk(client, VICTIM)
    html, token, key = check_page(client)
    first = client.post("/report/check", data={"csrf_token": token, "submission_key": key})
    reference = reference_shown(client)
    second = client.post("/report/check", data={"csrf_token": token, "submission_key": key})
    assert first.headers["Location"] == second.headers["Location"] == "/report/confirmation"
    assert reference_shown(client) == reference
    assert _count(any_db_app, Report) == 1
    assert _count(any_db_app, Outbox) == 1


def test_submit_service_is_idempotent_when_the_key_already_exists(app):
    with app.test_request_context():
        answers = _complete_answers(app)
        first = services.submit(answers, "key-1", easy=False)
        again = services.submit(answers, "key-1", easy=False)
        assert first.reference == again.reference
    assert _count(app, Report) == 1


def _complete_answers(app) -> dict:
    return complete_answers(description=MARKER, strands=["age"], location="street", district="watford", town="",
                            when="not-sure", date=None, heard=None)


def test_an_incomplete_draft_is_not_submitted(app):
    with app.test_request_context():
        answers = _complete_answers(app)
        answers["_done"].remove("when")
        with pytest.raises(services.Incomplete) as caught:
            services.submit(answers, "key-2", easy=False)
        assert caught.value.step == "when"


def test_the_cookie_holds_only_the_draft_token(app, client):
    walk(client, CONTACT_ROUTE)
    with client.session_transaction() as session:
        keys = set(session.keys())
        token = session["report_draft"]
    assert keys <= {"report_draft", "csrf_token", "lang"}
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)
    cookie = client.get_cookie("session").value
    serializer = app.session_interface.get_signing_serializer(app)
    decoded = json.dumps(serializer.loads(cookie))
    for secret in SECRETS:
        assert secret not in decoded and secret not in cookie
    with app.app_context():
        (row,) = db.session.scalars(db.select(ReportDraft)).all()
        assert row.token_hash != token  # only a hash of the token is stored
        assert MARKER in row.answers


def test_expired_drafts_are_deleted_when_touched(app, client):
    answer(client, "/report/who", {"role": "victim"})
    with app.app_context():
        db.session.execute(db.update(ReportDraft).values(expires_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
        db.session.commit()
    assert client.get("/report/what").headers["Location"] == "/report/who"
    assert _count(app, ReportDraft) == 0


def test_drafts_last_four_hours_from_the_last_answer(app, client):
    answer(client, "/report/who", {"role": "victim"})
    with app.app_context():
        row = db.session.scalars(db.select(ReportDraft)).one()
        left = clock.aware(row.expires_at) - clock.now()
    assert timedelta(hours=3, minutes=59) < left <= timedelta(hours=4)


def test_purge_drafts_command_deletes_only_expired_drafts(app):
    now = datetime.now(timezone.utc)
    with app.app_context():
        for hours in (-5, -1, 2):
            db.session.add(ReportDraft(token_hash=f"h{hours}", answers="{}", expires_at=now + timedelta(hours=hours)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["report", "purge-drafts"])
    assert result.exit_code == 0 and "Deleted 2 expired drafts" in result.output
    assert _count(app, ReportDraft) == 1


def test_exit_this_page_deletes_the_draft(app, client):
    answer(client, "/report/who", {"role": "victim"})
    answer(client, "/report/what", {"description": MARKER})
    assert _count(app, ReportDraft) == 1
    client.get("/exit", check=False)
    assert _count(app, ReportDraft) == 0
    with client.session_transaction() as session:
        assert dict(session) == {}
    assert client.get("/report/what").headers["Location"] == "/report/who"


def test_exit_after_sending_forgets_the_reference(client):
    walk(client, VICTIM)
    send(client)
    client.get("/exit", check=False)
    assert client.get("/report/confirmation").headers["Location"] == "/report"


def test_honeypot_looks_sent_but_stores_nothing(app, client):
    walk(client, VICTIM)
    response, _key = send(client, website="http://spam.example")
    assert response.headers["Location"] == "/report/confirmation"
    assert re.fullmatch(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}", reference_shown(client))
    assert _count(app, Report) == 0
    with app.app_context():  # only the made-up receipt the confirmation page showed, for a few minutes
        assert all(MARKER not in row.answers for row in db.session.scalars(db.select(ReportDraft)))


def test_honeypot_field_is_hidden_from_people(client):
    walk(client, VICTIM)
    html, _t, _k = check_page(client)
    field = soup_of(html).find("input", attrs={"name": "website"})
    assert field["tabindex"] == "-1" and field["autocomplete"] == "off"
    assert "app-report-honeypot" in field.parent["class"]
    assert soup_of(html).find("label", attrs={"for": "website"}).get_text(strip=True) == "Leave this empty"


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_a_failing_final_submit_keeps_every_answer(app, client, monkeypatch):
    walk(client, VICTIM)

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(services, "submit", broken)
    response, key = send(client)
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert MARKER in html and "could not save this just now" in html
    assert soup(response).find("input", attrs={"name": "submission_key"})["value"] == key
    monkeypatch.undo()
    response, _key = send(client)
    assert response.headers["Location"] == "/report/confirmation"
    assert stored(app, reference_shown(client)).description.endswith(MARKER + " and spat.")


def test_a_failing_step_save_keeps_what_was_typed(client, monkeypatch):
    answer(client, "/report/who", {"role": "victim"})

    def broken(*args, **kwargs):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(services, "save_answers", broken)
    response = answer(client, "/report/what", {"description": "Typed words " + MARKER})
    assert response.status_code == 503
    assert ("Typed words " + MARKER) in soup(response).find("textarea").get_text()


def test_an_expired_session_keeps_what_was_typed(client):
    answer(client, "/report/who", {"role": "victim"})
    client.get("/report/what")
    with client.session_transaction() as session:
        session.pop("csrf_token")  # as if the session cookie was lost
    response = client.post("/report/what", data={"csrf_token": "stale", "description": "Typed " + MARKER})
    assert response.status_code == 400
    page = soup(response)
    assert ("Typed " + MARKER) in page.find("textarea").get_text()
    assert "press the button again" in page.get_text()
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    again = client.post("/report/what", data={"csrf_token": token, "description": "Typed " + MARKER})
    assert again.status_code == 302


def test_an_expired_session_on_check_answers_shows_the_answers_again(client):
    walk(client, VICTIM)
    html, _token, key = check_page(client)
    response = client.post("/report/check", data={"csrf_token": "stale", "submission_key": key})
    assert response.status_code == 400
    assert MARKER in response.get_data(as_text=True)


def test_rate_limit_on_sending_shows_the_429_page(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'rl.db'}", INSTANCE_DIR=tmp_path, RATELIMIT_ENABLED=True)
    client = app.test_client()
    walk(client, VICTIM)
    _html, token, key = check_page(client)
    statuses = []
    for _ in range(4):
        statuses.append(client.post("/report/check", data={"csrf_token": token, "submission_key": key}).status_code)
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429
    response = client.post("/report/check", data={"csrf_token": token, "submission_key": key})
    assert "Please wait a moment" in response.get_data(as_text=True)
    assert _count(app, Report) == 1
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_standard_and_easy_read_sends_share_one_limit(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'rl.db'}", INSTANCE_DIR=tmp_path, RATELIMIT_ENABLED=True)
    client = app.test_client()
    walk(client, VICTIM)
    _html, token, key = check_page(client)
    for _ in range(3):
        assert client.post("/report/check", data={"csrf_token": token, "submission_key": key}).status_code == 302
    walk(client, VICTIM, easy=True)
    _html, token, key = check_page(client, easy=True)
    response = client.post("/report/easy/check", data={"csrf_token": token, "submission_key": key})
    assert response.status_code == 429 and "Please wait a moment" in response.get_data(as_text=True)
    assert _count(app, Report) == 1
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_references_are_unambiguous_and_random(app):
    references = {services.new_reference() for _ in range(2000)}
    assert len(references) == 2000
    for reference in references:
        assert services.REFERENCE.match(reference), reference
        assert not set(reference[3:]) & set("ILOU")
    assert services.normalise_reference("hc 7k4p 92qd") == "HC-7K4P-92QD"
    assert services.normalise_reference("HC-7K4P-9ZQO") == "HC-7K4P-9ZQ0"
    assert services.normalise_reference("hello") == ""
    assert services.normalise_reference("HC-UUUU-1234") == ""


def test_a_centre_code_ignores_case_and_spaces_and_inactive_centres(app):
    from app.centres import services as centres

    make_centre(app, code="WAT7")
    make_centre(app, code="OLD9", active=False)
    with app.app_context():
        assert centres.find_active_by_code(" w at7 ").code == "WAT7"
        assert centres.find_active_by_code("OLD9") is None
        assert centres.find_active_by_code("") is None and centres.find_active_by_code(None) is None


def test_outbox_rows_hold_no_report_text(app, client):
    walk(client, VICTIM)
    send(client)
    with app.app_context():
        columns = {c.name for c in Outbox.__table__.columns}
        assert columns == {
            "id", "kind", "report_id", "created_at", "attempts", "delivered_at", "next_attempt_at", "last_error",
            "staff_user_id", "locked_until",  # a staff lock-out notice: whose account, and until when
        }


def test_key_rotation_re_encrypts_under_the_newest_key(app, client):
    walk(client, VICTIM)
    send(client)
    reference = reference_shown(client)
    old_keys = list(app.config["DATA_ENCRYPTION_KEYS"])
    new_key = Fernet.generate_key().decode()
    app.config["DATA_ENCRYPTION_KEYS"] = [new_key] + old_keys
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted" in result.output
    app.config["DATA_ENCRYPTION_KEYS"] = [new_key]  # old key retired
    assert MARKER in stored(app, reference).description


def test_encrypt_round_trip_and_every_key_decrypts(app):
    with app.app_context():
        token = crypto.encrypt("naïve ☃ ' \" \x00")
        assert crypto.decrypt(token) == "naïve ☃ ' \" \x00"
        app.config["DATA_ENCRYPTION_KEYS"] = [Fernet.generate_key().decode()] + list(app.config["DATA_ENCRYPTION_KEYS"])
        assert crypto.decrypt(token) == "naïve ☃ ' \" \x00"


def test_a_send_without_its_key_still_makes_exactly_one_report(app, client):
    walk(client, VICTIM)
    html, token, _key = check_page(client)
    first = client.post("/report/check", data={"csrf_token": token})
    assert first.headers["Location"] == "/report/confirmation"
    reference_shown(client)
    other = app.test_client()
    walk(other, VICTIM)
    _html, other_token, _k = check_page(other)
    assert other.post("/report/check", data={"csrf_token": other_token}).status_code == 302
    assert _count(app, Report) == 2


def test_a_draft_that_cannot_be_read_keeps_what_was_just_typed(client, monkeypatch):
    answer(client, "/report/who", {"role": "victim"})
    token = CSRF.search(client.get("/report/what").get_data(as_text=True)).group(1)

    def broken(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(services, "load_draft", broken)
    response = client.post("/report/what", data={"csrf_token": token, "description": "Typed words " + MARKER})
    assert response.status_code == 503
    assert ("Typed words " + MARKER) in soup(response).find("textarea").get_text()
    assert "could not save this just now" in response.get_data(as_text=True)
