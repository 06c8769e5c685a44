"""Notifications through a real SMTP server: delivered once, retried after a failure, never holding
what a person wrote, and visible to staff until delivered."""
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from app.extensions import db
from app.outbox import REFERRAL, REPORT_RECEIVED, enqueue, sender
from app.reporting.models import Outbox
from app.staff.models import ADMINISTRATOR, AuditEvent, CAMPAIGN_STAFF, CASE_WORKER

from .report_helpers import make_report
from .staff_support import clock, fast_hashing, form_token, make_person, sign_in  # noqa: F401  (fixtures)
from .services import free_port


@pytest.fixture(autouse=True)
def clock_now(clock):
    """The site has one clock, so the test's clock stamps reports as well as everything else."""
    return clock


class Sink:
    """An SMTP server that keeps what it receives, and can refuse the next N messages."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 4.3.0 Try again later"
            self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp(app):
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_FROM="site@example.org",
                      CASE_TEAM_EMAIL="team@example.org", REFERRAL_EMAIL="support@example.org",
                      SITE_URL="https://reporthate.example.org")
    yield sink
    controller.stop()


def _rows(app):
    with app.app_context():
        return [(r.kind, r.attempts, r.delivered_at is not None, r.next_attempt_at, r.last_error)
                for r in db.session.scalars(db.select(Outbox).order_by(Outbox.id))]


def test_a_new_report_is_announced_once_without_its_words(app, smtp, clock):
    reference = make_report(app, description="MARKER-SECRET-42 shouted at me", town="Old Town")
    with app.app_context():
        result = sender.send_due(clock.now())
        again = sender.send_due(clock.advance(minutes=10))
    assert (result.delivered, again.delivered) == (1, 0)
    [(to, body)] = smtp.messages
    assert to == ["team@example.org"]
    assert reference in body and f"https://reporthate.example.org/staff/cases/{reference}" in body
    assert "MARKER-SECRET-42" not in body and "Old Town" not in body and "bus" not in body.lower()
    assert _rows(app)[0][:3] == (REPORT_RECEIVED, 1, True)
    from email import message_from_string
    from email.utils import parsedate_to_datetime

    headers = message_from_string(body)
    assert parsedate_to_datetime(headers["Date"]) == clock.now() - timedelta(minutes=10)  # when it was sent
    assert headers["Message-ID"].endswith("@reporthate.example.org>")


def test_a_refused_message_is_retried_after_a_back_off(app, smtp, clock):
    make_report(app)
    smtp.refuse = 1
    with app.app_context():
        first = sender.send_due(clock.now())
        kind, attempts, delivered, next_at, error = _rows(app)[0]
        assert (first.failed, attempts, delivered) == (1, 1, False)
        assert "451" in error and next_at is not None
        assert sender.send_due(clock.advance(seconds=30)).delivered == 0  # not due yet
        assert sender.send_due(clock.advance(minutes=2)).delivered == 1
    assert len(smtp.messages) == 1
    assert _rows(app)[0][2] is True


def test_back_off_doubles_up_to_an_hour():
    minutes = [sender.backoff(n).total_seconds() / 60 for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_after_the_last_attempt_it_stays_visible_as_failed_and_can_be_retried(app, client, smtp, clock):
    reference = make_report(app)
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    smtp.refuse = 5
    with app.app_context():
        sender.send_due(clock.now())
        result = sender.send_due(clock.advance(minutes=5))
    assert result.gave_up == 1 and _rows(app)[0][3] is None
    person = make_person(app, clock, CASE_WORKER)
    sign_in(client, person, clock)
    page = client.get("/staff/outbox")
    html = page.get_data(as_text=True)
    assert reference in html and "Failed" in html and "451" in html
    with app.app_context():
        row_id = db.session.scalar(db.select(Outbox.id))
    response = client.post(f"/staff/outbox/{row_id}/retry", data={"csrf_token": form_token(page)})
    assert response.status_code == 302
    smtp.refuse = 0
    with app.app_context():
        assert sender.send_due(clock.advance(seconds=1)).delivered == 1
        assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.action == "outbox.retry"))
    assert "Every notification has been delivered" in client.get("/staff/outbox").get_data(as_text=True)


def test_a_referral_goes_to_the_referral_address(app, smtp, clock):
    reference = make_report(app)
    with app.app_context():
        sender.send_due(clock.now())
        report_id = db.session.scalar(db.select(Outbox.report_id))
        enqueue(REFERRAL, report_id, now=clock.now())
        db.session.commit()
        assert sender.send_due(clock.advance(seconds=1)).delivered == 1
    to, body = smtp.messages[-1]
    assert to == ["support@example.org"] and "referred" in body and reference in body


def test_two_senders_never_claim_the_same_row(app, clock):
    for _ in range(5):
        make_report(app)
    with app.app_context():
        first = sender.claim(clock.now())
        second = sender.claim(clock.now())
    assert len(first) == 5 and second == []


@pytest.mark.postgres
def test_two_senders_never_claim_the_same_row_on_postgres(postgres_url, tmp_path):
    from .conftest import make_app

    app = make_app(postgres_url, INSTANCE_DIR=tmp_path)
    for _ in range(20):
        make_report(app)
    claimed, errors = [], []

    def take():
        try:
            with app.app_context():
                from datetime import datetime, timezone

                claimed.append(sender.claim(datetime.now(timezone.utc)))
                db.session.remove()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        db.engine.dispose()
    flat = [i for ids in claimed for i in ids]
    assert errors == [] and len(flat) == 20 and len(set(flat)) == 20


def test_sending_without_a_mail_server_says_so(app):
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1 and "MAIL_SERVER is not set" in result.output


def test_the_command_sends(app, smtp):
    make_report(app)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "Delivered 1" in result.output


@pytest.mark.parametrize("role,allowed", [(ADMINISTRATOR, True), (CASE_WORKER, True), (CAMPAIGN_STAFF, False)])
def test_who_sees_the_notifications(app, client, clock, role, allowed):
    person = make_person(app, clock, role)
    sign_in(client, person, clock)
    assert client.get("/staff/outbox").status_code == (200 if allowed else 403)


def test_status_gives_monitoring_a_line_and_an_exit_code(app, clock):
    """0 when everything went, 1 when a notice has waited too long, 2 when one was given up on."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["outbox", "status"])
    assert (result.exit_code, result.output.strip()) == (0, "OUTBOX OK: 0 given up, 0 waiting (oldest 0 min)")
    make_report(app)
    assert runner.invoke(args=["outbox", "status"]).exit_code == 0  # just made: not late yet
    clock.advance(minutes=31)
    result = runner.invoke(args=["outbox", "status"])
    assert result.exit_code == 1 and result.output.startswith("OUTBOX WARNING: 0 given up, 1 waiting (oldest 31 min)")
    assert runner.invoke(args=["outbox", "status", "--max-wait", "60"]).exit_code == 0
    with app.app_context():
        row = db.session.scalar(db.select(Outbox))
        row.attempts, row.next_attempt_at = 8, None  # what the sender does on its last failure
        db.session.commit()
    result = runner.invoke(args=["outbox", "status"])
    assert result.exit_code == 2 and result.output.startswith("OUTBOX CRITICAL: 1 given up, 0 waiting")


def test_status_says_unknown_when_the_outbox_cannot_be_read(tmp_path):
    from app import create_app

    unmigrated = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.db'}", INSTANCE_DIR=tmp_path)
    result = unmigrated.test_cli_runner().invoke(args=["outbox", "status"])
    assert result.exit_code == 3 and result.output.startswith("OUTBOX UNKNOWN: cannot read the outbox")
    with unmigrated.app_context():
        db.engine.dispose()
