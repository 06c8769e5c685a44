"""The second factor under pressure: a code raced by two requests works once, and guessing meets
lock-outs that grow longer and are announced to the account's owner and the administrators."""
import pytest
from sqlalchemy import event

from app.extensions import db
from app.staff import services
from app.staff.models import CASE_WORKER, StaffUser

from .staff_support import clock, fast_hashing, make_person, user_row  # noqa: F401  (fixtures)


def _user(public_id: str) -> StaffUser:
    return db.session.scalar(db.select(StaffUser).where(StaffUser.public_id == public_id))


def _race(app, public_id: str, code: str) -> list[bool]:
    """Two requests bring the same code. The first has read the account and is about to write when
    the second runs from start to finish (in its own app context: its own session and connection);
    then the first carries on with what it read. Returns [second, first]."""
    results = []

    def the_other_request_first(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("UPDATE", "DELETE")) and not results:
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
