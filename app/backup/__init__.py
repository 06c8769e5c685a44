"""`flask backup write` and `flask backup restore`: the database to a file and back.

PostgreSQL goes through pg_dump/pg_restore (Debian package postgresql-client, same major version
as the server or newer); an SQLite database through SQLite's own online backup, so a copy taken
while the site writes is whole. A backup holds reports as they are stored: free text and contact
details encrypted. The keys are never in it: kept apart (DEPLOY.md, "Backups"), a stolen backup
reveals nothing a person typed, and a lost key cannot be brought back from one.
"""
import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.engine import make_url

from ..core import clock
from ..extensions import db


def _libpq(url):
    """A PostgreSQL address as pg_dump reads it, and the password kept out of the process list."""
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _sqlite_copy(source_path, target_path) -> None:
    with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target_path)) as target:
        source.backup(target)


def write(folder: Path) -> Path:
    """Writes a backup of the configured database into `folder`, readable by its owner only."""
    url = make_url(str(current_app.config["SQLALCHEMY_DATABASE_URI"]))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    old_umask = os.umask(0o077)
    try:
        if url.get_backend_name() == "postgresql":
            target = folder / f"reporthate-{stamp}.dump"
            address, env = _libpq(url)
            try:
                subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), address],
                               env=env, check=True, capture_output=True, text=True)
            except (OSError, subprocess.CalledProcessError):
                target.unlink(missing_ok=True)  # never leave half a backup that looks whole
                raise
        elif url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            target = folder / f"reporthate-{stamp}.sqlite"
            _sqlite_copy(url.database, target)
        else:
            raise click.ClickException(f"cannot back up a {url.get_backend_name()} database held in memory")
    finally:
        os.umask(old_umask)
    return target


def restore(backup: Path) -> None:
    """Loads `backup` into the configured database, which must be new and empty."""
    url = make_url(str(current_app.config["SQLALCHEMY_DATABASE_URI"]))
    with db.engine.connect() as conn:
        tables = set(db.inspect(conn).get_table_names())
    db.engine.dispose()
    if tables:
        raise click.ClickException("the database in DATABASE_URL is not empty: restore into a new one")
    if url.get_backend_name() == "postgresql":
        address, env = _libpq(url)
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                        "--dbname", address, str(backup)], env=env, check=True, capture_output=True, text=True)
    else:
        _sqlite_copy(backup, url.database)


def prune(folder: Path, keep_days: int) -> int:
    """Deletes this command's backups in `folder` older than `keep_days`. Returns how many."""
    cutoff = clock.now().timestamp() - keep_days * 24 * 60 * 60
    gone = 0
    for path in folder.glob("reporthate-*"):
        if path.suffix in (".dump", ".sqlite") and path.stat().st_mtime < cutoff:
            path.unlink()
            gone += 1
    return gone


def register(app: Flask) -> None:
    group = AppGroup("backup", help="Back the database up to a file, and restore one.")

    @group.command("write")
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--keep-days", type=int, default=0, help="Also delete this folder's backups older than this.")
    def write_command(folder: Path, keep_days: int):
        """Write a backup of DATABASE_URL's database into FOLDER (the keys are not in it)."""
        try:
            target = write(folder)
        except subprocess.CalledProcessError as exc:
            raise click.ClickException(f"pg_dump failed: {exc.stderr.strip()}") from None
        except FileNotFoundError:
            raise click.ClickException("pg_dump is not installed (Debian package postgresql-client)") from None
        click.echo(f"Backup written: {target} ({target.stat().st_size} bytes)")
        if keep_days:
            click.echo(f"Older backups deleted: {prune(folder, keep_days)}")

    @group.command("restore")
    @click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def restore_command(backup: Path):
        """Load BACKUP into DATABASE_URL's database, which must be new and empty. Then run
        `flask doctor`: it proves the configured keys still open the restored reports."""
        try:
            restore(backup)
        except subprocess.CalledProcessError as exc:
            raise click.ClickException(f"pg_restore failed: {exc.stderr.strip()}") from None
        except FileNotFoundError:
            raise click.ClickException("pg_restore is not installed (Debian package postgresql-client)") from None
        click.echo(f"Restored {backup}. Now run `flask doctor` to check the keys open the data.")

    app.cli.add_command(group)
