"""Every validation message on the site, in one place, each saying what to do.

Messages are lazy so they are translated into the language of the request that shows them.
"""
from flask_babel import lazy_gettext as _l

SELF_CHECK_HAPPENED = _l("Select whether someone said or did something that hurt, frightened or upset you")
SELF_CHECK_BECAUSE = _l("Select whether you think it happened because of who you are")
SELF_CHECK_HARM = _l("Select whether you were hurt or threatened, or something was damaged or taken")

# Centres finder
CENTRES_NEAR_EMPTY = _l("Enter a town, village or postcode")
CENTRES_NEAR_TOO_LONG = _l("Enter a town, village or postcode in 100 characters or fewer")
CENTRES_NEAR_NOT_FOUND = _l("We could not find ‘%(query)s’. Check the spelling, or choose a place from the list")
CENTRES_POSTCODE_UNKNOWN = _l(
    "We do not know postcode ‘%(query)s’. It may be outside Hertfordshire. Try the name of a town or village"
)
CENTRES_POSTCODE_MALFORMED = _l("Enter a postcode like AL1 3JX or WD17, or the name of a town or village")
CENTRES_DISTRICT_UNKNOWN = _l("Choose a district from the list")
