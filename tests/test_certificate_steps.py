"""DEPLOY.md's certificate steps (section 7), run as written against a real ACME server on loopback.

pebble (Debian package `pebble`, an RFC 8555 test certificate authority) stands in for Let's Encrypt,
and pebble-challtestsrv for public DNS: it answers 127.0.0.1 for the site's name. pebble fetches every
http-01 challenge from the shipped nginx site's port-80 server block, which serves the folder certbot
writes to, as Let's Encrypt would. The section's commands are read from DEPLOY.md and run in order,
with only what a test run must change: the name, ports and paths, certbot's server and its folders (a
temporary one instead of /etc/letsencrypt), and `systemctl reload nginx`, which reloads this run's
nginx (CI's container has no systemd).
"""
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from . import services
from .certificates import self_signed
from .nginx_site import ROOT, main_config, nginx_binary, on_loopback, start
from .services import free_port, wait_for

pytestmark = [pytest.mark.nginx, pytest.mark.acme]
NAME = "reporthate.test"
SNAKEOIL = ("/etc/ssl/certs/ssl-cert-snakeoil.pem", "/etc/ssl/private/ssl-cert-snakeoil.key")


def _section_commands() -> list[str]:
    """Every command in DEPLOY.md's section 7, in order: continuation lines joined, comments dropped."""
    text = (ROOT / "DEPLOY.md").read_text()
    section = re.search(r"^## 7\. .*?(?=^## )", text, re.S | re.M).group(0)
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", section, re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        services.unavailable(f"{name} is not installed (Debian packages pebble and certbot); "
                             "DEPLOY.md's certificate steps were not run")
    return found


def _stop(proc: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def acme(tmp_path):
    """pebble and its DNS on free loopback ports; pebble validates http-01 on the port nginx will
    listen on for plain HTTP."""
    pebble, challtestsrv = _program("pebble"), _program("pebble-challtestsrv")
    _program("certbot")  # DEPLOY.md's commands call it by name
    ports = {kind: free_port() for kind in ("acme", "management", "dns", "dns_management", "tls_alpn", "http", "https")}
    tls = tmp_path / "pebble-tls"
    tls.mkdir()
    tls_cert, tls_key = self_signed(tls, "localhost")  # pebble's own HTTPS, which certbot must trust
    config = tmp_path / "pebble.json"
    config.write_text(
        f'{{"pebble": {{"listenAddress": "127.0.0.1:{ports["acme"]}",'
        f' "managementListenAddress": "127.0.0.1:{ports["management"]}",'
        f' "certificate": "{tls_cert}", "privateKey": "{tls_key}",'
        f' "httpPort": {ports["http"]}, "tlsPort": {ports["tls_alpn"]},'
        f' "ocspResponderURL": "", "externalAccountBindingRequired": false}}}}\n')
    # pebble sleeps up to 15 s before each validation and refuses 5 % of nonces on purpose; neither
    # is tested here. Authorisations are never reused, so each renewal is validated through nginx again.
    env = {**os.environ, "PEBBLE_VA_NOSLEEP": "1", "PEBBLE_WFE_NONCEREJECT": "0", "PEBBLE_AUTHZREUSE": "0"}
    procs = []
    try:
        procs.append(subprocess.Popen(
            [challtestsrv, "-dns01", f"127.0.0.1:{ports['dns']}", "-http01", "", "-https01", "", "-tlsalpn01", "",
             "-management", f"127.0.0.1:{ports['dns_management']}", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        wait_for(ports["dns_management"], procs[-1], "pebble-challtestsrv")
        procs.append(subprocess.Popen([pebble, "-config", str(config), "-dnsserver", f"127.0.0.1:{ports['dns']}"],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        wait_for(ports["acme"], procs[-1], "pebble")
        yield {"ports": ports, "ca_bundle": tls_cert, "directory": f"https://localhost:{ports['acme']}/dir"}
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _run(command: str, env: dict) -> str:
    """One command through sh; on a hang, its whole process group is killed, certbot included."""
    proc = subprocess.Popen(["sh", "-c", command], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        raise AssertionError(f"still running after 45 s: {command}\n{output}")
    assert proc.returncode == 0, f"{command}\n{output}"
    return output


def _pebble_root(acme) -> bytes:
    """The root pebble made when it started, which issued the intermediate it signs with."""
    context = ssl.create_default_context(cafile=str(acme["ca_bundle"]))
    url = f"https://localhost:{acme['ports']['management']}/roots/0"
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return response.read()


def _served_certificate(port: int, root: bytes) -> bytes:
    """The certificate nginx presents for the site's name, verified against pebble's root."""
    context = ssl.create_default_context(cadata=root.decode())
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        with context.wrap_socket(sock, server_hostname=NAME) as tls:
            return tls.getpeercert(binary_form=True)


def _live_certificate(config_dir: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate((config_dir / "live" / NAME / "cert.pem").read_bytes())


def _until_served(port: int, root: bytes, wanted: x509.Certificate) -> None:
    """nginx reloads in the background: wait (briefly) for its new workers."""
    der = wanted.public_bytes(Encoding.DER)
    for _ in range(50):
        try:
            if _served_certificate(port, root) == der:
                return
        except (ssl.SSLError, OSError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"nginx does not serve the certificate with serial {wanted.serial_number:x}")


def test_deploy_md_gets_and_renews_the_certificate_through_the_shipped_site(acme, tmp_path):
    nginx = nginx_binary("DEPLOY.md's certificate steps")
    ports = acme["ports"]
    site = tmp_path / "site.conf"
    letsencrypt = tmp_path / "letsencrypt"  # certbot's --config-dir: what /etc/letsencrypt holds
    main_config(tmp_path)
    # `nginx` and `systemctl reload nginx`, as the commands call them, act on this run's nginx.
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "nginx").write_text(f'#!/bin/sh\nexec {nginx} -p {tmp_path} -c {tmp_path}/nginx.conf "$@"\n')
    (shims / "systemctl").write_text(
        '#!/bin/sh\n[ "$*" = "reload nginx" ] || { echo "not handled here: systemctl $*" >&2; exit 1; }\n'
        f"exec {shims}/nginx -s reload\n")
    for shim in shims.iterdir():
        shim.chmod(0o755)
    env = {**os.environ, "NAME": NAME, "PATH": f"{shims}:{os.environ['PATH']}",
           "REQUESTS_CA_BUNDLE": str(acme["ca_bundle"])}
    certbot_options = (f" --server {acme['directory']} --config-dir {letsencrypt}"
                       f" --work-dir {tmp_path}/certbot-work --logs-dir {tmp_path}/certbot-logs")
    replacements = {
        "/srv/reporthate/current/deploy/": f"{ROOT}/deploy/",
        "/etc/nginx/sites-available/reporthate": str(site),
        "/var/www/letsencrypt": str(tmp_path / "acme"),  # where on_loopback points the challenge folder
        "/etc/letsencrypt/renewal-hooks/": f"{letsencrypt}/renewal-hooks/",
    }
    if not all(os.access(path, os.R_OK) for path in SNAKEOIL):
        # Debian's ssl-cert makes these when it is installed; a container image may have dropped them.
        stand_in = self_signed(tmp_path, "snakeoil")
        replacements.update({SNAKEOIL[0]: str(stand_in[0]), SNAKEOIL[1]: str(stand_in[1])})

    commands = _section_commands()
    assert any(c.startswith("certbot certonly --webroot") for c in commands), commands
    assert "certbot renew --dry-run" in commands, commands
    nginx_proc = None
    ran = []
    started = time.monotonic()
    try:
        for command in commands:
            if "/etc/nginx/sites-enabled/" in command:
                continue  # Debian's default site and the site's link: this run's nginx.conf includes the site itself
            for old, new in replacements.items():
                command = command.replace(old, new)
            if command.startswith("certbot "):
                command += certbot_options
            if command.startswith("certbot renew"):
                # Unattended, certbot renew first waits a random while (up to 8 minutes) to spread
                # the load on Let's Encrypt; at a terminal, as in DEPLOY.md, it does not.
                command += " --no-random-sleep-on-renew"
            ran.append((command, _run(command, env)))
            if str(site) in command:
                # The site as written by DEPLOY.md's sed, on this run's ports and folders.
                text = on_loopback(site.read_text(), tmp_path, ports)
                site.write_text(text.replace("/etc/letsencrypt/", f"{letsencrypt}/"))
                if nginx_proc is None:
                    nginx_proc = start(nginx, tmp_path)
                    wait_for(ports["https"], nginx_proc, "nginx")

        root = _pebble_root(acme)
        # Issued by pebble for the site's name, through the challenge nginx served on plain HTTP ...
        issued = _live_certificate(letsencrypt)
        names = issued.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert names.get_values_for_type(x509.DNSName) == [NAME]
        # ... and served by nginx after DEPLOY.md's switch, with the chain pebble issued (verified here
        # against pebble's root alone, so the intermediate must come from fullchain.pem).
        _until_served(ports["https"], root, issued)
        # Renewal: the dry run DEPLOY.md asks for succeeds against the same server and webroot.
        dry_run = next(output for command, output in ran if command.startswith("certbot renew --dry-run"))
        assert "Congratulations, all simulated renewals succeeded" in dry_run, dry_run

        # A real renewal runs the deploy hook DEPLOY.md installs, and nginx then serves the new
        # certificate (nothing else reloads it).
        _run("certbot renew --force-renewal --no-random-sleep-on-renew" + certbot_options, env)
        renewed = _live_certificate(letsencrypt)
        assert renewed.serial_number != issued.serial_number
        _until_served(ports["https"], root, renewed)
    finally:
        if nginx_proc is not None:
            _stop(nginx_proc, signal.SIGQUIT)
    assert time.monotonic() - started < 80
