"""Static files are versioned by content, so they can be cached for a year and never go stale."""
import re


def test_pages_link_versioned_assets_which_are_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/dist/main\.css\?v=([0-9a-f]{12}))"', html)
    assert css, "the stylesheet link carries no version"
    response = client.get(css.group(1))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_wrong_or_missing_version_is_not_cached_for_long(client):
    for url in ("/static/dist/main.css", "/static/dist/main.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache", url


def test_the_version_follows_the_content(app, tmp_path):
    folder = tmp_path / "static"
    folder.mkdir()
    app.static_folder = str(folder)
    (folder / "x.css").write_text("a{}")
    with app.test_request_context():
        from flask import url_for

        first = url_for("static", filename="x.css")
        (folder / "x.css").write_text("b{color:red}")
        second = url_for("static", filename="x.css")
    assert first != second and first.startswith("/static/x.css?v=")


def test_pages_are_not_cached_and_staff_pages_not_indexed(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/staff/login").headers["X-Robots-Tag"] == "noindex, nofollow"


def test_each_script_is_fetched_once_with_its_version(client):
    # A script that imported another file by a bare path would make the browser fetch that file a
    # second time (once by the page, versioned, and once by the import, not): scripts are bundled.
    for url in ("/", "/report/who", "/centres"):
        html = client.get(url).get_data(as_text=True)
        scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
        assert scripts and all(re.search(r"\?v=[0-9a-f]{12}$", src) for src in scripts), scripts
        assert len({src.split("?")[0] for src in scripts}) == len(scripts), scripts
        for src in scripts:
            body = client.get(src).get_data(as_text=True)
            assert not re.search(r"""\bimport\s*(\(|[^;]*?\bfrom\s*["'])|^import\s*["']""", body, re.M), src


def test_staff_styles_are_fetched_by_staff_pages_only(client):
    # Public pages (the report's questions above all) fetch one stylesheet; staff pages fetch the
    # staff area's own after it, and no rule is sent twice.
    def stylesheets(url):
        html = client.get(url).get_data(as_text=True)
        return re.findall(r'<link rel="stylesheet" href="(/static/dist/[a-z]+\.css)\?v=[0-9a-f]{12}"', html)

    for url in ("/", "/report/who", "/figures", "/centres"):
        assert stylesheets(url) == ["/static/dist/main.css"], url
    assert stylesheets("/staff/login") == ["/static/dist/main.css", "/static/dist/staff.css"]

    def selectors(url):
        css = client.get(url).get_data(as_text=True)
        return set(re.findall(r"([^{}@;]+)\{[^{}]*\}", css))

    staff = selectors("/static/dist/staff.css")
    assert ".govuk-pagination" in staff and ".app-staff-nav__button" in staff
    assert not staff & selectors("/static/dist/main.css")
