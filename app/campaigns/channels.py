"""Where a campaign runs. The one list of channels: forms, the command line and reports use it.

A channel's code is stored on the campaign; its label is shown to people, in their language.
"""
from flask_babel import lazy_gettext as _l

CHANNELS = (
    ("radio", _l("Radio")),
    ("billboard", _l("Billboard or poster")),
    ("facebook", _l("Facebook")),
    ("other-social", _l("Other social media")),
    ("bus", _l("Bus")),
    ("train", _l("Train or station")),
    ("taxi", _l("Taxi")),
    ("school", _l("School or college")),
    ("centre", _l("Third Party Reporting Centre")),
    ("other", _l("Somewhere else")),
)
CODES = tuple(code for code, _label in CHANNELS)
_LABELS = dict(CHANNELS)


def label(code: str):
    """The translatable label for a channel code; an unknown code is shown as it is."""
    return _LABELS.get(code, code)
