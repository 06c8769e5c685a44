"""Extensions are created here and attached in create_app, so features import them without cycles."""
import functools
import hashlib
import hmac

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter, RateLimitExceeded
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints make migrations portable between SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def rate_limit_key() -> str:
    return address_key(request.remote_addr)


def address_key(address: str | None) -> str:
    """A per-client key for rate limits that is never stored as an address.

    The address is only ever held as an HMAC under the app's secret, so the limiter's storage
    (memory or Redis) holds an opaque value.
    """
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"ratelimit:" + (address or "unknown").encode(), hashlib.sha256).hexdigest()[:32]


db = SQLAlchemy(metadata=metadata)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
# Only a few views have a limit (see rate_limited): the limiter is not asked on every request,
# which cost every page of the site about a sixth of its time for nothing.
limiter = Limiter(key_func=rate_limit_key, default_limits=[], auto_check=False)


def rate_limited(limit, scope: str | None = None, **options):
    """A view's rate limit (as limiter.limit takes it), checked when the view is called. Views given
    the same `scope` share one count, so a limit cannot be stepped around through a twin view."""
    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            limiter.check()  # raises RateLimitExceeded: the 429 page
            return view(*args, **kwargs)

        if scope:
            return limiter.shared_limit(limit, scope, **options)(checked)
        return limiter.limit(limit, **options)(checked)

    return decorate


def within_limit() -> bool:
    """For a view whose limit never refuses anyone (the campaign short link): checks the view's
    limits as rate_limited does, counting this request, and says whether the client is within
    them instead of showing the 429 page."""
    try:
        limiter.check()
    except RateLimitExceeded:
        return False
    return True
