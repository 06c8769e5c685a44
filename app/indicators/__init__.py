"""Awareness indicators: the staff dashboard (counts only) and the public figures page."""
from flask import Blueprint

from ..staff import auth

staff_bp = Blueprint("indicators", __name__, url_prefix="/staff/indicators")
auth.install(staff_bp)
public_bp = Blueprint("figures", __name__)

from . import models, routes  # noqa: E402,F401


@public_bp.record_once
def _register_cli(state) -> None:
    from .charts import bar_chart
    from .demo import demo

    state.app.cli.add_command(demo)
    state.app.add_template_global(bar_chart)
