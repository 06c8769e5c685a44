"""Helpers for the staff tests: a clock that tests move, and accounts set up the way people do it."""
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pyotp
import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.staff import services
from app.staff.models import StaffUser

from .conftest import csrf_token
from .fake_clock import FakeClock

PASSWORD = "a long and quiet river 42"
START = datetime(2026, 11, 28, 9, 0, 0, tzinfo=timezone.utc)




@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Cheap argon2 settings in tests; production keeps the library's memory-hard defaults."""
    monkeypatch.setattr(services, "ARGON2_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


@pytest.fixture
def clock(monkeypatch):
    return FakeClock(monkeypatch, START)


@dataclass
class Person:
    public_id: str
    email: str
    role: str
    secret: str
    recovery_codes: list[str] = field(default_factory=list)
    password: str = PASSWORD

    def code(self, at: datetime) -> str:
        return pyotp.TOTP(self.secret).at(at)


def make_person(app, clock, role: str, email: str | None = None, name: str = "") -> Person:
    """An account that has finished set-up (password and authenticator), made through the services."""
    email = email or f"{role}@example.org"
    with app.app_context():
        user, token = services.create_account(email, role, name)
        user = services.complete_setup(token, PASSWORD)
        secret = services.pending_totp_secret(user)
        codes = services.confirm_totp(user, pyotp.TOTP(secret).at(clock.now()))
        assert codes is not None
        person = Person(user.public_id, user.email, role, secret, codes)
    clock.advance(seconds=30)  # the set-up code's time step is used up
    return person


def user_row(app, public_id: str) -> StaffUser:
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser).where(StaffUser.public_id == public_id))
        db.session.expunge(user)
        return user


def post_login(client, email: str, password: str):
    token = csrf_token(client, "/staff/login")
    return client.post("/staff/login", data={"csrf_token": token, "email": email, "password": password})


def post_code(client, code: str):
    token = csrf_token(client, "/staff/login/code")
    return client.post("/staff/login/code", data={"csrf_token": token, "code": code})


def sign_in(client, person: Person, clock) -> None:
    response = post_login(client, person.email, person.password)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login/code", response.data[:300]
    response = post_code(client, person.code(clock.now()))
    assert response.status_code == 302 and response.headers["Location"] == "/staff/", response.data[:300]
    clock.advance(seconds=30)  # so the next sign-in has a fresh code


@pytest.fixture
def signed_in(app, client, clock):
    """The one signed-in staff fixture: `signed_in(ROLE)` makes an account with that role, signs the
    test's client in with both factors, and returns the person."""

    def as_role(role: str, email: str | None = None) -> Person:
        person = make_person(app, clock, role, email)
        sign_in(client, person, clock)
        return person

    return as_role


def staff_cookie(client) -> str | None:
    cookie = client.get_cookie("staff_session", path="/staff")
    return cookie.value if cookie else None


def error_text(response) -> str:
    soup = BeautifulSoup(response.data, "html.parser")
    summary = soup.find(class_="govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def form_token(response) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)
