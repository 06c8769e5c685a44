"""How the site's database connections are set up, and the one kind of commit that need not wait for the disk.

Every commit waits until the database has its data on disk (SQLite synchronous=FULL, PostgreSQL's
default synchronous_commit=on): a report, once its reference is shown, survives even a power cut.

A campaign click is different: there are many of them, each is committed before its redirect, and
losing the last moment of them in a power cut costs a few counts, nobody's report. So a click is
committed with commit_without_disk_wait(): it survives the server process being killed
(tests/test_click_crash.py), not the machine losing power before the disk catches up.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

# SQLite has one write lock; a writer that finds it taken waits up to this long before it fails.
# With BEGIN IMMEDIATE (report submission), SQLite's own wait is the queue of writers.
BUSY_TIMEOUT_SECONDS = 5.0

_RELAXED = "synchronous_normal"  # set in a pooled SQLite connection's info while it commits without waiting


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers and one writer work together; the busy timeout waits instead of failing."""
    if not _is_sqlite(dbapi_connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


@event.listens_for(Engine, "checkin")
def _sqlite_back_to_full(dbapi_connection, connection_record):
    """A connection goes back to the pool waiting for the disk again, before anyone else can use it."""
    if dbapi_connection is not None and connection_record.info.pop(_RELAXED, False):
        dbapi_connection.execute("PRAGMA synchronous=FULL")


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def commit_without_disk_wait(*rows) -> None:
    """Adds `rows` to db.session and commits them without waiting for the disk.

    PostgreSQL: `SET LOCAL synchronous_commit = off` for this transaction only; the commit returns
    once the server has the data in memory, and it reaches the disk a moment later.
    SQLite: `PRAGMA synchronous=NORMAL` for this commit (in WAL mode the commit is in the log file,
    which a killed process cannot undo); the pragma is per connection, so the pool sets FULL again
    as the connection comes back (_sqlite_back_to_full). SQLite refuses to change it inside a
    transaction, so call this before anything else is written in the session's transaction.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
    elif connection.dialect.name == "sqlite":
        connection.connection.info[_RELAXED] = True
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
    db.session.add_all(rows)
    db.session.commit()
