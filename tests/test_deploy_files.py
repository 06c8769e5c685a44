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
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include site.conf;\n}}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
