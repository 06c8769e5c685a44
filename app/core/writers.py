"""Report submissions on SQLite wait their turn at a lock file, not in SQLite's busy handler.

SQLite has one write lock. A writer that finds it taken sleeps and tries again after a wait that
grows quickly to 25, 50 and 100 milliseconds (its busy handler), so in a burst of reports a few
wait far longer than the lock is ever held: that was most of the slowest 1% of submissions. Here a
writer first takes an exclusive lock on a file beside the database (flock), tried every
millisecond. The lock is released when the transaction ends, or by the kernel if the process dies.
After WAIT_SECONDS without it the writer goes on anyway and SQLite's own locking decides, as before
(only when something holds the write lock that long can a writer now wait up to twice as long
before the "try again" page).
"""
import contextlib
import fcntl
import time
from pathlib import Path

from sqlalchemy.engine import Engine

BUSY_TIMEOUT_SECONDS = 5.0  # SQLite's own wait for its write lock (set on every connection, app/__init__.py)
POLL_SECONDS = 0.001
WAIT_SECONDS = BUSY_TIMEOUT_SECONDS


def sqlite_file(engine: Engine) -> str | None:
    """The database file of an SQLite engine; None for other databases and in-memory ones."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return None
    return engine.url.database


def lock_path(engine: Engine) -> Path | None:
    """The writers' lock file beside an SQLite database file; None where there is no such file."""
    database = sqlite_file(engine)
    return Path(database + "-writers.lock") if database else None


@contextlib.contextmanager
def turn(engine: Engine):
    """Holds this database's writers' lock for the block (nothing on databases that need none)."""
    path = lock_path(engine)
    if path is None:
        yield
        return
    with open(path, "a") as handle:
        held = _take(handle)
        try:
            yield
        finally:
            if held:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _take(handle) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)
