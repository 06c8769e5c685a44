"""The audit trail: a row for every action, nothing secret in it, read-only for administrators."""
import json

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.staff import audit, services
from app.staff.models import ADMINISTRATOR, CASE_WORKER, AuditEvent, StaffUser

from .conftest import csrf_token
from .staff_support import (  # noqa: F401  (fixtures)
    PASSWORD, clock, fast_hashing, make_person, post_code, post_login, sign_in, user_row,
)


def _events(app):
    with app.app_context():
        rows = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
        return [
            {"action": r.action, "actor_id": r.actor_id, "target_type": r.target_type, "target_id": r.target_id,
             "detail": r.detail, "at": r.at}
            for r in rows
        ]


def _dump(app) -> str:
    return json.dumps(_events(app), default=str)


def test_every_action_is_recorded_without_secrets(app, client, clock):
    admin = make_person(app, clock, ADMINISTRATOR)
    worker = make_person(app, clock, CASE_WORKER, email="worker@example.org")
    typed_codes = []

    # Failed sign-ins: unknown address, wrong password; then a lockout.
    post_login(client, "Typed.Unknown@Example.org", "a secret guess 1")
    for _ in range(5):
        post_login(client, worker.email, "a secret guess 2")
    clock.advance(minutes=16)
    # Sign in with a recovery code, then with an app code, then sign out.
    post_login(client, worker.email, PASSWORD)
    typed_codes.append(worker.recovery_codes[0])
    assert post_code(client, worker.recovery_codes[0]).status_code == 302
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    clock.advance(seconds=30)
    sign_in(client, admin, clock)
    typed_codes.append(admin.code(clock.now() - services.timedelta(seconds=30)))

    token = csrf_token(client, "/staff/")
    client.post("/staff/users/invite", data={"csrf_token": token, "email": "invited@example.org", "role": CASE_WORKER})
    client.post(f"/staff/users/{worker.public_id}", data={"csrf_token": token, "action": "set-up-link"})
    client.post(f"/staff/users/{worker.public_id}", data={"csrf_token": token, "action": "disable"})
    client.post(f"/staff/users/{worker.public_id}", data={"csrf_token": token, "action": "enable"})
    client.post(f"/staff/users/{worker.public_id}", data={"csrf_token": token, "action": "role", "role": ADMINISTRATOR})
    client.post("/staff/logout", data={"csrf_token": token})

    events = _events(app)
    actions = {e["action"] for e in events}
    # Every account action; features' own actions ("report.view" and so on) are tested with them.
    account_actions = {a for a in audit.LABELS if "." not in a}
    assert actions == account_actions, account_actions - actions

    admin_id = user_row(app, admin.public_id).id
    worker_id = user_row(app, worker.public_id).id
    by_action = {}
    for e in events:
        by_action.setdefault(e["action"], []).append(e)
    unknown = by_action[audit.SIGN_IN_FAILED][0]
    assert unknown["actor_id"] is None and unknown["target_id"] is None
    assert unknown["detail"]["reason"] == "unknown" and len(unknown["detail"]["email_hash"]) == 16
    assert by_action[audit.LOCKOUT][0]["target_id"] == worker.public_id
    assert by_action[audit.RECOVERY_CODE_USED][0]["detail"] == {"left": 9}
    assert by_action[audit.RECOVERY_CODE_USED][0]["actor_id"] == worker_id
    role_change = by_action[audit.ROLE_CHANGE][0]
    assert role_change["actor_id"] == admin_id and role_change["target_id"] == worker.public_id
    assert role_change["detail"] == {"old": CASE_WORKER, "new": ADMINISTRATOR}
    assert by_action[audit.SET_UP_LINK][0]["detail"] == {"was_set_up": True}
    for action in (audit.INVITE, audit.SET_UP_LINK, audit.DISABLE, audit.ENABLE):
        assert by_action[action][-1]["actor_id"] == admin_id, action
    assert all(e["at"] is not None for e in events)

    text = _dump(app).lower()
    for secret in [PASSWORD, "a secret guess 1", "a secret guess 2", "typed.unknown", "unknown@example",
                   admin.secret, worker.secret, *typed_codes, *[c.replace("-", "") for c in typed_codes]]:
        assert secret.lower() not in text, secret
    for forbidden in ("127.0.0.1", "werkzeug", "user_agent", "ip"):
        assert f'"{forbidden}"' not in text


def test_the_same_unknown_address_gives_the_same_keyed_hash(app, client, clock):
    post_login(client, "someone@example.org", "x" * 12)
    post_login(client, " SOMEONE@example.org ", "y" * 12)
    post_login(client, "someone.else@example.org", "x" * 12)
    hashes = [e["detail"]["email_hash"] for e in _events(app)]
    assert hashes[0] == hashes[1] != hashes[2]
    with app.app_context():
        import hashlib

        assert hashes[0] != hashlib.sha256(b"someone@example.org").hexdigest()[:16]  # keyed, not plain


def test_detail_refuses_free_text(app):
    with app.test_request_context():
        with pytest.raises(ValueError):
            audit.record("note", comment="She said something awful on the bus")
        with pytest.raises(ValueError):
            audit.record("note", email="person@example.org")
        with pytest.raises(ValueError):
            audit.record("note", nested={"a": 1})
        with pytest.raises(ValueError):
            audit.record("not an action")
        event = audit.record("report-status", ("report", "HC-7K4P-92QD"), status="closed", count=3, urgent=True)
        db.session.commit()
        assert event.actor_id is None and event.target_type == "report" and event.detail["status"] == "closed"


def test_events_cannot_be_changed_or_deleted(app):
    with app.app_context():
        event = audit.record("sign-in", actor=None)
        db.session.commit()
        event.action = "sign-out"
        with pytest.raises(RuntimeError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(RuntimeError):
            db.session.delete(db.session.get(AuditEvent, event.id))
            db.session.commit()
        db.session.rollback()
        assert db.session.get(AuditEvent, event.id).action == "sign-in"
    assert not hasattr(services, "update_event") and not hasattr(audit, "update")


def test_audit_page_newest_first_filtered_and_paginated(app, client, clock):
    admin = make_person(app, clock, ADMINISTRATOR)
    with app.app_context():
        for i in range(60):
            clock.advance(seconds=1)
            audit.record(audit.SIGN_IN_FAILED, actor=None, reason="unknown", email_hash=f"{i:016x}")
        db.session.commit()
    sign_in(client, admin, clock)

    page1 = BeautifulSoup(client.get("/staff/audit").data, "html.parser")
    rows = page1.select("tbody tr")
    assert len(rows) == 50
    assert "Signed in" in rows[0].get_text()  # the newest event comes first
    assert page1.find("a", rel="next")["href"] == "/staff/audit?page=2"

    filtered = BeautifulSoup(client.get("/staff/audit?action=sign-in-failed&page=2").data, "html.parser")
    rows = filtered.select("tbody tr")
    assert len(rows) == 10
    assert all("Sign-in failed" in r.get_text() for r in rows)
    assert "0000000000000000" in rows[-1].get_text()  # the oldest is last
    assert filtered.find("select", id="action").find("option", selected=True)["value"] == "sign-in-failed"

    for odd in ["?page=0", "?page=-1", "?page=abc", "?page=99999999999", "?action=<script>", "?page=999"]:
        response = client.get("/staff/audit" + odd)
        assert response.status_code == 200, odd
        assert b"<script>" not in response.data.split(b"</head>")[1].replace(b'<script src=', b'')


def test_audit_page_is_not_for_other_roles(app, client, clock):
    worker = make_person(app, clock, CASE_WORKER)
    sign_in(client, worker, clock)
    assert client.get("/staff/audit").status_code == 403


def test_recording_happens_inside_the_callers_transaction(app):
    with app.app_context():
        audit.record(audit.SIGN_IN, actor=None)
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0
        user = StaffUser(email="x@example.org", role=CASE_WORKER)
        db.session.add(user)
        db.session.flush()
        audit.record(audit.INVITE, user, actor=None, role=CASE_WORKER)
        db.session.commit()
        assert db.session.scalar(db.select(AuditEvent.target_id)) == user.public_id
