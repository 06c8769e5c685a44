"""Staff area: accounts, sign-in with a second factor, roles, server-side sessions, the audit trail.

`flask staff create EMAIL --role ROLE` makes an account and prints its one-time set-up link.
"""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff", cli_group="staff")

from . import models  # noqa: E402,F401  (so migrations see the tables)
from . import cli, routes  # noqa: E402,F401
