"""Campaigns, short links /c/<code>, QR codes, click counting, attribution."""
from . import models  # noqa: F401
