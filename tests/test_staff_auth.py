"""Staff sign-in: set-up links, passwords, the second factor, lockout, rate limits and the CLI."""
import secrets

import pyotp
import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.extensions import db
from app.staff import services
from app.staff.models import ADMINISTRATOR, CASE_WORKER, StaffUser

from .conftest import csrf_token, make_app
from .pagecheck import check_html
from .staff_support import (  # noqa: F401  (clock is a fixture)
    PASSWORD, clock, error_text, fast_hashing, make_person, post_code, post_login, sign_in, staff_cookie, user_row,
)

SAME_MESSAGE = "The email address or password is not right, or there have been too many tries."


def _soup(response):
    return BeautifulSoup(response.data, "html.parser")


def test_set_up_link_then_password_then_authenticator_then_recovery_codes(app, client, clock):
    with app.app_context():
        user, token = services.create_account("New.Person@Example.org", CASE_WORKER, "New Person")
        public_id = user.public_id
    page = _soup(client.get(f"/staff/set-up/{token}"))
    assert "new.person@example.org" in page.get_text()
    assert [i["autocomplete"] for i in page.find_all("input", type="password")] == ["new-password", "new-password"]
    assert not page.find(attrs={"onpaste": True})

    response = client.post(
        f"/staff/set-up/{token}",
        data={"csrf_token": csrf_token(client, f"/staff/set-up/{token}"), "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/staff/two-factor/set-up"

    page = _soup(client.get("/staff/two-factor/set-up"))
    img = page.find("img", class_="app-staff-qr")
    assert img["src"].startswith("data:image/svg+xml")
    assert img["alt"]
    secret = page.find(class_="app-staff-secret").get_text(strip=True).replace(" ", "")
    assert len(secret) >= 16
    # Not signed in yet: the password alone opens nothing.
    assert client.get("/staff/").headers["Location"] == "/staff/login"

    wrong = client.post("/staff/two-factor/set-up", data={"csrf_token": csrf_token(client, "/staff/two-factor/set-up"), "code": "000000"})
    assert wrong.status_code == 200 and "<title>Error:" in wrong.get_data(as_text=True)

    response = client.post(
        "/staff/two-factor/set-up",
        data={"csrf_token": csrf_token(client, "/staff/two-factor/set-up"), "code": pyotp.TOTP(secret).at(clock.now())},
    )
    assert response.status_code == 200
    codes = [c.get_text() for c in _soup(response).select(".app-staff-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/staff/").status_code == 200
    stored = user_row(app, public_id)
    assert stored.totp_confirmed_at is not None
    assert secret not in (stored.totp_secret or "")  # encrypted at rest
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    with app.app_context():
        hashes = {row.code_hash for row in db.session.scalars(db.select(services.RecoveryCode))}
    assert not any(code in hashes or code.replace("-", "") in hashes for code in codes)


def test_set_up_link_works_once(app, client, clock):
    with app.app_context():
        _, token = services.create_account("once@example.org", CASE_WORKER)
    data = {"csrf_token": csrf_token(client, f"/staff/set-up/{token}"), "password": PASSWORD, "confirm": PASSWORD}
    assert client.post(f"/staff/set-up/{token}", data=data).status_code == 302
    again = client.get(f"/staff/set-up/{token}", check=False)
    check_html(again.get_data(as_text=True), "set-up")
    assert again.status_code == 404
    assert "This set-up link does not work" in again.get_data(as_text=True)
    assert client.post(f"/staff/set-up/{token}", data=data, check=False).status_code == 404


def test_set_up_link_expires_after_72_hours(app, client, clock):
    with app.app_context():
        _, token = services.create_account("late@example.org", CASE_WORKER)
    clock.advance(hours=71, minutes=59)
    assert client.get(f"/staff/set-up/{token}").status_code == 200
    clock.advance(minutes=2)
    assert client.get(f"/staff/set-up/{token}", check=False).status_code == 404
    assert client.get("/staff/set-up/not-a-real-token", check=False).status_code == 404
    assert client.get("/staff/set-up/" + "x" * 500, check=False).status_code == 404


def test_set_up_password_rules(app, client, clock):
    with app.app_context():
        _, token = services.create_account("rules@example.org", CASE_WORKER)
    url = f"/staff/set-up/{token}"
    short = client.post(url, data={"csrf_token": csrf_token(client, url), "password": "short", "confirm": "short"})
    assert "at least 12 characters" in error_text(short)
    differ = client.post(url, data={"csrf_token": csrf_token(client, url), "password": PASSWORD, "confirm": PASSWORD + "x"})
    assert "Enter the same password twice" in error_text(differ)
    assert "<title>Error:" in differ.get_data(as_text=True)


def test_login_page_helps_password_managers(client):
    page = _soup(client.get("/staff/login"))
    assert page.find("input", attrs={"name": "email"})["autocomplete"] == "username"
    assert page.find("input", attrs={"name": "password"})["autocomplete"] == "current-password"
    assert not page.find(attrs={"onpaste": True}) and not page.find(attrs={"oncopy": True})


def test_full_sign_in_with_code(app, client, clock):
    person = make_person(app, clock, ADMINISTRATOR)
    sign_in(client, person, clock)
    home = client.get("/staff/")
    assert home.status_code == 200
    assert person.email in home.get_data(as_text=True)


def test_same_message_and_same_work_for_unknown_email_and_wrong_password(app, client, clock, monkeypatch):
    person = make_person(app, clock, CASE_WORKER)
    calls = []
    real, dummy = services._hasher()

    class Counting:
        def verify(self, hash_, password):
            calls.append(hash_)
            return real.verify(hash_, password)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(services, "_hasher", lambda: (Counting(), dummy))
    unknown = post_login(client, "nobody@example.org", PASSWORD)
    wrong = post_login(client, person.email, "not the password at all")
    assert len(calls) == 2, "an unknown address must cost one password check, like a known one"
    assert calls[0] == dummy
    assert unknown.status_code == wrong.status_code == 200
    assert SAME_MESSAGE in error_text(unknown)
    assert error_text(unknown) == error_text(wrong)
    assert "nobody@example.org" in unknown.get_data(as_text=True)  # kept in the form, not revealed as unknown


def test_lockout_after_five_failures_in_fifteen_minutes(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    for _ in range(5):
        assert SAME_MESSAGE in error_text(post_login(client, person.email, "wrong password here"))
        clock.advance(minutes=1)
    assert user_row(app, person.public_id).locked_until is not None
    # The right password is refused while locked, with the same message.
    locked = post_login(client, person.email, PASSWORD)
    assert locked.status_code == 200 and SAME_MESSAGE in error_text(locked)
    unknown = post_login(client, "nobody@example.org", PASSWORD)
    assert error_text(locked) == error_text(unknown)
    clock.advance(minutes=15)
    sign_in(client, person, clock)


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    for _ in range(4):
        post_login(client, person.email, "wrong password here")
    clock.advance(minutes=16)
    post_login(client, person.email, "wrong password here")
    assert user_row(app, person.public_id).locked_until is None
    sign_in(client, person, clock)


def test_wrong_codes_count_towards_lockout(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    assert post_login(client, person.email, PASSWORD).status_code == 302
    for _ in range(4):
        response = post_code(client, "123456" if person.code(clock.now()) != "123456" else "654321")
        assert response.status_code == 200 and "<title>Error:" in response.get_data(as_text=True)
    response = post_code(client, "000000" if person.code(clock.now()) != "000000" else "111111")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"
    assert user_row(app, person.public_id).locked_until is not None
    # The half-finished session ended with the lockout.
    assert client.get("/staff/login/code").headers["Location"] == "/staff/login"


def test_totp_with_time_travel(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    assert post_login(client, person.email, PASSWORD).status_code == 302
    old = person.code(clock.now() - services.timedelta(seconds=90))
    assert post_code(client, old).status_code == 200, "a code from three steps ago is refused"
    used = person.code(clock.now())
    assert post_code(client, used).status_code == 302
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})

    # The same code, again, in the same 30-second window: refused.
    assert post_login(client, person.email, PASSWORD).status_code == 302
    assert post_code(client, used).status_code == 200
    # One step of clock drift is allowed.
    clock.advance(seconds=30)
    assert post_code(client, person.code(clock.now() + services.timedelta(seconds=30))).status_code == 302


def test_recovery_codes_work_once(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    code = person.recovery_codes[0]
    assert post_login(client, person.email, PASSWORD).status_code == 302
    # Lower case and spaces are fine: people copy codes in many ways.
    assert post_code(client, " " + code.lower().replace("-", " ") + " ").status_code == 302
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    assert post_login(client, person.email, PASSWORD).status_code == 302
    assert post_code(client, code).status_code == 200
    assert post_code(client, person.recovery_codes[1]).status_code == 302
    with app.app_context():
        user = db.session.get(StaffUser, user_row(app, person.public_id).id)
        assert services.recovery_codes_left(user) == 8


def test_disabled_account_cannot_sign_in(app, client, clock):
    admin = make_person(app, clock, ADMINISTRATOR)
    person = make_person(app, clock, CASE_WORKER, email="worker@example.org")
    with app.app_context():
        actor = db.session.get(StaffUser, user_row(app, admin.public_id).id)
        target = db.session.get(StaffUser, user_row(app, person.public_id).id)
        services.set_active(actor, target, False)
    response = post_login(client, person.email, PASSWORD)
    assert SAME_MESSAGE in error_text(response)


def test_sign_in_is_rate_limited_per_client(tmp_path, clock):
    app = make_app(f"sqlite:///{tmp_path / 'rl.db'}", INSTANCE_DIR=tmp_path, RATELIMIT_ENABLED=True,
                   STAFF_SIGN_IN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [post_login(client, f"nobody{i}@example.org", "x").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_cli_creates_an_account_and_prints_a_one_time_link(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "create", "First.Admin@example.org", "--role", "administrator"])
    assert result.exit_code == 0, result.output
    link = [line for line in result.output.splitlines() if "/staff/set-up/" in line][0].strip()
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        user = services.user_for_setup_token(token)
        assert user is not None and user.email == "first.admin@example.org" and user.role == ADMINISTRATOR
        assert token not in (user.setup_token_hash or "")
    again = runner.invoke(args=["staff", "create", "first.admin@example.org", "--role", "administrator"])
    assert again.exit_code != 0 and "already" in again.output
    bad = runner.invoke(args=["staff", "create", "x@example.org", "--role", "king"])
    assert bad.exit_code != 0


def test_unknown_role_is_refused_by_the_service(app):
    with app.app_context(), pytest.raises(services.AccountError):
        services.create_account("x@example.org", "superuser")


def test_production_staff_cookie_is_host_prefixed_and_secure(monkeypatch):
    from cryptography.fernet import Fernet
    from flask import Response

    from app.staff import auth

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production")
    with app.test_request_context("/staff/login"):
        header = auth.set_cookie(Response(), "token-value").headers["Set-Cookie"]
    assert header.startswith("__Host-staff_session=token-value")
    for part in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/;"):
        assert part in header + ";", part


def test_production_uses_memory_hard_defaults_and_rehashes_weaker_hashes(app, clock, monkeypatch):
    person = make_person(app, clock, CASE_WORKER)
    weak = user_row(app, person.public_id).password_hash
    assert "m=1024" in weak
    monkeypatch.setattr(services, "ARGON2_PARAMS", {})
    with app.app_context():
        assert services.check_password(person.email, PASSWORD).ok
    stronger = user_row(app, person.public_id).password_hash
    assert "m=65536" in stronger and stronger.startswith("$argon2id$")
