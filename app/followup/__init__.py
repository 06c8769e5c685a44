"""Follow-up: a person comes back to their report with its reference and the code shown once at the
end, reads the case team's replies and adds more, without an account and without saying who they are."""
from flask import Blueprint

bp = Blueprint("followup", __name__, url_prefix="/follow-up")

from . import models  # noqa: E402,F401
from . import routes  # noqa: E402,F401


@bp.record_once
def _setup(state) -> None:
    from ..core.exit import register_exit_hook
    from .services import exit_hook

    register_exit_hook(state.app, exit_hook)
