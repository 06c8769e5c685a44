"""Campaigns, short links /c/<code>, QR codes, click counting, attribution."""
from flask import Blueprint

from . import models  # noqa: F401

bp = Blueprint("campaigns", __name__, cli_group="campaigns")

from . import cli, routes  # noqa: E402,F401
