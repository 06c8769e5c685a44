"""Real services for the tests: PostgreSQL, Redis and Chromium.

On a developer's machine without them those tests skip and say why. With REQUIRE_SERVICES=1
(as CI sets) a missing service fails the run instead, so CI can never pass by skipping.
"""
import os
import shutil
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def unavailable(reason: str):
    """Skip, or fail when the run requires every service."""
    if required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this may not skip)", pytrace=False)
    pytest.skip(reason)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_schema_url() -> tuple[str, str]:
    """A fresh schema in the test database, so runs never see each other's tables."""
    import sqlalchemy as sa

    if not _port_open("127.0.0.1", 5432) and "127.0.0.1:5432" in POSTGRES_URL:
        unavailable("PostgreSQL is not reachable at 127.0.0.1:5432; skipping PostgreSQL tests")
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
    except Exception as exc:  # any connection failure means the service is not there
        unavailable(f"PostgreSQL is not usable ({type(exc).__name__}); skipping PostgreSQL tests")
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}", schema


def drop_postgres_schema(schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception as exc:  # any failure means no usable Redis
        unavailable(f"Redis is not reachable at {REDIS_URL} ({type(exc).__name__}); skipping Redis tests")
    return REDIS_URL


def chromium_path() -> str:
    if not os.path.exists(CHROMIUM):
        unavailable("Chromium is not installed (apt-get install chromium); skipping browser tests")
    return CHROMIUM


def free_port() -> int:
    """A loopback port nothing listens on: for a server a test starts, or one that must refuse."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def silent_server():
    """A loopback port that accepts connections and never answers: a service that has hung, or a
    host cut off without a reset. The kernel completes each connection; nothing reads or replies."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def finishes(work, seconds: float = 60) -> None:
    """Runs `work` in a thread and fails if it is still running after `seconds`: for a page that
    must not hang, where a hang would otherwise hold the whole test run."""
    errors = []

    def run():
        try:
            work()
        except BaseException as exc:  # noqa: BLE001  (reported below, in the test's thread)
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=seconds)
    assert not worker.is_alive(), f"still waiting after {seconds} s"
    if errors:
        raise errors[0]


def wait_for(port: int, proc, what: str, log: Path | None = None) -> None:
    """Until a server the test started answers on its port; its last words (log, or stderr) if it exits."""
    for _ in range(300):
        if proc.poll() is not None:
            said = (log.read_text() if log and log.exists() else proc.stderr.read().decode() if proc.stderr else "")[-2000:]
            raise AssertionError(f"{what} on {port} exited: {said}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} on {port} did not start")
