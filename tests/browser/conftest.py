"""A real server and a real browser: the site served on loopback, driven by Debian's Chromium.

No browser is downloaded: Playwright drives /usr/bin/chromium. Without Chromium these tests skip
(and say so), unless REQUIRE_SERVICES=1, when they fail.
"""
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

from .. import services

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


# The live server's app, for tests that must set up data (staff accounts, reports) inside it.
LIVE: dict = {}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The whole site with sample data, as `make run` would serve it."""
    from flask_migrate import upgrade

    folder: Path = tmp_path_factory.mktemp("live")
    port = services.free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'live.db'}",
        INSTANCE_DIR=folder,
        EXIT_URL=base + "/robots.txt",
        SITE_URL=base,
    )
    with app.app_context():
        upgrade()
        for loader in app.extensions.get("sample_loaders", {}).values():
            loader()
        db.session.remove()
    LIVE["app"] = app
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = services.chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def assert_accessible(axe, page, label: str) -> None:
    """Zero axe-core violations for the WCAG 2.2 AA rule set, with a readable report when not."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        lines = [f"{label}: {len(violations)} axe violation(s)"]
        for v in violations:
            targets = [", ".join(node["target"]) for node in v["nodes"][:3]]
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']} at {targets}")
        pytest.fail("\n".join(lines), pytrace=False)
