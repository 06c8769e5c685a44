"""Generated input against every public form and query parameter: never a 500, never reflected unescaped.

The default run is small, so `make test` stays quick. The long run (`-m fuzz`, with
HYPOTHESIS_PROFILE=long, as CI runs it) sends 39 x 260 = 10,140 generated inputs across these tests.
"""
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from app.reporting import steps

from .conftest import make_app
from .report_helpers import shown_again

settings.register_profile(
    "default", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile(
    "long", max_examples=260, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture])
# The long run is derandomised so CI is repeatable; run `HYPOTHESIS_PROFILE=explore` to search anew.
settings.register_profile(
    "explore", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

pytestmark = pytest.mark.fuzz

# Markup that must never come back as markup, mixed with anything at all.
PAYLOADS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>",
    "javascript:alert(1)", "%3Cscript%3E", "&lt;b&gt;", "<<b>>", "'\"`", "\u202e\u0000\ufeff", "ﷺ𝔘𝔫𝔦", "9" * 40,
    "../../etc/passwd", "%00", "\r\nSet-Cookie: x=1", "{{7*7}}", "${7*7}", "<!--", "]]>",
]
text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(PAYLOADS),
    st.builds(lambda a, b: a + b, st.text(max_size=40), st.sampled_from(PAYLOADS)),
)
values = st.one_of(text, st.lists(text, max_size=4))
STEP_FIELDS = {
    step.name: tuple(n for n in dir(step.form) if isinstance(getattr(step.form, n), UnboundField)) + ("extra",)
    for step in steps.STEPS
}
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    app = make_app(f"sqlite:///{folder / 'fuzz.db'}", INSTANCE_DIR=folder)
    # The plain client: these tests make their own checks. (The page checker would follow the 404
    # page's language links for a made-up address, which are meant to be 404 too.)
    app.test_client_class = None
    from app.centres.sample import load_sample_centres

    with app.app_context():
        load_sample_centres()
    return app


def _reflected_unescaped(body: str, sent) -> list[str]:
    sent = sent if isinstance(sent, list) else [sent]
    return [v for v in sent if isinstance(v, str) and "<" in v and len(v) > 3 and v in body]


def _check(response, sent):
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        assert not _reflected_unescaped(body, sent), "input came back as markup"


def _token(client, url):
    match = TOKEN.search(client.get(url).get_data(as_text=True))
    return match.group(1) if match else ""


@pytest.mark.parametrize("step", sorted(STEP_FIELDS))
@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_report_steps(fuzz_app, step, easy):
    url = f"/report/{'easy/' if easy else ''}{step}"
    client = fuzz_app.test_client()
    token = _token(client, url)  # one token serves the whole session

    @given(st.dictionaries(st.sampled_from(STEP_FIELDS[step]), values, max_size=6))
    def run(data):
        response = shown_again(client, client.post(url, data={**data, "csrf_token": token}))
        _check(response, [v for value in data.values() for v in (value if isinstance(value, list) else [value])])

    run()


def test_check_answers_and_submit(fuzz_app):
    client = fuzz_app.test_client()
    token = _token(client, "/report/who")

    @given(text, text, st.sampled_from(["/report/check", "/report/easy/check"]))
    def run(key, website, url):
        response = client.post(url, data={"csrf_token": token, "submission_key": key, "website": website})
        _check(response, [key, website])

    run()


def test_self_check(fuzz_app):
    client = fuzz_app.test_client()
    url = "/is-this-a-hate-crime"
    token = _token(client, url)

    @given(values, values)
    def run(happened, because):
        response = client.post(url, data={"csrf_token": token, "happened": happened, "because": because})
        _check(response, [happened, because])

    run()


def test_staff_sign_in(fuzz_app, monkeypatch):
    from app.staff import services as staff

    # Cheap hashing: the point is the form's handling of input, not Argon2's cost.
    monkeypatch.setattr(staff, "ARGON2_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})
    client = fuzz_app.test_client()
    token = _token(client, "/staff/login")

    @given(text, text)
    def run(email, password):
        response = client.post("/staff/login", data={"csrf_token": token,
                                                     "email": email, "password": password})
        _check(response, [email])

    run()


@pytest.mark.parametrize("path", ["/centres", "/centres.json", "/", "/report", "/what-is-hate-crime", "/staff/login"])
def test_query_parameters(fuzz_app, path):
    client = fuzz_app.test_client()
    names = st.sampled_from(["near", "district", "find", "lang", "utm_source", "utm_medium", "utm_campaign", "page",
                             "next", "v"])

    @given(st.dictionaries(names, text, max_size=5))
    def run(params):
        response = client.get(path, query_string=params)
        _check(response, list(params.values()))

    run()


def test_short_links(fuzz_app):
    client = fuzz_app.test_client()

    @given(text)
    def run(code):
        response = client.get("/c/" + code.replace("/", "").replace("?", "").replace("#", ""))
        assert response.status_code < 500
        if response.status_code in (301, 302, 303, 307, 308):
            # Only ever to a page of this site.
            location = response.headers["Location"]
            assert location.startswith("/") and not location.startswith("//"), location

    run()


def test_any_path(fuzz_app):
    client = fuzz_app.test_client()

    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80))
    def run(path):
        # (A leading "//" would make the test client read a host name, not a path.)
        response = client.get("/" + path.replace("?", "").replace("#", "").lstrip("/"))
        _check(response, [path])

    run()
