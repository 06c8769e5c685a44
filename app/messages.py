"""Every validation message on the site, in one place, each saying what to do.

Messages are lazy so they are translated into the language of the request that shows them.
"""
from flask_babel import lazy_gettext as _l

SELF_CHECK_HAPPENED = _l("Select whether someone said or did something that hurt, frightened or upset you")
SELF_CHECK_BECAUSE = _l("Select whether you think it happened because of who you are")
SELF_CHECK_HARM = _l("Select whether you were hurt or threatened, or something was damaged or taken")
