"""The shipped nginx site keeps the promises made about it: no visitor's address in any log it
writes, unknown host names dropped, and a configuration that nginx itself accepts."""
import re
import shutil
import subprocess
from pathlib import Path

from . import services

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx-reporthate.conf"


def _server_blocks(text: str) -> list[str]:
    """The body of each top-level `server { ... }` block (the file's braces are balanced)."""
    text = re.sub(r"#[^\n]*", "", text)
    blocks, depth, start = [], 0, None
    for match in re.finditer(r"[{}]|\bserver\s*{", text):
        token = match.group(0)
        if token.startswith("server") and depth == 0:
            start, depth = match.end(), 1
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and start is not None:
                blocks.append(text[start:match.start()])
                start = None
    return blocks


def test_no_server_block_logs_a_visitors_address():
    blocks = _server_blocks(SITE.read_text())
    assert len(blocks) == 3
    for block in blocks:
        assert re.search(r"^\s*access_log off;", block, re.M), block[:200]
        # At every level below emerg nginx writes "client: <address>" with each request's error.
        levels = re.findall(r"^\s*error_log\s+\S+\s+(\w+);", block, re.M)
        assert levels == ["emerg"], block[:200]


def test_unknown_host_names_are_dropped_and_redirects_never_repeat_the_host_header():
    text = SITE.read_text()
    blocks = _server_blocks(text)
    default = [b for b in blocks if "default_server" in b]
    assert len(default) == 1 and "return 444;" in default[0] and "ssl_reject_handshake on;" in default[0]
    assert "$host$request_uri" not in text  # a redirect names the site, not whatever Host was sent


def test_nginx_accepts_the_shipped_site(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        services.unavailable("nginx is not installed (Debian package nginx-light)")
    from tests.certificates import self_signed

    cert, key = self_signed(tmp_path, "reporthate.example.org")
    site = SITE.read_text()
    site = site.replace("/etc/letsencrypt/live/reporthate.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/reporthate.example.org/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/").replace("/var/www/letsencrypt", str(tmp_path))
    site = site.replace("/srv/reporthate/current/static/", f"{ROOT}/static/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include site.conf;\n}}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_every_server_block_hides_the_nginx_version():
    for block in _server_blocks(SITE.read_text()):
        assert re.search(r"^\s*server_tokens off;", block, re.M), block[:200]


def test_plain_http_redirects_everything_but_the_certificate_challenge():
    redirect = [b for b in _server_blocks(SITE.read_text()) if "listen 80;" in b][0]
    assert re.search(r"location \^~ /\.well-known/acme-challenge/ \{[^}]*root /var/www/letsencrypt;", redirect)
    # The redirect lives in "location /", so the challenge's location is not overruled by a
    # server-level return (which nginx runs before choosing any location).
    assert not re.search(r"^    return", redirect, re.M)
    assert "return 301 https://reporthate.example.org$request_uri;" in redirect


def test_no_header_is_added_inside_an_if():
    """add_header inside "if" replaces every add_header of the enclosing location (nginx's
    inheritance), which once dropped X-Content-Type-Options from every versioned file."""
    text = re.sub(r"#[^\n]*", "", SITE.read_text())
    for body in re.findall(r"\bif\s*\([^)]*\)\s*\{([^}]*)\}", text):
        assert "add_header" not in body and "proxy_pass" not in body, body


def test_compression_reaches_people_behind_proxies():
    main = [b for b in _server_blocks(SITE.read_text()) if "listen 443 ssl http2;" in b][0]
    assert re.search(r"^\s*gzip_proxied any;", main, re.M)
    assert re.search(r"^\s*gzip_vary on;", main, re.M)


UNITS = sorted((ROOT / "deploy").glob("reporthate*.service")) + sorted((ROOT / "deploy").glob("*.timer"))


def test_units_write_nowhere_that_a_fresh_install_lacks():
    """ReadWritePaths= on a folder that does not exist stops the unit starting (status 226/NAMESPACE);
    the app writes nothing to disk in production, so no unit names one."""
    for unit in UNITS:
        assert "ReadWritePaths" not in unit.read_text(), unit.name
        assert "/srv/reporthate/app" not in unit.read_text(), unit.name  # releases: /srv/reporthate/current


def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on the units, with the release path pointed at this checkout so the
    programs they start exist. It needs systemd's tools, not systemd running: .ci/run installs the
    package in a container that lacks it; elsewhere the test skips and says so."""
    tool = shutil.which("systemd-analyze")
    if tool is None:
        services.unavailable("systemd-analyze is not installed (Debian package systemd): the units were not verified")
    for unit in UNITS:
        text = unit.read_text().replace("/srv/reporthate/current", str(ROOT))
        text = text.replace("/etc/reporthate/env", str(tmp_path / "env"))
        (tmp_path / unit.name).write_text(text)
    (tmp_path / "env").write_text("APP_ENV=production\n")
    result = subprocess.run([tool, "verify", "--man=no", *sorted(str(p) for p in tmp_path.glob("reporthate*"))],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if "reporthate" in line and "Cannot add dependency job" not in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_the_flask_helper_is_valid_shell_and_reads_the_units_settings():
    helper = ROOT / "deploy" / "reporthate-flask"
    assert subprocess.run(["sh", "-n", str(helper)], capture_output=True).returncode == 0
    text = helper.read_text()
    assert "EnvironmentFile=/etc/reporthate/env" in text and "User=reporthate" in text


def test_the_maintenance_page_speaks_every_language_of_the_site():
    from app.i18n import LANGUAGES

    page = (ROOT / "deploy" / "maintenance.html").read_text()
    for language in LANGUAGES:
        assert f'<section lang="{language.code}" dir="{language.direction}"><h2>{language.native_name}</h2>' in page
    assert "Exit this page" in page
