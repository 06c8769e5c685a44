"""The strategy's action plan in the staff area: every indicator against its baseline, the figures
partners send, activities, and the quarterly report to the Community Safety Board."""
from flask import Blueprint

from ..staff import auth

bp = Blueprint("plan", __name__, url_prefix="/staff/plan")
auth.install(bp)

from . import models, routes  # noqa: E402,F401
