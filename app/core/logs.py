"""Keep client addresses out of every log: the development server writes one per request otherwise."""
import logging
import re

LEADING_ADDRESS = re.compile(r"^\S+ - - \[")


class DropAddress(logging.Filter):
    """Werkzeug writes '<address> - - [date] "request"'; the address becomes '-'."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = LEADING_ADDRESS.sub("- - - [", record.msg)
        return True


def hide_addresses() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropAddress) for f in logger.filters):
        logger.addFilter(DropAddress())
