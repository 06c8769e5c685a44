"""Server-side staff sessions: new ids at each step, idle and absolute time-outs, real sign-out."""
import pytest

from app.extensions import db
from app.staff import services
from app.staff.models import ADMINISTRATOR, CASE_WORKER, StaffSession

from .conftest import csrf_token
from .staff_support import (  # noqa: F401  (fixtures)
    PASSWORD, clock, fast_hashing, make_person, post_code, post_login, sign_in, staff_cookie,
)


def _live_sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count()).select_from(StaffSession).where(StaffSession.revoked_at.is_(None))
        )


def test_cookie_is_separate_from_the_public_one_and_strict(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    response = post_login(client, person.email, PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("staff_session="))
    for part in ("HttpOnly", "SameSite=Strict", "Path=/staff"):
        assert part in cookie
    assert "Secure" not in cookie  # plain http in development; production adds it (test_staff_auth)
    assert app.config["SESSION_COOKIE_NAME"] != "staff_session"


def test_new_session_id_after_password_and_again_after_the_code(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    post_login(client, person.email, PASSWORD)
    first = staff_cookie(client)
    assert first
    post_code(client, person.code(clock.now()))
    second = staff_cookie(client)
    assert second and second != first
    with app.app_context():
        assert services.find_session(first) is None, "the half-way session id stops working"
        assert services.find_session(second) is not None
        stored = db.session.scalars(db.select(StaffSession.token_hash)).all()
    assert first not in stored and second not in stored  # only hashes are kept
    assert services.sha256(second) in stored


def test_signing_in_again_replaces_an_old_session_cookie(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    client.set_cookie("staff_session", "attacker-chosen-value", path="/staff")
    sign_in(client, person, clock)
    assert staff_cookie(client) != "attacker-chosen-value"


def test_idle_timeout_of_30_minutes(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    sign_in(client, person, clock)
    for _ in range(3):  # using the site keeps the session alive
        clock.advance(minutes=29)
        assert client.get("/staff/").status_code == 200
    clock.advance(minutes=30, seconds=1)
    response = client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"
    assert _live_sessions(app) == 0
    clock.advance(seconds=1)
    assert client.get("/staff/").status_code == 302


def test_absolute_timeout_of_8_hours_however_busy(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    sign_in(client, person, clock)
    for _ in range(23):  # 7 hours 40 minutes of steady work
        clock.advance(minutes=20)
        assert client.get("/staff/").status_code == 200
    clock.advance(minutes=20, seconds=30)
    assert client.get("/staff/").headers["Location"] == "/staff/login"


def test_sign_out_revokes_the_session_on_the_server(app, client, clock):
    person = make_person(app, clock, ADMINISTRATOR)
    sign_in(client, person, clock)
    token = staff_cookie(client)
    response = client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/signed-out"
    assert any("staff_session=;" in c for c in response.headers.getlist("Set-Cookie"))
    # Replaying the old cookie does not bring the session back.
    client.set_cookie("staff_session", token, path="/staff")
    assert client.get("/staff/").headers["Location"] == "/staff/login"
    with app.app_context():
        assert services.find_session(token) is None
        row = db.session.scalar(db.select(StaffSession).where(StaffSession.token_hash == services.sha256(token)))
        assert row.revoked_at is not None
    assert client.get("/staff/signed-out").status_code == 200


def test_sign_out_needs_the_csrf_token(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    sign_in(client, person, clock)
    assert client.post("/staff/logout").status_code == 400
    assert client.get("/staff/logout").status_code == 200
    assert client.get("/staff/").status_code == 200


def test_password_alone_opens_nothing(app, client, clock):
    person = make_person(app, clock, ADMINISTRATOR)
    post_login(client, person.email, PASSWORD)
    for url in ["/staff/", "/staff/users", "/staff/audit", "/staff/campaigns"]:
        assert client.get(url).headers["Location"] == "/staff/login", url


def test_a_half_way_session_also_times_out(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    post_login(client, person.email, PASSWORD)
    clock.advance(minutes=31)
    assert client.get("/staff/login/code").headers["Location"] == "/staff/login"


def test_forged_or_huge_cookies_are_ignored(app, client):
    client.set_cookie("staff_session", "x" * 4000, path="/staff")
    assert client.get("/staff/").headers["Location"] == "/staff/login"
    client.set_cookie("staff_session", "' OR 1=1 --", path="/staff")
    assert client.get("/staff/").headers["Location"] == "/staff/login"


def test_session_and_audit_paths_on_both_databases(any_db_app, clock):
    """Sign in, time out, sign in, sign out, on SQLite and PostgreSQL: the time arithmetic and audit rows."""
    from app.staff import audit
    from app.staff.models import AuditEvent

    app = any_db_app
    client = app.test_client()
    person = make_person(app, clock, ADMINISTRATOR)
    sign_in(client, person, clock)
    clock.advance(minutes=31)
    assert client.get("/staff/").headers["Location"] == "/staff/login"
    post_login(client, "unknown@example.org", PASSWORD)
    sign_in(client, person, clock)
    assert client.get("/staff/audit").status_code == 200
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
        failed = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == audit.SIGN_IN_FAILED))
        assert failed.actor_id is None and failed.detail["reason"] == "unknown"
        page = audit.events(page=1)
        assert [e.action for e in page.items][0] == audit.SIGN_OUT
    assert actions == [audit.INVITE, audit.SET_UP, audit.TOTP_SET_UP, audit.SIGN_IN, audit.SIGN_IN_FAILED,
                       audit.SIGN_IN, audit.SIGN_OUT]


@pytest.mark.parametrize("minutes, live", [(29, True), (31, False)])
def test_find_session_without_http(app, clock, minutes, live):
    person = make_person(app, clock, CASE_WORKER)
    with app.app_context():
        user = db.session.scalar(db.select(services.StaffUser).where(services.StaffUser.public_id == person.public_id))
        token = services.start_session(user, True)
    clock.advance(minutes=minutes)
    with app.app_context():
        assert (services.find_session(token) is not None) is live
