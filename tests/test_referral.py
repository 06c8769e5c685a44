"""A referral Beacon can act on: an e-mail with no personal data and a single-use, time-limited,
revocable link to a read-only page showing exactly what the person agreed Beacon may have."""
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from app.cases import services as cases
from app.codes import token_hash
from app.cases.models import Referral
from app.extensions import db
from app.outbox import REFERRAL, sender
from app.reporting.models import Outbox, Report
from app.staff.models import AuditEvent, CASE_WORKER, ROLES

from .report_helpers import make_report
from .staff_support import clock, fast_hashing, form_token, signed_in  # noqa: F401  (fixtures)
from .test_cases import NAUGHTY, _post
from .test_staff_naughty import naughty_strings

AGREED = dict(support="yes", contact="contact", name="Ayesha MARK-NAME", email="ayesha@example.org",
              phone="07700 900123", safe_times="After 6pm MARK-TIMES", language="Urdu", interpreter="yes",
              access_needs="Large print MARK-ACCESS")
NOT_SHARED = dict(place="The corner shop MARK-PLACE", offender_description="Tall man MARK-OFFENDER",
                  witnesses="yes", witness_contact="Neighbour MARK-WITNESS", town="Old Town MARK-TOWN",
                  reported="yes", crime_reference="41/12345/26 MARK-CRIME", age_band="25-34")


@pytest.fixture
def worker(signed_in):
    return signed_in(CASE_WORKER)


def _refer(app, client, clock, **answers) -> tuple[str, str, str]:
    """Refer a report as a case worker does, then write its e-mail as the outbox does: (reference, body, token)."""
    reference = make_report(app, **{**AGREED, **NOT_SHARED, **answers})
    assert _post(client, reference, action="status", status="referred").status_code == 302
    with app.app_context():
        row = db.session.scalar(db.select(Outbox).where(Outbox.kind == REFERRAL).order_by(Outbox.id.desc()))
        app.config["SITE_URL"] = "https://reporthate.example.org"
        body = sender.message_for(row).get_content()
        db.session.commit()
    token = re.search(r"https://reporthate\.example\.org/referral/(\S+)", body).group(1)
    return reference, body, token


def _open(client, token):
    page = client.get(f"/referral/{token}")
    if page.status_code != 200:
        return page
    return client.post(f"/referral/{token}", data={"csrf_token": form_token(page)})


def _audit(app, action):
    with app.app_context():
        return [e.detail for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action))]


def test_the_email_holds_no_personal_data_and_only_the_hash_is_stored(app, client, clock, worker):
    reference, body, token = _refer(app, client, clock)
    assert reference in body and "works once only" in body
    for marker in ("MARK", "Ayesha", "ayesha@example.org", "07700", "MARKER-7731", "/staff/"):
        assert marker not in body, marker
    with app.app_context():
        stored = db.session.scalar(db.select(Referral))
        assert stored.token_hash == token_hash(token) and token not in stored.token_hash


def test_what_is_shown_is_exactly_what_the_person_agreed(app, client, clock, worker):
    reference, _body, token = _refer(app, client, clock)
    anonymous = app.test_client()
    assert anonymous.get(f"/referral/{token}").status_code == 200  # the GET does not use it up
    response = _open(anonymous, token)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    soup = BeautifulSoup(response.data, "html.parser")
    text = soup.get_text(" ", strip=True)
    # Their name, how to contact them and a short summary of what happened ...
    for shown in ("Ayesha MARK-NAME", "ayesha@example.org", "07700 900123", "After 6pm MARK-TIMES", "Urdu",
                  "Large print MARK-ACCESS", "MARKER-7731", "Race", "Stevenage", "2025-04-03", reference):
        assert shown in text, shown
    # ... and nothing else: not where exactly, who did it, witnesses, the police or the staff area.
    for hidden in ("MARK-PLACE", "MARK-OFFENDER", "MARK-WITNESS", "MARK-TOWN", "MARK-CRIME", "25-34",
                   "Decision about the police", "Case queue"):
        assert hidden not in text, hidden
    assert not soup.select("form")  # read-only
    assert _audit(app, "referral.open") == [{"referral": 1}]


def test_reuse_is_refused_and_audited(app, client, clock, worker):
    _reference, _body, token = _refer(app, client, clock)
    assert _open(app.test_client(), token).status_code == 200
    again = _open(app.test_client(), token)
    assert again.status_code == 404 and b"MARKER-7731" not in again.data
    assert "does not work" in again.get_data(as_text=True)
    assert {"referral": 1, "why": "used"} in _audit(app, "referral.refused")


def test_an_expired_link_is_refused(app, client, clock, worker):
    _reference, _body, token = _refer(app, client, clock)
    clock.advance(hours=app.config["REFERRAL_LINK_HOURS"], seconds=1)
    response = _open(app.test_client(), token)
    assert response.status_code == 404 and b"MARKER-7731" not in response.data
    assert {"referral": 1, "why": "expired"} in _audit(app, "referral.refused")


def test_a_tampered_or_made_up_link_is_refused(app, client, clock, worker):
    _reference, _body, token = _refer(app, client, clock)
    anonymous = app.test_client()
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), token + "x", token[:10], "x" * 5000,
                  NAUGHTY.replace("/", "")):
        response = anonymous.get(f"/referral/{wrong}", check=False)
        assert response.status_code == 404 and b"MARKER-7731" not in response.data, wrong
        response = anonymous.post(f"/referral/{wrong}", check=False,
                                  data={"csrf_token": form_token(anonymous.get(f"/referral/{token}"))})
        assert response.status_code == 404 and b"MARKER-7731" not in response.data, wrong
    assert _open(anonymous, token).status_code == 200  # the real one still works, once


def test_a_case_worker_can_revoke_the_link(app, client, clock, worker):
    reference, _body, token = _refer(app, client, clock)
    page = client.get(f"/staff/cases/{reference}")
    assert "Withdraw the referral link" in page.get_data(as_text=True)
    assert _post(client, reference, action="revoke-referral").status_code == 302
    response = _open(app.test_client(), token)
    assert response.status_code == 404 and b"MARKER-7731" not in response.data
    assert _audit(app, "referral.revoke") == [{"referral": 1}]
    assert {"referral": 1, "why": "revoked"} in _audit(app, "referral.refused")
    assert "was withdrawn" in client.get(f"/staff/cases/{reference}").get_data(as_text=True)


def test_a_resent_email_replaces_the_earlier_link(app, client, clock, worker):
    _reference, _body, first = _refer(app, client, clock)
    with app.app_context():
        row = db.session.scalar(db.select(Outbox).where(Outbox.kind == REFERRAL))
        second = re.search(r"/referral/(\S+)", sender.message_for(row).get_content()).group(1)
        db.session.commit()
    assert _open(app.test_client(), first).status_code == 404
    assert _open(app.test_client(), second).status_code == 200


def test_nothing_is_referred_when_the_person_did_not_ask(app, client, clock, worker):
    reference = make_report(app, **NOT_SHARED)  # support: no
    response = _post(client, reference, action="status", status="referred")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Referral)) == 0
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        with pytest.raises(cases.NotAgreed):
            cases.beacon_share(report, None)


def test_without_contact_details_only_the_summary_is_shared(app, client, clock, worker):
    _reference, _body, token = _refer(app, client, clock, contact="anonymous")
    text = BeautifulSoup(_open(app.test_client(), token).data, "html.parser").get_text(" ", strip=True)
    assert "MARKER-7731" in text and "ayesha@example.org" not in text and "MARK-NAME" not in text
    assert "They gave no contact details" in text


def test_a_withdrawn_referral_email_carries_no_link(app, client, clock, worker):
    reference = make_report(app, **AGREED)
    _post(client, reference, action="status", status="referred")
    _post(client, reference, action="revoke-referral")
    with app.app_context():
        row = db.session.scalar(db.select(Outbox).where(Outbox.kind == REFERRAL))
        body = sender.message_for(row).get_content()
    assert "/referral/" not in body and "withdrew" in body


def test_link_times_follow_the_setting(app, client, clock, worker):
    app.config["REFERRAL_LINK_HOURS"] = 1
    _reference, _body, token = _refer(app, client, clock)
    with app.app_context():
        stored = db.session.scalar(db.select(Referral))
        assert stored.expires_at.replace(tzinfo=None) == (clock.now() + timedelta(hours=1)).replace(tzinfo=None)


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_the_referral_page_gives_nothing_to_anyone_without_the_link(app, client, clock, who, signed_in):
    """Signed in or not, with any role: a made-up or used link shows nothing, and no staff page is reachable."""
    if who != "anonymous":
        signed_in(who)
    reference = make_report(app, **AGREED)
    for method in ("GET", "POST"):
        response = client.open("/referral/" + "A" * 43, method=method, check=False)
        assert response.status_code in (400, 404) and b"MARKER-7731" not in response.data
        assert reference.encode() not in response.data


def test_naughty_referral_links_never_fail(app, client, clock):
    anonymous = app.test_client()
    for text in naughty_strings()[:400]:
        cleaned = text.replace("/", "").replace("\\x00", "").replace("?", "").replace("#", "")
        if not cleaned.strip() or cleaned in (".", ".."):
            continue
        response = anonymous.get("/referral/" + quote(cleaned, safe=""), check=False)
        assert response.status_code == 404, text


def test_a_case_worker_can_send_a_new_link(app, client, clock, worker):
    reference, _body, first = _refer(app, client, clock)
    assert _open(app.test_client(), first).status_code == 200
    assert _post(client, reference, action="resend-referral").status_code == 302
    with app.app_context():
        row = db.session.scalar(db.select(Outbox).where(Outbox.kind == REFERRAL).order_by(Outbox.id.desc()))
        second = re.search(r"/referral/(\S+)", sender.message_for(row).get_content()).group(1)
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(Outbox).where(Outbox.kind == REFERRAL)) == 2
    assert second != first and _open(app.test_client(), second).status_code == 200
    assert len(_audit(app, "referral.resend")) == 1


def test_no_new_link_when_the_person_did_not_ask(app, client, clock, worker):
    reference = make_report(app)
    response = _post(client, reference, action="resend-referral")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Referral)) == 0


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_only_a_case_worker_withdraws_or_resends(app, client, clock, who, signed_in):
    reference = make_report(app, **AGREED)
    if who != "anonymous":
        signed_in(who)
    token = form_token(client.get("/staff/login" if who == "anonymous" else "/staff/"))
    for action in ("resend-referral", "revoke-referral"):
        response = client.post(f"/staff/cases/{reference}", data={"csrf_token": token, "action": action})
        expected = {"anonymous": 302, CASE_WORKER: 302}.get(who, 403)
        assert response.status_code == expected, (who, action)
        assert b"MARKER-7731" not in response.data
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(Referral))
    assert count == (1 if who == CASE_WORKER else 0)


def test_the_one_rule_holds_what_the_support_question_promised_and_no_more(app, client, clock, worker):
    """The support question says: "we give Beacon your name, how to contact you and a short summary of
    what happened ... We share nothing else"."""
    reference = make_report(app, **AGREED, **NOT_SHARED)
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        shared = cases.beacon_share(report, None)
    assert set(shared) == {"reference", "received", "contact", "description", "strands", "district",
                           "incident_date", "date_kind"}
    assert set(shared["contact"]) == {"name", "email", "phone", "safe_times", "language", "interpreter",
                                      "access_needs"}
    assert "MARK" not in repr({k: v for k, v in shared.items() if k != "contact"}).replace("MARKER-7731", "")
