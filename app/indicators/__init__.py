"""Awareness indicators: the staff dashboard (counts only) and the public figures page."""
from flask import Blueprint

from ..staff import auth

staff_bp = Blueprint("indicators", __name__, url_prefix="/staff/indicators")
auth.install(staff_bp)
public_bp = Blueprint("figures", __name__)

from . import routes  # noqa: E402,F401
