"""The shipped nginx site on loopback, for the tests that run it: nginx as the current user with its
own prefix, and deploy/nginx-reporthate.conf with only what a test run must change (ports, paths)."""
import getpass
import re
import shutil
import subprocess
from pathlib import Path

from . import services

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx-reporthate.conf"


def nginx_binary(purpose: str) -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        services.unavailable(f"nginx is not installed (Debian package nginx-light); skipping {purpose}")
    return found


def on_loopback(site: str, folder: Path, ports: dict) -> str:
    """Listen on loopback's free ports, write logs, challenges and the maintenance switch into
    `folder`, and take the release's files from this checkout."""
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.M)  # no IPv6 needed on loopback
    site = site.replace("listen 80", f"listen 127.0.0.1:{ports['http']}")
    site = site.replace("listen 443", f"listen 127.0.0.1:{ports['https']}")
    site = site.replace("/var/log/nginx/", f"{folder}/logs/")
    site = site.replace("/var/www/letsencrypt", str(folder / "acme"))
    site = site.replace("/srv/reporthate/maintenance", str(folder / "maintenance"))
    site = site.replace("/srv/reporthate/current/deploy", str(ROOT / "deploy"))
    return site.replace("/srv/reporthate/current/static/", f"{ROOT}/static/")


def main_config(folder: Path) -> Path:
    """Like Debian's nginx.conf: a global error log and a global access log, which the site's
    server blocks must override. The site itself is read from folder/site.conf."""
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    temp = "".join(f"  {kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    config = folder / "nginx.conf"
    config.write_text(
        f"user {getpass.getuser()};\npid {folder}/nginx.pid;\nerror_log {logs}/global-error.log;\n"
        f"worker_processes 1;\nevents {{}}\n"
        f"http {{\n  access_log {logs}/global-access.log;\n{temp}"
        f"  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  include {folder}/site.conf;\n}}\n")
    return config


def start(nginx: str, folder: Path) -> subprocess.Popen:
    """nginx in the foreground on folder/nginx.conf; stop it with SIGQUIT (a graceful stop)."""
    return subprocess.Popen([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
