"""The shipped units run under systemd itself: DEPLOY.md sections 1 to 6 are followed inside a
machine of their own, whose systemd (PID 1 of new PID, mount, network, UTS, IPC and cgroup
namespaces) starts reporthate.service, runs the outbox once and loads the timers.

The host is only read. Its root file system is seen through an overlay whose writes land in a
tmpfs that ends with the namespace; /etc/systemd/system starts empty, so none of the host's own
services start in there; /proc/sys, /sys and the host's devices are read-only or absent, and the
kernel-wide capabilities are dropped, as systemd-nspawn does. The machine has its own loopback
network: PostgreSQL is reached over its local socket (the one-host set-up of DEPLOY.md), Redis not
at all (the site copes, doctor warns), and gunicorn's 127.0.0.1:8000 is the machine's, not the host's.
"""
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from . import services
from .conftest import ORGANISATION_ENV

pytestmark = [pytest.mark.postgres, pytest.mark.systemd]
ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = Path("/lib/systemd/systemd")
SOCKET_FOLDER = Path("/run/postgresql")
# Capabilities over the whole kernel, which nothing in the machine may use on the host.
DROPPED = ("sys_module", "sys_time", "sys_rawio", "syslog", "wake_alarm", "block_suspend",
           "mac_admin", "mac_override", "audit_control")

# Runs as PID 1 of the new namespaces, builds the machine's root under $1 and becomes systemd.
BOOT = r"""
set -eu
base=$1 checkout=$2 console=$3 dropped=$4
mount -t tmpfs -o mode=755 tmpfs "$base"
mkdir "$base/upper" "$base/work" "$base/tree"
t=$base/tree
mount -t overlay overlay -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$t"
mount -t proc proc "$t/proc"
for p in sys sysrq-trigger; do [ -e "$t/proc/$p" ] || continue; mount --bind "$t/proc/$p" "$t/proc/$p"; mount -o remount,bind,ro "$t/proc/$p"; done
mount -t sysfs -o ro sysfs "$t/sys"
mount -t cgroup2 cgroup2 "$t/sys/fs/cgroup"
mount -t tmpfs -o mode=755 tmpfs "$t/dev"
mkdir "$t/dev/pts" "$t/dev/shm"
for n in null zero full random urandom tty; do touch "$t/dev/$n"; mount --bind "/dev/$n" "$t/dev/$n"; done
touch "$t/dev/console"; mount --bind "$console" "$t/dev/console"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$t/dev/pts"
ln -s pts/ptmx "$t/dev/ptmx"
mount -t tmpfs -o mode=1777 tmpfs "$t/dev/shm"
mount -t tmpfs -o mode=755 tmpfs "$t/run"
mkdir "$t/run/postgresql"; mount --bind /run/postgresql "$t/run/postgresql"
mount -t tmpfs -o mode=755 tmpfs "$t/etc/systemd/system"
ln -s /dev/null "$t/etc/systemd/system/console-getty.service"  # no terminal to log in on
mkdir -p "$base/release/upper" "$base/release/work" "$t$checkout"
mount -t overlay overlay -o "lowerdir=$checkout,upperdir=$base/release/upper,workdir=$base/release/work" "$t$checkout"
cd "$t"; mkdir oldroot; pivot_root . oldroot; umount -l /oldroot; rmdir /oldroot
exec env -i container=reporthate-test setpriv --bounding-set "$dropped" /lib/systemd/systemd --system
"""

# DEPLOY.md, sections 1, 3 and 4, with this checkout as the release.
INSTALL = """
set -eu
adduser --quiet --system --group --home /srv/reporthate reporthate
chmod 755 /srv/reporthate
install -d -o reporthate -g reporthate -m 755 /srv/reporthate/releases
install -d -m 750 -g reporthate /etc/reporthate
ln -sfn "$1" /srv/reporthate/current
install -m 755 /srv/reporthate/current/deploy/reporthate-flask /usr/local/sbin/reporthate-flask
install -m 640 -g reporthate /srv/reporthate/current/deploy/env.example /etc/reporthate/env
# A release's virtualenv is made with Debian's python3 (section 1). This checkout's may come from a
# Python under /root or /home, which the services cannot see (ProtectHome=true): in the machine (an
# overlay: the checkout is unchanged) that Python is mounted at /opt/python and the virtualenv uses it.
v=/srv/reporthate/current/.venv
python=$(readlink -f "$v/bin/python3")
case "$python" in /root/*|/home/*)
  mkdir -p /opt/python
  mount --bind "${python%/bin/*}" /opt/python
  echo /opt/python/lib > /etc/ld.so.conf.d/python.conf
  ldconfig
  ln -sfn "/opt/python/bin/${python##*/}" "$v/bin/python3"
  sed -i "s|^home = .*|home = /opt/python/bin|" "$v/pyvenv.cfg";;
esac
"""

# DEPLOY.md, sections 5 and 6, word for word.
START = """
set -eu
reporthate-flask db upgrade
reporthate-flask doctor
cd /srv/reporthate/current/deploy
cp reporthate.service reporthate-*.service reporthate-*.timer /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now reporthate reporthate-outbox.timer reporthate-retention.timer reporthate-backup.timer
"""

# One request, its status and body; an error status is an answer too, a refused connection is not.
PROBE = """
import sys, urllib.error, urllib.request
try:
    answer = urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers={"Host": sys.argv[2]}), timeout=5)
except urllib.error.HTTPError as error:
    answer = error
print(answer.status, answer.read().decode(), end="")
"""


def _cgroup_parent() -> Path:
    """This process's own cgroup in the unified (v2) hierarchy, where the machine gets a child."""
    mounts = [line.split() for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    unified = [m[4] for m in mounts if m[m.index("-") + 1] == "cgroup2" and m[3] == "/"]
    own = [line[3:] for line in Path("/proc/self/cgroup").read_text().splitlines() if line.startswith("0::")]
    if not unified or not own:
        services.unavailable("no cgroup2 hierarchy is mounted: systemd cannot run in a namespace here")
    return Path(unified[0]) / own[0].lstrip("/")


def _preconditions() -> None:
    tools = ["unshare", "nsenter", "setpriv", "adduser"]
    if not SYSTEMD.exists() or any(shutil.which(t) is None for t in tools):
        services.unavailable(f"booting the units needs {SYSTEMD} (Debian package systemd) and {', '.join(tools)}")
    if os.geteuid() != 0:
        services.unavailable("booting systemd in its own namespaces needs root: the units were not started")
    if not (SOCKET_FOLDER / ".s.PGSQL.5432").exists():
        services.unavailable(f"PostgreSQL has no local socket in {SOCKET_FOLDER}, which the units' machine uses")
    if any(str(ROOT).startswith(p) for p in ("/home/", "/root/", "/run/user/")):
        # Where the checkout lies, not a missing service: the units' ProtectHome=true hides its programs.
        pytest.skip(f"the checkout {ROOT} is under a folder the units hide (ProtectHome=true): clone it elsewhere")


class Machine:
    def __init__(self, pid: int, console: Path):
        self.pid, self.console = pid, console

    def run(self, *args: str, timeout: float = 60, namespaces=("--all",)) -> subprocess.CompletedProcess:
        return subprocess.run(["nsenter", f"--target={self.pid}", *namespaces, *args],
                              capture_output=True, text=True, timeout=timeout)

    def shell(self, script: str, *args: str, timeout: float = 90) -> str:
        result = self.run("sh", "-c", script, "sh", *args, timeout=timeout)
        assert result.returncode == 0, self.explain(result.stdout + result.stderr)
        return result.stdout

    def show(self, unit: str, prop: str) -> str:
        return self.run("systemctl", "show", unit, "-p", prop, "--value").stdout.strip()

    def explain(self, said: str) -> str:
        journal = self.run("journalctl", "--no-pager", "-n", "60", "-o", "short").stdout
        return f"{said}\n--- journal:\n{journal}\n--- console:\n{self.console.read_text()[-3000:]}"


@contextmanager
def _boot(folder: Path):
    """Starts systemd in its namespaces; yields a Machine; powers it off and checks nothing is left."""
    cgroup = _cgroup_parent() / f"reporthate-systemd-{uuid.uuid4().hex[:8]}"
    try:
        cgroup.mkdir()
    except OSError as exc:
        services.unavailable(f"cannot make a cgroup for systemd in {cgroup.parent} ({exc.strerror})")
    (folder / "root").mkdir()
    console = folder / "console.log"
    console.touch()
    dropped = ",".join(f"-{c}" for c in DROPPED)
    outer = subprocess.Popen(
        ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', str(cgroup),
         "unshare", "--mount", "--pid", "--fork", "--net", "--uts", "--ipc", "--cgroup", "--propagation", "private",
         "sh", "-c", BOOT, "boot", str(folder / "root"), str(ROOT), str(console), dropped],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    machine = None
    try:
        deadline = time.monotonic() + 30
        while machine is None or not Path(f"/proc/{machine.pid}/root/run/systemd/private").exists():
            if outer.poll() is not None:
                pytest.fail(f"systemd did not start in its namespaces: {outer.stdout.read()}")
            assert time.monotonic() < deadline, f"systemd did not start: {console.read_text()[-3000:]}"
            children = Path(f"/proc/{outer.pid}/task/{outer.pid}/children").read_text().split()
            if children and machine is None:
                machine = Machine(int(children[0]), console)
            time.sleep(0.2)
        state = machine.run("systemctl", "is-system-running", "--wait", timeout=60).stdout.strip()
        assert state in ("running", "degraded"), machine.explain(state)
        yield machine
        # systemd's own signal for "power off": in a container PID 1 then exits, and the namespace with it.
        os.kill(machine.pid, signal.SIGRTMIN + 4)
        outer.wait(timeout=60)
    finally:
        if outer.poll() is None:
            if machine is not None:
                os.kill(machine.pid, signal.SIGKILL)  # the PID namespace's init: everything in it goes too
            outer.kill()
            outer.wait(timeout=30)
        outer.stdout.close()
        _remove(cgroup)


def _remove(cgroup: Path) -> None:
    """Removes the machine's cgroups, which only empty cgroups allow: so nothing was left running."""
    deadline = time.monotonic() + 10
    for path in sorted((p for p in cgroup.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True) + [cgroup]:
        while True:
            try:
                path.rmdir()
                break
            except OSError:
                running = (path / "cgroup.procs").read_text().split()
                assert time.monotonic() < deadline, f"left running in {path}: {running}"
                time.sleep(0.1)

def _env_file(database_url: str) -> str:
    """/etc/reporthate/env as DEPLOY.md section 4 has it filled in: the example with fresh secrets,
    the database's local socket and the organisation's details."""
    values = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        **ORGANISATION_ENV,
    }
    text = (ROOT / "deploy" / "env.example").read_text()
    for name, value in values.items():
        text, count = re.subn(rf"^{name}=.*$", f"{name}={value}", text, flags=re.M)
        assert count == 1, name
    return text


def _timer_schedules(unit: Path) -> list[str]:
    """The [Timer] schedules of a shipped timer as `systemctl show` names them (OnBootSec= is OnBootUSec=)."""
    found = re.findall(r"^(On\w+?)(Sec)?=(.+)$", unit.read_text(), re.M)
    return [f"{name}{'USec' if sec else ''}={value.strip()}" for name, sec, value in found]


def test_systemd_starts_the_shipped_units(tmp_path):
    _preconditions()
    url, schema = services.postgres_schema_url()
    # The same database and schema, over the local socket (trust for local connections, as in CI).
    parsed = make_url(url)
    socket_url = parsed.set(host=None, port=None).update_query_dict({"host": "/var/run/postgresql"})
    try:
        with _boot(tmp_path) as machine:
            machine.shell(INSTALL, str(ROOT))
            env = _env_file(socket_url.render_as_string(hide_password=False))
            Path(f"/proc/{machine.pid}/root/etc/reporthate/env").write_text(env)
            machine.shell(START)

            assert machine.show("reporthate.service", "ActiveState") == "active", machine.explain("")
            # gunicorn's own address, asked from inside the machine's network with the site's name.
            site = re.search(r"^SITE_URL=https://(.+)$", env, re.M).group(1)
            for _ in range(100):
                health = machine.run(sys.executable, "-c", PROBE, "http://127.0.0.1:8000/healthz", site,
                                     namespaces=("--net",))
                if health.returncode == 0:
                    break
                assert machine.show("reporthate.service", "ActiveState") == "active", machine.explain(health.stderr)
                time.sleep(0.2)
            assert health.stdout == "200 ok\n", machine.explain(health.stdout + health.stderr)
            assert machine.show("reporthate.service", "NRestarts") == "0", machine.explain("")

            outbox = machine.run("systemctl", "start", "reporthate-outbox.service")
            assert outbox.returncode == 0, machine.explain(outbox.stderr)
            assert machine.show("reporthate-outbox.service", "Result") == "success"
            said = machine.run("journalctl", "-u", "reporthate-outbox.service", "-o", "cat", "--no-pager").stdout
            assert "Delivered 0, will retry 0, gave up on 0." in said, said

            for timer in sorted((ROOT / "deploy").glob("*.timer")):
                assert machine.show(timer.name, "ActiveState") == "active", machine.explain(timer.name)
                loaded = machine.show(timer.name, "TimersCalendar") + machine.show(timer.name, "TimersMonotonic")
                for schedule in _timer_schedules(timer):
                    assert f"{{ {schedule} ;" in loaded, (timer.name, schedule, loaded)
    finally:
        services.drop_postgres_schema(schema)
