"""Keep client addresses, secrets in paths and query strings out of every request log the site writes.

Two servers log requests: the development server (Werkzeug) and gunicorn in production (its access
log format is set in deploy/reporthate.service, with `--logger-class app.core.logs.AccessLogger`).
Both pass their request line through `loggable()`, the one rule for what a logged path may show.
"""
import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

LEADING_ADDRESS = re.compile(r"^\S+ - - \[")
# A staff set-up link is a password until it is used; a report reference identifies one report.
SECRET_IN_PATH = re.compile(r"(/staff/set-up/)[^/?#\s\"]+", re.I)
REFERENCE = re.compile(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}", re.I)
# Query strings hold what a person typed into a GET form (a postcode in the centre finder).
QUERY = re.compile(r"\?[^\s\"]*")


def loggable(text: str) -> str:
    """A request line or path as it may be logged: secrets redacted, query string dropped."""
    text = SECRET_IN_PATH.sub(r"\1[redacted]", text)
    text = REFERENCE.sub("HC-[redacted]", text)
    return QUERY.sub("", text)


class DropAddress(logging.Filter):
    """Werkzeug writes '<address> - - [date] "request"'; the address becomes '-' and the request
    line passes through `loggable()`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            message = record.getMessage()
            if LEADING_ADDRESS.match(message):
                record.msg = loggable(LEADING_ADDRESS.sub("- - - [", message))
                record.args = ()
        return True


def hide_addresses() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropAddress) for f in logger.filters):
        logger.addFilter(DropAddress())


class AccessLogger(GunicornLogger):
    """gunicorn's logger with the request line and paths passed through `loggable()`, so whatever
    access log format an operator chooses, it cannot show a set-up token, a reference or a query."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Request headers and the environment hold the address (X-Forwarded-For, REMOTE_ADDR), the
        # user agent and the referrer: none of them is ever logged, whatever the format asks for
        # (a missing atom is written as '-').
        atoms = {k: v for k, v in atoms.items() if not (k.endswith("}i") or k.endswith("}e"))}
        atoms.update(h="-", a="-", f="-", q="-", r=loggable(atoms["r"]), U=loggable(atoms["U"] or ""))
        return atoms
