"""Naughty strings in names, emails, codes and links: a clear answer, never a 500, never a stored script."""
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.staff.models import ADMINISTRATOR, StaffUser

from .conftest import csrf_token
from .staff_support import clock, fast_hashing, make_person, post_code, post_login, sign_in  # noqa: F401

BLNS = Path(__file__).resolve().parents[2] / "shared" / "data" / "naughty-strings" / "blns.json"
FALLBACK = [
    "", " ", "undefined", "null", "0", "-1", "1E+02", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
    "'; DROP TABLE staff_user; --", "Robert'); DROP TABLE Students;--", "${7*7}", "{{ 7*7 }}", "%s%s%s%n",
    "../../../../etc/passwd", "\u202eevil", "ÅÍÎÏ˝ÓÔÒÚÆ☃", "田中さんにあげて下さい", "مرحبا", "👩🏽‍💻", "\x00", "\ufeff",
    "a" * 5000, "name@example.org\r\nBcc: x@example.org",
]


def naughty_strings() -> list[str]:
    try:
        strings = json.loads(BLNS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return FALLBACK
    return [s for s in strings if isinstance(s, str)] + FALLBACK


def _clean(value: str) -> str:
    return value.replace("\x00", "")


def test_invite_with_naughty_names_and_emails(any_db_app, clock):
    app = any_db_app
    client = app.test_client()
    admin = make_person(app, clock, ADMINISTRATOR)
    sign_in(client, admin, clock)
    token = csrf_token(client, "/staff/users/invite")
    created = 0
    for i, value in enumerate(naughty_strings()):
        # The string as the email: refused with a clear message, or accepted if it is a valid address.
        response = client.post("/staff/users/invite", data={"csrf_token": token, "email": value, "name": "x", "role": "case_worker"})
        assert response.status_code in (200, 400), (value, response.status_code)
        # The string as the name, with a good email.
        response = client.post(
            "/staff/users/invite",
            data={"csrf_token": token, "email": f"person{i}@example.org", "name": value, "role": "case_worker"},
        )
        assert response.status_code in (200, 400), (value, response.status_code)
        if response.status_code == 200 and "Send this set-up link" in response.get_data(as_text=True):
            created += 1
    assert created > 10
    # Every account shows on the list, escaped.
    listing = client.get("/staff/users")
    assert listing.status_code == 200
    soup = BeautifulSoup(listing.data, "html.parser")
    assert not soup.find("img", attrs={"onerror": True})
    assert all(s.get("src") for s in soup.find_all("script"))
    with app.app_context():
        ids = db.session.scalars(db.select(StaffUser.public_id).where(StaffUser.name.contains("<"))).all()
    for public_id in ids[:20]:
        page = client.get(f"/staff/users/{public_id}")
        assert page.status_code == 200
        assert not BeautifulSoup(page.data, "html.parser").find("img", attrs={"onerror": True})
    assert client.get("/staff/audit").status_code == 200


def test_naughty_sign_in_attempts(any_db_app, clock):
    client = any_db_app.test_client()
    strings = naughty_strings()
    sample = strings[:: max(1, len(strings) // 40)] + FALLBACK
    for value in sample:
        response = post_login(client, value, value)
        assert response.status_code in (200, 400), (value, response.status_code)
        assert b"<script>alert" not in response.data


def test_naughty_codes_and_tokens(any_db_app, clock):
    app = any_db_app
    client = app.test_client()
    person = make_person(app, clock, ADMINISTRATOR)
    assert post_login(client, person.email, "a long and quiet river 42").status_code == 302
    sample = naughty_strings()[::25][:3]
    for value in sample:
        response = post_code(client, value)
        assert response.status_code in (200, 400), (value, response.status_code)
    sign_in(client, person, clock)
    for value in ["%00", "abc%00defghijklmnopqrstu", "..%2F..%2Fetc", "<script>", "' OR '1'='1", "🙂" * 50]:
        assert client.get(f"/staff/set-up/{value}", check=False).status_code in (404, 400), value
        assert client.get(f"/staff/users/{value}", check=False).status_code == 404, value


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "田中さんにあげて下さい", "مرحبا", "a" * 300])
def test_cli_names(app, value):
    result = app.test_cli_runner().invoke(args=["staff", "create", "cli@example.org", "--role", "case_worker", "--name", value])
    if len(value) > 200:
        assert result.exit_code != 0 and "200 characters or fewer" in result.output
    else:
        assert result.exit_code == 0, result.output
        with app.app_context():
            assert db.session.scalar(db.select(StaffUser.name)) == value


def test_cli_refuses_a_non_address(app):
    result = app.test_cli_runner().invoke(args=["staff", "create", "not an address", "--role", "case_worker"])
    assert result.exit_code != 0 and "not an email address" in result.output
