"""Site-wide routes: Exit this page, health check, robots.txt."""
from flask import Blueprint

from . import dates

bp = Blueprint("core", __name__)
# Every template writes dates the same way: {{ date_in_words(day) }}.
bp.add_app_template_global(dates.in_words, "date_in_words")

from . import routes  # noqa: E402,F401
