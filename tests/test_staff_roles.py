"""Who may open what: every staff URL for every role, record lookups, and the 403 page."""
import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import Forbidden, NotFound

from app.extensions import db
from app.staff import services
from app.staff.auth import is_guarded
from app.staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER, ROLES, StaffUser

from .conftest import csrf_token
from .report_helpers import make_report
from .staff_support import clock, fast_hashing, make_person, sign_in, user_row  # noqa: F401  (clock is a fixture)

ADMIN_ONLY = {ADMINISTRATOR}
CASES = {CASE_WORKER}  # only case workers ever open a report
EVERYONE = set(ROLES)

# (method, url template, roles allowed). {other} is another account's public id.
MATRIX = [
    ("GET", "/staff/", EVERYONE),
    ("GET", "/staff/campaigns", {ADMINISTRATOR, CAMPAIGN_STAFF}),
    ("GET", "/staff/users", ADMIN_ONLY),
    ("GET", "/staff/users/invite", ADMIN_ONLY),
    ("GET", "/staff/users/{other}", ADMIN_ONLY),
    ("GET", "/staff/audit", ADMIN_ONLY),
    ("GET", "/staff/audit?action=sign-in&page=1", ADMIN_ONLY),
    ("POST", "/staff/users/invite", ADMIN_ONLY, {"email": "matrix@example.org", "role": CASE_WORKER}),
    ("POST", "/staff/users/{other}", ADMIN_ONLY, {"action": "role", "role": CASE_WORKER}),
    ("POST", "/staff/users/{other}", ADMIN_ONLY, {"action": "disable"}),
    ("POST", "/staff/users/{other}", ADMIN_ONLY, {"action": "enable"}),
    ("POST", "/staff/users/{other}", ADMIN_ONLY, {"action": "set-up-link"}),
    ("GET", "/staff/campaigns/new", {ADMINISTRATOR, CAMPAIGN_STAFF}),
    ("GET", "/staff/outbox", {ADMINISTRATOR, CASE_WORKER}),
    ("GET", "/staff/indicators", {ADMINISTRATOR, CAMPAIGN_STAFF}),
    ("GET", "/staff/cases", CASES),
    ("GET", "/staff/cases?status=new&strand=race&from=2026-01-01", CASES),
    ("GET", "/staff/cases/{ref}", CASES),
    ("POST", "/staff/cases/{ref}", CASES, {"action": "note", "text": "Matrix note"}),
    ("POST", "/staff/cases/{ref}", CASES, {"action": "status", "status": "triaged"}),
    ("POST", "/staff/cases/{ref}", CASES, {"action": "reply", "message": "Matrix reply"}),
    ("POST", "/staff/cases/export.csv", CASES, {}),
    ("GET", "/staff/cases?task=mine", CASES),
    ("GET", "/staff/cases?task=overdue&status=new", CASES),
    ("POST", "/staff/cases/{ref}", CASES, {"action": "assign", "assignee": ""}),
    ("POST", "/staff/cases/{ref}", CASES, {"action": "revoke-referral"}),
    ("POST", "/staff/cases/export.xlsx", CASES, {}),
]


@pytest.fixture
def people(app, clock):
    made = {role: make_person(app, clock, role) for role in ROLES}
    made["other"] = make_person(app, clock, CASE_WORKER, email="other@example.org")
    made["ref"] = make_report(app)
    return made


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_role_matrix(app, client, clock, people, who):
    if who != "anonymous":
        sign_in(client, people[who], clock)
    token = csrf_token(client, "/staff/login" if who == "anonymous" else "/staff/")
    for method, template, allowed, *form in MATRIX:
        url = template.format(other=people["other"].public_id, ref=people["ref"])
        data = {"csrf_token": token, **form[0]} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        if who == "anonymous":
            assert response.status_code == 302, (who, method, url)
            assert response.headers["Location"] == "/staff/login", (who, method, url)
        elif who in allowed:
            assert response.status_code in (200, 302), (who, method, url, response.status_code)
            assert response.headers.get("Location", "/staff/") != "/staff/login", (who, method, url)
        else:
            assert response.status_code == 403, (who, method, url, response.status_code)
            assert "You cannot open this page" in response.get_data(as_text=True)
        if response.status_code != 302:
            assert response.headers["X-Robots-Tag"] == "noindex, nofollow", url


def test_every_staff_view_declares_who_may_open_it(app):
    staff_views = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")}
    assert len(staff_views) >= 14
    unguarded = [e for e in staff_views if not is_guarded(app.view_functions[e])]
    assert unguarded == []
    public = sorted(e for e in staff_views if getattr(app.view_functions[e], "staff_public", False))
    assert public == ["staff.login", "staff.login_code", "staff.logout", "staff.set_up", "staff.signed_out", "staff.totp_set_up"]
    # No way to change or delete the audit trail: its only route reads it.
    audit_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff/audit")]
    assert [sorted(r.methods - {"HEAD", "OPTIONS"}) for r in audit_rules] == [["GET"]]


def test_a_view_without_a_role_check_is_refused(app, client):
    app.add_url_rule("/staff/forgotten", "staff.forgotten", lambda: "open to all")
    response = client.get("/staff/forgotten", check=False)
    assert response.status_code == 403
    assert b"open to all" not in response.data


def test_forbidden_page_is_in_the_persons_language(app, client, clock, people):
    sign_in(client, people[CAMPAIGN_STAFF], clock)
    response = client.get("/staff/users?lang=pl")
    assert response.status_code == 403
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.html["lang"] == "pl"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def test_staff_pages_have_no_exit_button_and_their_own_menu(app, client, clock, people):
    sign_in(client, people[ADMINISTRATOR], clock)
    for url in ["/staff/", "/staff/users", "/staff/audit", "/staff/campaigns", "/staff/signed-out"]:
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        assert soup.find(class_="govuk-exit-this-page") is None, url
        assert soup.find("nav", attrs={"aria-label": "Staff menu"}) is not None, url
        assert soup.find("nav", attrs={"aria-label": "Main menu"}) is None, url
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow", url


def test_home_shows_what_each_role_can_do(app, client, clock, people):
    expected = {
        ADMINISTRATOR: {"/staff/campaigns", "/staff/users", "/staff/audit"},
        CAMPAIGN_STAFF: {"/staff/campaigns"},
        CASE_WORKER: set(),
    }
    for role, links in expected.items():
        fresh = app.test_client()
        sign_in(fresh, people[role], clock)
        main = BeautifulSoup(fresh.get("/staff/").data, "html.parser").find("main")
        hrefs = {a["href"] for a in main.find_all("a")} & {"/staff/campaigns", "/staff/users", "/staff/audit"}
        assert hrefs == links, role
        assert "report" not in main.get_text().lower().replace("reports", "") or role == CASE_WORKER


def test_ids_in_urls_are_random_not_counters(app, client, clock, people):
    sign_in(client, people[ADMINISTRATOR], clock)
    other = people["other"]
    assert len(other.public_id) >= 20 and not other.public_id.isdigit()
    row = user_row(app, other.public_id)
    # The database's own number is never accepted in a URL.
    assert client.get(f"/staff/users/{row.id}").status_code == 404
    assert client.get("/staff/users/1").status_code == 404
    assert client.get("/staff/users/" + "A" * 40).status_code == 404
    assert client.get(f"/staff/users/{other.public_id}").status_code == 200


def test_record_lookups_check_the_role_too(app, clock, people):
    with app.app_context():
        worker = db.session.get(StaffUser, user_row(app, people[CASE_WORKER].public_id).id)
        admin = db.session.get(StaffUser, user_row(app, people[ADMINISTRATOR].public_id).id)
        with pytest.raises(Forbidden):
            services.get_user(worker, people["other"].public_id)
        with pytest.raises(Forbidden):
            services.list_users(worker)
        with pytest.raises(Forbidden):
            services.invite(worker, "x@example.org", ADMINISTRATOR)
        with pytest.raises(NotFound):
            services.get_user(admin, str(worker.id))
        assert services.get_user(admin, worker.public_id).id == worker.id


def test_a_case_worker_cannot_change_another_account_by_guessing(app, client, clock, people):
    sign_in(client, people[CASE_WORKER], clock)
    token = csrf_token(client, "/staff/")
    target = people["other"].public_id
    assert client.post(f"/staff/users/{target}", data={"csrf_token": token, "action": "disable"}).status_code == 403
    assert client.post(f"/staff/users/{target}", data={"csrf_token": token, "action": "role", "role": ADMINISTRATOR}).status_code == 403
    assert user_row(app, target).active is True
    assert user_row(app, target).role == CASE_WORKER


def test_administrator_manages_accounts(app, client, clock, people):
    sign_in(client, people[ADMINISTRATOR], clock)
    token = csrf_token(client, "/staff/")
    target = people["other"]

    # Invite: the link is shown once, on the page after the form.
    response = client.post("/staff/users/invite", data={"csrf_token": token, "email": "New@Example.org", "name": "New", "role": CAMPAIGN_STAFF})
    assert response.status_code == 200
    link = BeautifulSoup(response.data, "html.parser").select_one(".app-staff-link code").get_text()
    assert "/staff/set-up/" in link
    duplicate = client.post("/staff/users/invite", data={"csrf_token": token, "email": "new@example.org", "role": CASE_WORKER})
    assert "There is already an account" in duplicate.get_data(as_text=True)

    # Disable signs the person out at once; enabling lets them back in.
    victim_client = app.test_client()
    sign_in(victim_client, target, clock)
    assert client.post(f"/staff/users/{target.public_id}", data={"csrf_token": token, "action": "disable"}).status_code == 302
    assert user_row(app, target.public_id).active is False
    assert victim_client.get("/staff/").headers["Location"] == "/staff/login"
    assert client.post(f"/staff/users/{target.public_id}", data={"csrf_token": token, "action": "enable"}).status_code == 302
    sign_in(victim_client, target, clock)

    # A role change takes effect at once (and ends their sessions).
    response = client.post(f"/staff/users/{target.public_id}", data={"csrf_token": token, "action": "role", "role": CAMPAIGN_STAFF})
    assert response.status_code == 302
    assert user_row(app, target.public_id).role == CAMPAIGN_STAFF
    assert victim_client.get("/staff/").headers["Location"] == "/staff/login"
    bad = client.post(f"/staff/users/{target.public_id}", data={"csrf_token": token, "action": "role", "role": "king"})
    assert bad.status_code == 200 and "<title>Error:" in bad.get_data(as_text=True)


def test_administrator_cannot_lock_themselves_out(app, client, clock, people):
    admin = people[ADMINISTRATOR]
    sign_in(client, admin, clock)
    token = csrf_token(client, "/staff/")
    response = client.post(f"/staff/users/{admin.public_id}", data={"csrf_token": token, "action": "role", "role": CASE_WORKER})
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.get_data(as_text=True)
    response = client.post(f"/staff/users/{admin.public_id}", data={"csrf_token": token, "action": "disable"})
    assert response.status_code == 200
    assert "You cannot disable your own account" in response.get_data(as_text=True)
    row = user_row(app, admin.public_id)
    assert row.role == ADMINISTRATOR and row.active is True


def test_new_set_up_link_for_someone_who_has_not_finished(app, client, clock, people):
    sign_in(client, people[ADMINISTRATOR], clock)
    with app.app_context():
        user, old_token = services.create_account("slow@example.org", CASE_WORKER)
        public_id = user.public_id
    token = csrf_token(client, "/staff/")
    response = client.post(f"/staff/users/{public_id}", data={"csrf_token": token, "action": "set-up-link"})
    assert response.status_code == 200
    new_link = BeautifulSoup(response.data, "html.parser").select_one(".app-staff-link code").get_text()
    assert old_token not in new_link
    assert client.get(f"/staff/set-up/{old_token}", check=False).status_code == 404
    # Someone set up who lost their phone: the link resets password and authenticator.
    done = people["other"]
    response = client.post(f"/staff/users/{done.public_id}", data={"csrf_token": token, "action": "set-up-link"})
    assert response.status_code == 200
    reset = BeautifulSoup(response.data, "html.parser").select_one(".app-staff-link code").get_text().rsplit("/", 1)[1]
    other = app.test_client()
    sign_in(other, done, clock)  # the old password still works until the link is used
    assert other.post(f"/staff/set-up/{reset}", data={"csrf_token": csrf_token(other, f"/staff/set-up/{reset}"),
                      "password": "a brand new passphrase", "confirm": "a brand new passphrase"}).status_code == 302
    row = user_row(app, done.public_id)
    assert row.totp_confirmed_at is None and row.totp_secret is None
    assert other.get("/staff/").headers["Location"] == "/staff/login"  # old sessions ended
    assert other.get("/staff/two-factor/set-up").status_code == 200


def test_post_without_csrf_is_refused(app, client, clock, people):
    sign_in(client, people[ADMINISTRATOR], clock)
    target = people["other"].public_id
    assert client.post(f"/staff/users/{target}", data={"action": "disable"}).status_code == 400
    assert user_row(app, target).active is True


def test_campaign_list_is_read_only(app, client, clock, people):
    from datetime import date

    from app.campaigns.models import Campaign

    with app.app_context():
        db.session.add(Campaign(code="bus1", name="Sample bus campaign", channel="bus", placement="Route 301",
                                landing_path="/", starts_on=date(2026, 1, 1)))
        db.session.commit()
    sign_in(client, people[CAMPAIGN_STAFF], clock)
    page = client.get("/staff/campaigns").get_data(as_text=True)
    assert "Sample bus campaign" in page and "bus1" in page
    assert "<form" not in page.split('id="main-content"')[1]
    assert client.post("/staff/campaigns", data={"csrf_token": csrf_token(client, "/staff/")}).status_code == 405
