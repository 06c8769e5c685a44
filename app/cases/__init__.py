"""The case queue: case workers find, read, triage, refer and export reports."""
from . import models  # noqa: F401  (so migrations see the table)
