"""Outcomes: short stories of what reporting led to, and "you said, we did" notes, written by staff,
published by a second person, shown at /outcomes in the language they were written in."""
from flask import Blueprint

from . import models  # noqa: F401

bp = Blueprint("outcomes", __name__)

from . import routes  # noqa: E402,F401
