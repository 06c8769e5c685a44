"""The case queue: case workers find, read, triage, refer and export reports.

Only case workers open reports. Administrators manage accounts and campaign staff see counts:
neither ever reads what a person wrote.
"""
from flask import Blueprint

from ..staff import auth

bp = Blueprint("cases", __name__, url_prefix="/staff/cases")
auth.install(bp)

from . import models  # noqa: E402,F401  (so migrations see the table)
from . import routes  # noqa: E402,F401

# The page Beacon opens from a referral e-mail: public (no staff login), read-only, single-use.
referral_bp = Blueprint("referral", __name__, url_prefix="/referral")

from . import referral_routes  # noqa: E402,F401
