"""Third Party Reporting Centres: model, CSV import, list, map, nearest."""
from . import models  # noqa: F401
