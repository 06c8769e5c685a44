"""DEPLOY.md section 12 on loopback: PostgreSQL 15 and Redis 7 reachable over TLS with passwords, set up
with the section's own lines (read from DEPLOY.md; only addresses, ports and paths change), and the
app run against them with the section's two addresses.

The section's openssl commands make the CA and the certificate. The test starts a throwaway
PostgreSQL cluster (Debian's initdb and pg_ctl, as `postgres` when run as root) and a redis-server of
its own, on free ports; it never touches the machine's own PostgreSQL or Redis. Then: migrations,
`flask doctor`, a report sent through gunicorn is stored and counted in that Redis, and a backup is
written. What must be refused is: a plain connection to PostgreSQL, Redis without the password or
without TLS, and either server's certificate checked against another CA.
"""
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest
import redis
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet

from . import services
from .certificates import self_signed
from .conftest import production_env
from .http_client import HttpClient
from .report_helpers import VICTIM, sent_through_server, walk
from .services import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
NAME = "reporthate.example.org"
DB_HOST, APP_HOST = "10.0.0.11", "10.0.0.10"  # section 12's database host and first app host


def _section_12() -> list[str]:
    """The code blocks of DEPLOY.md section 12, in order."""
    text = (ROOT / "DEPLOY.md").read_text()
    section = text[text.index("## 12. A second app host"):text.index("## 13.")]
    return [re.sub(r"^ {3}", "", block, flags=re.M) for block in re.findall(r"```[a-z]*\n(.*?)```", section, re.S)]


def _block(blocks: list[str], marker: str) -> str:
    found = [block for block in blocks if marker in block]
    assert len(found) == 1, f"DEPLOY.md section 12 has {len(found)} blocks with {marker!r}"
    return found[0]


def _certificates(folder: Path, blocks: list[str]) -> None:
    """Section 12's CA and database host certificate, made by its own openssl commands in `folder`
    (ca.pem, db.pem, db.key) for the test's address."""
    if shutil.which("openssl") is None:
        services.unavailable("openssl is not installed (Debian package openssl); skipping section 12's TLS set-up")
    commands = _block(blocks, "openssl req -x509").replace("\\\n", " ")
    for line in commands.splitlines():
        if line.startswith("openssl "):
            done = subprocess.run(line.replace(DB_HOST, "127.0.0.1"), shell=True, cwd=folder, capture_output=True,
                                  text=True, timeout=30)
            assert done.returncode == 0, f"{line}: {done.stderr}"


def _as(user: str | None) -> list[str]:
    """The start of a PostgreSQL program's command line: as the cluster's owner (PostgreSQL refuses to
    run as root) when the test runs as root."""
    return ["runuser", "-u", user, "--"] if user else []


def _run(command: list[str], user: str | None) -> subprocess.CompletedProcess:
    done = subprocess.run([*_as(user), *command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{command[-3:]} failed: {done.stdout}{done.stderr}"
    return done


def _postgres(folder: Path, user: str | None, blocks: list[str], cert: Path, key: Path, password: str) -> int:
    """A cluster in folder/data with section 12's postgresql.conf lines, pg_hba lines and password."""
    port = free_port()
    data = folder / "data"
    _run([str(PG_BIN / "initdb"), "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C", "-D", str(data)],
         user)
    conf = _block(blocks, "ssl_cert_file").replace(f"'localhost,{DB_HOST}'", "'127.0.0.1'")
    conf = conf.replace("/etc/postgresql/15/main/db.pem", str(cert)).replace("/etc/postgresql/15/main/db.key", str(key))
    assert DB_HOST not in conf and "/etc/" not in conf, conf
    with open(data / "postgresql.conf", "a") as out:
        # The throwaway cluster's own port and socket folder (never the machine's cluster), then section 12.
        out.write(f"port = {port}\nunix_socket_directories = '{folder}'\n{conf}")
    hba = _block(blocks, "hostssl").replace(f"{APP_HOST}/32", "127.0.0.1/32")
    hba = "\n".join(line for line in hba.splitlines() if "10.0.0." not in line)
    # Only the cluster's user on its private socket (as Debian's own "peer" line), and section 12:
    # nothing else, so no plain TCP connection can match.
    (data / "pg_hba.conf").write_text(f"local all all peer\n{hba}\n")
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "postgres.log"), "-w", "-t", "30", "start"],
         user)
    psql = [str(PG_BIN / "psql"), "-v", "ON_ERROR_STOP=1", "-h", str(folder), "-p", str(port), "-d", "postgres"]
    # DEPLOY.md section 2 makes the role and its database, section 12 gives the role its password.
    _run([*psql, "-c", "CREATE ROLE reporthate LOGIN", "-c", "CREATE DATABASE reporthate OWNER reporthate"], user)
    command = re.search(r'psql -c "(ALTER ROLE reporthate PASSWORD \'<postgres-password>\')"',
                        _block(blocks, "ALTER ROLE")).group(1)
    _run([*psql, "-c", command.replace("<postgres-password>", password)], user)
    return port


def _redis(folder: Path, blocks: list[str], cert: Path, key: Path, ca: Path, password: str):
    server = shutil.which("redis-server")
    if server is None:
        services.unavailable("redis-server is not installed (Debian package redis-server); skipping section 12")
    port = free_port()
    conf = _block(blocks, "tls-port").replace(f"bind 127.0.0.1 {DB_HOST}", "bind 127.0.0.1")
    conf = conf.replace("tls-port 6379", f"tls-port {port}").replace("<redis-password>", password)
    conf = conf.replace("/etc/redis/db.pem", str(cert)).replace("/etc/redis/db.key", str(key))
    conf = conf.replace("/etc/redis/ca.pem", str(ca))
    assert DB_HOST not in conf and "/etc/" not in conf, conf
    # Section 12's lines, after what a throwaway server needs: its own folder, nothing on disk.
    (folder / "redis.conf").write_text(f'dir {folder}\nsave ""\nappendonly no\n{conf}')
    log = folder / "redis.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([server, str(folder / "redis.conf")], stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            services.wait_for(port, proc, "redis-server", log)
        except AssertionError:
            said = log.read_text() if log.exists() else ""
            if "tls-port" in said and "Bad directive" in said:
                services.unavailable("this redis-server was built without TLS; skipping section 12's TLS set-up")
            raise
    except BaseException:
        _stop(proc)
        raise
    return proc, port


def _stop(proc) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _address(value: str, password: str, port: int, ca: Path) -> str:
    """One of section 12's two addresses, with the test's password, port and CA file."""
    placeholder = "<postgres-password>" if value.startswith("postgresql") else "<redis-password>"
    value = value.replace(placeholder, password).replace("/etc/reporthate/ca.pem", str(ca))
    value = value.replace(f"@{DB_HOST}:6379/", f"@127.0.0.1:{port}/").replace(f"@{DB_HOST}/", f"@127.0.0.1:{port}/")
    assert DB_HOST not in value and "<" not in value and "/etc/" not in value, value
    return value


@pytest.fixture(scope="module")
def second_host():
    if not (PG_BIN / "initdb").exists():
        services.unavailable("PostgreSQL 15's server programs are not installed (Debian package postgresql-15); "
                             "skipping section 12's TLS set-up")
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            services.unavailable("running as root without a `postgres` user to run PostgreSQL as")
    blocks = _section_12()
    folder = Path(tempfile.mkdtemp(prefix="second-host-"))
    pg_folder = folder / "postgres"
    user = owner.pw_name if owner else None
    redis_proc = gunicorn = None
    try:
        certs = folder / "certs"
        certs.mkdir()
        _certificates(certs, blocks)
        ca, cert, key = certs / "ca.pem", certs / "db.pem", certs / "db.key"
        other = folder / "other"
        other.mkdir()
        other_ca = self_signed(other, "127.0.0.1")[0]  # a certificate our CA never signed
        pg_folder.mkdir(mode=0o700)
        pg_cert, pg_key = pg_folder / "db.pem", pg_folder / "db.key"
        shutil.copy(cert, pg_cert)
        shutil.copy(key, pg_key)
        if owner:  # section 12's `install -o postgres -m 600`: PostgreSQL wants a key only its owner reads
            folder.chmod(0o711)
            for path in (pg_folder, pg_cert, pg_key):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        # Made as section 4 says.
        pg_password, redis_password = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        pg_port = _postgres(pg_folder, user, blocks, pg_cert, pg_key, pg_password)
        redis_proc, redis_port = _redis(folder, blocks, cert, key, ca, redis_password)
        settings = dict(line.split("=", 1) for line in _block(blocks, "DATABASE_URL=").splitlines())
        database_url = _address(settings["DATABASE_URL"], pg_password, pg_port, ca)
        redis_url = _address(settings["RATELIMIT_STORAGE_URI"], redis_password, redis_port, ca)
        data_key = Fernet.generate_key().decode()
        env = production_env(folder / "instance", DATA_ENCRYPTION_KEYS=data_key, DATABASE_URL=database_url,
                             RATELIMIT_STORAGE_URI=redis_url)
        flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
        upgrade = subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True,
                                 timeout=120)
        assert upgrade.returncode == 0, upgrade.stderr[-3000:]
        doctor = subprocess.run([*flask, "doctor"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        app_port = free_port()
        gunicorn_log = folder / "gunicorn.log"
        with open(gunicorn_log, "wb") as out:
            gunicorn = subprocess.Popen([str(VENV_BIN / "gunicorn"), "--workers", "1", "--bind",
                                         f"127.0.0.1:{app_port}", "wsgi:app"], cwd=ROOT, env=env, stdout=out,
                                        stderr=subprocess.STDOUT)
        services.wait_for(app_port, gunicorn, "gunicorn", gunicorn_log)
        yield {"env": env, "folder": folder, "database_url": database_url, "redis_url": redis_url,
               "doctor": doctor, "key": data_key,
               "app": f"http://127.0.0.1:{app_port}", "pg_port": pg_port, "redis_port": redis_port,
               "pg_password": pg_password, "redis_password": redis_password, "ca": ca, "other_ca": other_ca}
    finally:
        if gunicorn is not None:
            _stop(gunicorn)
        if redis_proc is not None:
            _stop(redis_proc)
        if (pg_folder / "data" / "postmaster.pid").exists():
            subprocess.run([*_as(user), str(PG_BIN / "pg_ctl"), "-D", str(pg_folder / "data"), "-m", "immediate",
                            "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_app_runs_on_section_12s_tls_postgres_and_redis(second_host):
    doctor = second_host["doctor"]
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    for line in ("OK    database: connected (postgresql)", "OK    redis: rate-limit store answers"):
        assert line in doctor.stdout, doctor.stdout
    assert "OK    migrations: database is at" in doctor.stdout, doctor.stdout

    client = HttpClient(second_host["app"], host=NAME)
    walk(client, VICTIM)
    reference = sent_through_server(client)

    engine = sa.create_engine(second_host["database_url"])
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT reference, description FROM report")).all()
        over_tls = conn.execute(sa.text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar()
    engine.dispose()
    assert over_tls is True
    assert [row[0] for row in rows] == [reference]
    assert "MARKER-7731" in MultiFernet([Fernet(second_host["key"])]).decrypt(rows[0][1].encode()).decode()

    # The send was counted in this Redis (read back over TLS with the same address), not in the
    # worker's memory, where the site would count if it could not reach Redis.
    store = redis.Redis.from_url(second_host["redis_url"])
    counts = {name.decode(): store.get(name) for name in store.keys("*report-send*")}
    store.close()
    assert counts and set(counts.values()) == {b"1"}, counts  # each of the send's limits, counted once

    # The nightly backup (DEPLOY.md section 9) reaches the database with the same address: pg_dump over TLS.
    backup = subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "backup", "write",
                             str(second_host["folder"] / "backups")], cwd=ROOT, env=second_host["env"],
                            capture_output=True, text=True, timeout=60)
    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert "Backup written" in backup.stdout


def test_postgres_refuses_a_plain_connection(second_host):
    plain = f"host=127.0.0.1 port={second_host['pg_port']} dbname=reporthate user=reporthate " \
            f"password={second_host['pg_password']} connect_timeout=5"
    with pytest.raises(psycopg.OperationalError, match="no pg_hba.conf entry.*no encryption"):
        psycopg.connect(plain + " sslmode=disable").close()
    with psycopg.connect(plain + " sslmode=require") as conn:  # the same, encrypted, is let in
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(plain.replace(second_host["pg_password"], "wrong") + " sslmode=require").close()


def test_postgres_verify_full_checks_the_certificate_against_the_ca(second_host):
    url = sa.make_url(second_host["database_url"])
    assert url.query["sslmode"] == "verify-full"
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()
    engine = sa.create_engine(url.update_query_dict({"sslrootcert": str(second_host["other_ca"])}))
    with pytest.raises(sa.exc.OperationalError, match="certificate verify failed"):
        engine.connect()
    engine.dispose()


def test_redis_refuses_without_the_password_tls_or_the_right_ca(second_host):
    url = second_host["redis_url"]
    assert redis.Redis.from_url(url).ping() is True
    without_password = url.replace(f":{second_host['redis_password']}@", "")
    with pytest.raises(redis.AuthenticationError):
        redis.Redis.from_url(without_password).ping()
    with pytest.raises(redis.AuthenticationError):
        redis.Redis.from_url(url.replace(second_host["redis_password"], "wrong")).ping()
    plain = f"redis://:{second_host['redis_password']}@127.0.0.1:{second_host['redis_port']}/0"
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(plain, socket_timeout=5).ping()
    with pytest.raises(redis.ConnectionError, match="certificate verify failed"):
        redis.Redis.from_url(url.replace(str(second_host["ca"]), str(second_host["other_ca"]))).ping()
