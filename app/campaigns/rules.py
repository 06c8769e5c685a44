"""What a campaign code and a landing page may be.

Where a link may go
    Only to a page of this site: see is_safe_landing_path(). It is checked when a campaign is
    saved and again on every redirect, so a bad row in the database can never send anyone away.
"""
import re

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,22}[a-z0-9]$")
CODE_MAX = 24
PATH_MAX = 200

# A landing page is a path on this site: ASCII letters, digits, - . _ ~ and /, and an optional
# query of the same characters with = and &. No %, so no encoded tricks; no \\, :, @, # or spaces.
_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
_QUERY_CHARS = _PATH_CHARS | frozenset("=&")


def is_safe_landing_path(value) -> bool:
    """True only for a local path such as "/how-to-report" or "/?lang=pl".

    Refuses absolute and scheme-relative addresses ("https://x", "//x"), backslashes ("/\\x"),
    percent-encoding of any kind ("/%2F%2Fx", "/%5Cx"), control characters, whitespace, "." and
    ".." segments, and anything over 200 characters.
    """
    if not isinstance(value, str) or not value or len(value) > PATH_MAX:
        return False
    path, _sep, query = value.partition("?")
    if not path.startswith("/") or "//" in path:
        return False
    if not set(path) <= _PATH_CHARS or not set(query) <= _QUERY_CHARS:
        return False
    return not any(segment in (".", "..") for segment in path.split("/"))


def is_valid_code(value) -> bool:
    return isinstance(value, str) and bool(CODE.match(value))


def clean_code(raw: str) -> str:
    """A code as typed, made safe to store: lower case, only letters, digits and hyphens, 24 at most."""
    return re.sub(r"[^a-z0-9-]", "", (raw or "").lower())[:CODE_MAX]
