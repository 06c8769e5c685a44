"""Encryption at rest for anything a person typed or anything that could identify them.

MultiFernet over app.config["DATA_ENCRYPTION_KEYS"]: the first key encrypts, every key decrypts,
so a new key can be put first and old rows re-encrypted with `flask keys rotate`.
"""
import math
from collections import Counter

import click
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import LargeBinary, Text, select
from sqlalchemy.types import TypeDecorator


def split_keys(keys) -> list[str]:
    """DATA_ENCRYPTION_KEYS as a list, newest first, from a list or a comma-separated string."""
    if isinstance(keys, str):
        return [k.strip() for k in keys.split(",") if k.strip()]
    return list(keys or [])


def valid_key(key) -> bool:
    """True when `key` is a Fernet key: 32 bytes, URL-safe base64."""
    try:
        Fernet(key)
    except (ValueError, TypeError):
        return False
    return True


# Secrets published with the project (deploy/env.example, the test configuration): a site using one
# would be signing its cookies with a key anyone can read.
PUBLISHED_SECRETS = frozenset({"change-me-to-64-random-characters", "test-secret-key-not-for-production"})
# A rough floor: the secret's length times the Shannon entropy of its characters. Typed or patterned
# secrets ("x" * 40, a repeated word) fall far below it; `secrets.token_urlsafe(48)` gives over 300.
MIN_SECRET_BITS = 128
GENERATE_SECRET = 'python3 -c "import secrets; print(secrets.token_urlsafe(48))"'


def weak_secret(value: str | None) -> str | None:
    """Why `value` may not sign a production site's cookies, or None when it may."""
    value = value or ""
    if value in PUBLISHED_SECRETS or "change-me" in value.lower() or "changeme" in value.lower():
        return "is a placeholder published with the project"
    if len(value) < 32:
        return "is shorter than 32 characters"
    if any(value == (value[:size] * (len(value) // size + 1))[:len(value)] for size in range(1, len(value) // 2 + 1)):
        return "repeats a shorter string"
    counts = Counter(value)
    bits = -sum(n * math.log2(n / len(value)) for n in counts.values())
    if bits < MIN_SECRET_BITS:
        return f"is too easy to guess (about {bits:.0f} bits; at least {MIN_SECRET_BITS} are needed)"
    return None


def _fernet() -> MultiFernet:
    keys = split_keys(current_app.config["DATA_ENCRYPTION_KEYS"])
    cache = current_app.extensions.setdefault("crypto", {})
    key = tuple(keys)
    if key not in cache:
        cache.clear()
        cache[key] = MultiFernet([Fernet(k) for k in keys])
    return cache[key]


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode("ascii")).decode("utf-8")


def encrypt_bytes(plain: bytes) -> bytes:
    return _fernet().encrypt(plain)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(bytes(token))


def rotate(token: str | bytes) -> str | bytes:
    """The same value, encrypted again under the first (newest) key (a text or a binary column's token)."""
    if isinstance(token, (bytes, memoryview)):
        return _fernet().rotate(bytes(token))
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


class Encrypted(TypeDecorator):
    """A text column stored as a Fernet token. Python sees the plain text; the database never does."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return encrypt(str(value))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return decrypt(value)


class EncryptedBytes(TypeDecorator):
    """A binary column (an image) stored as a Fernet token, under the same keys as the text."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return encrypt_bytes(bytes(value))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return decrypt_bytes(value)


# Tables and columns that hold Encrypted (or EncryptedBytes) values, filled in by each feature's models.
ENCRYPTED_COLUMNS: dict[str, tuple[str, ...]] = {}


BINARY_COLUMNS: set[tuple[str, str]] = set()


def register_encrypted(table: str, *columns: str, binary: tuple[str, ...] = ()) -> None:
    ENCRYPTED_COLUMNS[table] = columns + binary
    BINARY_COLUMNS.update((table, column) for column in binary)


def rotate_all(session) -> int:
    """Re-encrypt every registered column under the newest key. Returns the number of values."""
    import sqlalchemy as sa

    count = 0
    for table_name, columns in ENCRYPTED_COLUMNS.items():
        table = sa.table(table_name, sa.column("id"), *(
            sa.column(c, LargeBinary if (table_name, c) in BINARY_COLUMNS else Text) for c in columns))
        for row in session.execute(select(table)).mappings():
            values = {c: rotate(row[c]) for c in columns if row[c] is not None}
            if values:
                session.execute(sa.update(table).where(table.c.id == row["id"]).values(**values))
                count += len(values)
    session.commit()
    return count


keys_cli = AppGroup("keys", help="Data encryption keys.")


@keys_cli.command("rotate")
def rotate_command():
    """Re-encrypt stored answers under the first key in DATA_ENCRYPTION_KEYS.

    Put the new key first, keep the old ones after it, run this, then remove the old keys.
    """
    from .extensions import db

    try:
        count = rotate_all(db.session)
    except InvalidToken:
        raise click.ClickException("A stored value could not be decrypted with any configured key.") from None
    click.echo(f"Re-encrypted {count} values under the newest key.")
