"""Every validation message on the site, in one place, each saying what to do.

Messages are lazy so they are translated into the language of the request that shows them.
"""
from flask_babel import lazy_gettext as _l

SELF_CHECK_HAPPENED = _l("Select whether someone said or did something that hurt, frightened or upset you")
SELF_CHECK_BECAUSE = _l("Select whether you think it happened because of who you are")
SELF_CHECK_HARM = _l("Select whether you were hurt or threatened, or something was damaged or taken")

# Staff area
STAFF_EMAIL = _l("Enter your email address")
STAFF_EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.org")
STAFF_PASSWORD = _l("Enter your password")
STAFF_SIGN_IN_FAILED = _l(
    "The email address or password is not right, or there have been too many tries. "
    "Check them and try again, or wait 15 minutes."
)
STAFF_CODE = _l("Enter the 6-digit code from your authenticator app, or a recovery code")
STAFF_CODE_WRONG = _l(
    "That code is not right or has been used already. Wait for a new code and try again, "
    "or use a recovery code."
)
STAFF_SET_UP_CODE_WRONG = _l("That code is not right. Wait for a new code in the app and enter it")
STAFF_NEW_PASSWORD = _l("Enter a password")
STAFF_PASSWORD_LENGTH = _l("Enter a password that is at least 12 characters long")
STAFF_PASSWORD_TOO_LONG = _l("Enter a password that is 256 characters or fewer")
STAFF_PASSWORD_REPEAT = _l("Enter the same password twice")
STAFF_NAME_LENGTH = _l("Enter a name that is 200 characters or fewer")
STAFF_ROLE = _l("Select a role")
STAFF_ACCOUNT_EXISTS = _l("There is already an account with this email address. Find it in the list of accounts")
STAFF_SELF_ROLE = _l("You cannot remove your own administrator role. Ask another administrator to do it")
STAFF_SELF_DISABLE = _l("You cannot disable your own account. Ask another administrator to do it")
