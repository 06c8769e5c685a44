"""Follow-up: a person comes back to their report with its reference and the code shown once at the
end, reads the case team's replies and adds more, without an account and without saying who they are."""
from flask import Blueprint

bp = Blueprint("followup", __name__, url_prefix="/follow-up")

from . import routes  # noqa: E402,F401
