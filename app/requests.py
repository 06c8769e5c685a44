"""The site's request class: how large a request may be, and where uploaded files are held.

Every page refuses a body over MAX_CONTENT_LENGTH (256 KB), except a route registered here for
files, which gets its own limit. Uploaded files are parsed into memory (bounded by that limit), never
spooled to a temporary file: an original photo, with whatever its metadata holds, never reaches a
disk of ours before it is re-encoded.
"""
import io
from collections.abc import Callable

import flask

# endpoint -> a function of the view's arguments that gives that request's limit (None: the default)
UPLOAD_LIMITS: dict[str, Callable[[dict], int | None]] = {}


def allow_uploads(endpoint: str, limit_for: Callable[[dict], int | None]) -> None:
    UPLOAD_LIMITS[endpoint] = limit_for


class Request(flask.Request):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self.endpoint in UPLOAD_LIMITS:
            limit = UPLOAD_LIMITS[self.endpoint](self.view_args or {})
            if limit is not None:
                return limit
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return io.BytesIO()
