"""The words staff read for every stored code of a report: the case page, the queue, the referral
page and the exports all use these, in the staff member's language."""
from flask_babel import lazy_gettext as _l

from .. import geography
from ..reporting import choices


def labels() -> dict:
    from . import queue
    from .forms import STATUS_LABELS  # forms imports services, which imports this module

    return {
        "status": STATUS_LABELS,
        "strand": dict(choices.STRANDS),
        "location": dict(choices.LOCATIONS),
        "platform": dict(choices.PLATFORMS),
        "role": dict(choices.ROLES),
        "when": dict(choices.WHEN),
        "repeat": dict(choices.REPEAT),
        "heard": dict(choices.HEARD),
        "time": dict(choices.TIMES),
        "disability": dict(choices.DISABILITIES),
        "age": dict(choices.AGE_BANDS),
        "answer": dict(choices.YES_NO_NOT_SURE),
        "outcome": dict(choices.OUTCOMES),
        "known": dict(choices.OFFENDER_KNOWN),
        "count": dict(choices.OFFENDER_COUNT),
        "district": {d.slug: d.name for d in geography.DISTRICTS} | dict(geography.EXTRA_CHOICES),
        "channel": {"online": _l("Online"), "easy-read": _l("Easy read"),
                    "centre-assisted": _l("With a reporting centre")},
        "task": queue.LABELS,
    }
