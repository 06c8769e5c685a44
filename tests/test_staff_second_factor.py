"""The second factor under pressure: a code raced by two requests works once, and guessing meets
lock-outs that grow longer and are announced to the account's owner and the administrators."""
from datetime import timedelta
from email import message_from_string
from email.policy import default as default_policy

import pyotp
import pytest
from sqlalchemy import event

from app.extensions import db
from app.outbox import STAFF_LOCKED_CODES, STAFF_LOCKED_PASSWORDS, sender
from app.reporting.models import Outbox
from app.core import clock as staff_clock
from app.staff import services
from app.staff.models import ADMINISTRATOR, CASE_WORKER, StaffUser

from .staff_support import (  # noqa: F401  (clock and fast_hashing are fixtures)
    PASSWORD, clock, error_text, fast_hashing, make_person, post_code, post_login, sign_in, user_row,
)
from .test_outbox import smtp  # noqa: F401  (a fixture: an SMTP server that keeps what it receives)

SAME_MESSAGE = "The email address or password is not right, or there have been too many tries."


def _user(public_id: str) -> StaffUser:
    return db.session.scalar(db.select(StaffUser).where(StaffUser.public_id == public_id))


def _race(app, public_id: str, code: str) -> list[bool]:
    """Two requests bring the same code. The first has read the account and is about to write when
    the second runs from start to finish (in its own app context: its own session and connection);
    then the first carries on with what it read. Returns [second, first]."""
    results = []

    def the_other_request_first(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")) and not results:
            with app.app_context():
                results.append(services.check_second_factor(_user(public_id), code))

    with app.app_context():
        user = _user(public_id)
        event.listen(db.session.connection(), "before_cursor_execute", the_other_request_first)
        results.append(services.check_second_factor(user, code))
    return results


@pytest.mark.parametrize("which", ["authenticator", "recovery"])
def test_a_code_raced_by_two_requests_works_once(any_db_app, clock, which):
    person = make_person(any_db_app, clock, CASE_WORKER)
    code = person.code(clock.now()) if which == "authenticator" else person.recovery_codes[0]
    assert _race(any_db_app, person.public_id, code) == [True, False]
    with any_db_app.app_context():
        left = services.recovery_codes_left(_user(person.public_id))
    assert left == (10 if which == "authenticator" else 9)


# --- Lock-outs that grow longer ----------------------------------------------------------------

def _wrong_code(person, clock) -> str:
    """Six digits that are not the code for now or a step either side."""
    totp, now = pyotp.TOTP(person.secret), clock.now()
    near = {totp.at(now + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


def _lock_by_codes(app, person, clock) -> int:
    """Five wrong codes in a row; returns how many minutes the account is then locked for."""
    with app.app_context():
        for _ in range(5):
            assert not services.check_second_factor(_user(person.public_id), _wrong_code(person, clock))
        until = staff_clock.aware(_user(person.public_id).locked_until)
    return (until - clock.now()) // timedelta(minutes=1)


def test_each_lock_out_lasts_twice_as_long_as_the_one_before_up_to_a_day(any_db_app, clock):
    person = make_person(any_db_app, clock, CASE_WORKER)
    lengths = []
    for _ in range(9):
        lengths.append(_lock_by_codes(any_db_app, person, clock))
        clock.advance(minutes=lengths[-1])
    assert lengths == [15, 30, 60, 120, 240, 480, 960, 1440, 1440]
    assert user_row(any_db_app, person.public_id).lockouts == 9


def test_the_lock_out_holds_against_the_right_password_and_code(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    assert _lock_by_codes(app, person, clock) == 15
    clock.advance(minutes=15)
    assert _lock_by_codes(app, person, clock) == 30
    clock.advance(minutes=29)
    # Still locked: the right password gets the message an unknown address gets.
    refused = post_login(client, person.email, PASSWORD)
    assert refused.status_code == 200 and SAME_MESSAGE in error_text(refused)
    assert error_text(refused) == error_text(post_login(client, "nobody@example.org", PASSWORD))
    # And a right code, in a session that got past the password before the lock-out, is refused too.
    with app.app_context():
        assert not services.check_second_factor(_user(person.public_id), person.code(clock.now()))
    clock.advance(minutes=1)
    sign_in(client, person, clock)


def test_lock_outs_start_again_from_fifteen_minutes_only_after_a_full_sign_in(any_db_app, clock):
    app, client = any_db_app, any_db_app.test_client()
    person = make_person(app, clock, CASE_WORKER)
    assert _lock_by_codes(app, person, clock) == 15
    clock.advance(minutes=15)
    # The right password alone is not a sign-in: the next lock-out is longer.
    assert post_login(client, person.email, PASSWORD).status_code == 302
    assert _lock_by_codes(app, person, clock) == 30
    clock.advance(minutes=30)
    sign_in(client, person, clock)
    assert user_row(app, person.public_id).lockouts == 0
    assert _lock_by_codes(app, person, clock) == 15


def test_wrong_codes_sent_at_the_same_moment_are_each_counted(any_db_app, clock):
    person = make_person(any_db_app, clock, CASE_WORKER)
    with any_db_app.app_context():
        for _ in range(3):
            services.check_second_factor(_user(person.public_id), _wrong_code(person, clock))
    # The fourth and fifth arrive together: neither may overwrite the other's count.
    assert _race(any_db_app, person.public_id, _wrong_code(person, clock)) == [False, False]
    assert user_row(any_db_app, person.public_id).locked_until is not None


def _body(message: str) -> str:
    return message_from_string(message, policy=default_policy).get_body(("plain",)).get_content()


def test_a_lock_out_is_announced_to_the_owner_and_the_administrators(app, client, smtp, clock):
    admin = make_person(app, clock, ADMINISTRATOR, email="admin@example.org")
    make_person(app, clock, ADMINISTRATOR, email="gone@example.org")
    person = make_person(app, clock, CASE_WORKER, email="worker@example.org")
    with app.app_context():
        gone = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "gone@example.org"))
        services.set_active(_user(admin.public_id), gone, False)  # a former administrator hears nothing
    # Someone with the password guesses codes, through the pages.
    assert post_login(client, person.email, PASSWORD).status_code == 302
    for _ in range(5):
        post_code(client, _wrong_code(person, clock))
    until = clock.now() + timedelta(minutes=15)
    staff = app.test_client()
    sign_in(staff, admin, clock)
    assert "Account locked for a while" in staff.get("/staff/outbox").get_data(as_text=True)
    with app.app_context():
        rows = [(r.kind, r.staff_user_id, r.report_id) for r in db.session.scalars(db.select(Outbox))]
        assert rows == [(STAFF_LOCKED_CODES, user_row(app, person.public_id).id, None)]
        assert sender.send_due(clock.now()).delivered == 1
    [(to, message)] = smtp.messages
    assert to == ["worker@example.org", "admin@example.org"]
    assert "Subject: Staff account locked after wrong second-factor codes" in message
    body = _body(message)
    assert "worker@example.org has been locked until " + until.strftime("%H:%M UTC on %d %B %Y") in body
    assert "second-factor codes" in body and "If it was not you" in body and "set-up link" in body
    # Nothing about where the tries came from.
    assert "127.0.0.1" not in message and "werkzeug" not in message.lower() and "localhost" not in body


def test_password_guessing_is_locked_out_longer_each_time_and_announced(app, client, smtp, clock):
    person = make_person(app, clock, CASE_WORKER, email="worker@example.org")
    for length in (15, 30):
        for _ in range(5):
            response = post_login(client, person.email, "not the password at all")
        # The try that locks the account looks like any other failure, and like an unknown address.
        assert error_text(response) == error_text(post_login(client, "nobody@example.org", "not the password"))
        until = staff_clock.aware(user_row(app, person.public_id).locked_until)
        assert until - clock.now() == timedelta(minutes=length)
        clock.advance(minutes=length)
    with app.app_context():
        assert [r.kind for r in db.session.scalars(db.select(Outbox))] == [STAFF_LOCKED_PASSWORDS] * 2
        sender.send_due(clock.now())
    assert [to for to, _ in smtp.messages] == [["worker@example.org"]] * 2
    assert "locked after wrong passwords" in smtp.messages[0][1]
