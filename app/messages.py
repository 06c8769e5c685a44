"""Every validation message on the site, in one place, each saying what to do.

Messages are lazy so they are translated into the language of the request that shows them.
"""
from flask_babel import lazy_gettext as _l

SELF_CHECK_HAPPENED = _l("Select whether someone said or did something that hurt, frightened or upset you")
SELF_CHECK_BECAUSE = _l("Select whether you think it happened because of who you are")
SELF_CHECK_HARM = _l("Select whether you were hurt or threatened, or something was damaged or taken")
SELF_CHECK_WORDS = _l("Select whether they shouted abuse, swore at you, called you names or threatened you")
SELF_CHECK_AGAIN = _l("Select whether it has happened more than once")

# Campaigns: short links and QR codes (staff and the command line)
CAMPAIGN_CODE = _l("Enter a short code of 2 to 24 characters, using only small letters, numbers and hyphens, like bus321")
CAMPAIGN_CODE_TAKEN = _l("Choose a different code: another campaign already uses this one")
CAMPAIGN_CODE_IN_USE = _l(
    "This code cannot change: people have already followed its link, so it is printed somewhere. "
    "Make a new campaign for a new code"
)
CAMPAIGN_NAME = _l("Enter a name for the campaign, up to 200 characters")
CAMPAIGN_CHANNEL = _l("Choose where the campaign runs from the list of channels")
CAMPAIGN_PLACEMENT = _l("Enter where the campaign is placed, up to 200 characters, like Route 321 bus rear panel")
CAMPAIGN_LANDING = _l(
    "Enter a page on this site that starts with one /, like /how-to-report. "
    "Use only letters, numbers, hyphens and /. Addresses of other websites cannot be used"
)
CAMPAIGN_STARTS = _l("Enter the date the campaign starts, like 1 3 2027")
CAMPAIGN_ENDS = _l("Enter the date the campaign ends, like 31 3 2027")
CAMPAIGN_ENDS_BEFORE_START = _l("Enter an end date that is the same as or after the start date")
CAMPAIGN_LANDING_MISSING = _l("There is no page at %(path)s on this site. Enter a page it serves, like /how-to-report")

# Dates typed in day, month and year boxes (staff forms and filters: app/forms.py)
DATE_PART = _l("The date must include a day, month and year")
DATE_REAL = _l("Enter a real date, like 28 11 2026")

# Centres finder
CENTRES_NEAR_EMPTY = _l("Enter a town, village or postcode")
CENTRES_NEAR_TOO_LONG = _l("Enter a town, village or postcode in 100 characters or fewer")
CENTRES_NEAR_NOT_FOUND = _l("We could not find ‘%(query)s’. Check the spelling, or choose a place from the list")
CENTRES_POSTCODE_UNKNOWN = _l(
    "We do not know postcode ‘%(query)s’. It may be outside Hertfordshire. Try the name of a town or village"
)
CENTRES_POSTCODE_MALFORMED = _l("Enter a postcode like AL1 3JX or WD17, or the name of a town or village")
CENTRES_DISTRICT_UNKNOWN = _l("Choose a district from the list")

# Centres kept by staff (the same rules as the CSV import: app/centres/rules.py)
CENTRE_REQUIRED = {
    "code": _l("Enter the centre’s code"),
    "name": _l("Enter the centre’s name"),
    "district": _l("Choose the centre’s district"),
}
CENTRE_CODE = _l("Enter a code of 3 to 12 letters, numbers or hyphens, like WAT01")
CENTRE_CODE_TAKEN = _l("Choose a different code: another centre already uses this one")
CENTRE_TOO_LONG = _l("Enter %(max)d characters or fewer")
CENTRE_POSTCODE = _l("Enter a full postcode, like AL1 3JX")
CENTRE_POSTCODE_OUTSIDE = _l(
    "Postcode %(postcode)s is not in Hertfordshire. Enter the centre’s Hertfordshire postcode, "
    "or give its latitude and longitude"
)
CENTRE_NO_PLACE = _l("Enter a postcode, or latitude and longitude, so the centre can go on the map")
CENTRE_COORDINATE = _l("Enter a number between %(low)s and %(high)s, like %(example)s")
CENTRE_COORDINATES_BOTH = _l("Give both latitude and longitude, or leave both empty")
CENTRE_EMAIL = _l("Enter an email address in the correct format, like name@example.com")
CENTRE_WEBSITE = _l("Enter a website address that starts with https://")
CENTRE_YES_NO = _l("Select yes or no")
CENTRE_DATE = _l("Enter a real date")
CENTRE_SLUG = _l("Use only small letters, numbers and hyphens")

# The online report
REPORT_WHO = _l("Select who is making this report")
REPORT_CENTRE_CODE = _l("Enter your reporting centre's code")
REPORT_CENTRE_CODE_UNKNOWN = _l(
    "We do not recognise that centre code. Check it and enter it again, or go back and choose another answer"
)
REPORT_WHAT = _l("Tell us what happened")
REPORT_WHAT_TOO_LONG = _l("What happened must be %(max)d characters or fewer. Shorten it, or call %(non_emergency)s to tell the police the rest")
REPORT_WHY = _l("Select why you think it happened, or select ‘I’m not sure’")
REPORT_WHY_EXCLUSIVE = _l("Select ‘I’m not sure’ on its own, or untick it and keep your other answers")
REPORT_WHY_OTHER = _l("Tell us the other reason you think it happened")
REPORT_WHERE = _l("Select where it happened")
REPORT_PLATFORM = _l("Select the website or app where it happened")
REPORT_DISTRICT = _l("Select the area where it happened, or select ‘I’m not sure’")
REPORT_WHEN = _l("Select when it happened")
REPORT_DATE_MISSING = _l("Enter the date it happened, like 27 3 2025")
REPORT_DATE_PART = _l("The date it happened must include a day, month and year")
REPORT_DATE_REAL = _l("The date it happened must be a real date, like 27 3 2025")
REPORT_DATE_FUTURE = _l("The date it happened must be today or in the past")
REPORT_DATE_OLD = _l("The year must be 1900 or later")
REPORT_BEFORE = _l("Select whether this has happened before")
REPORT_SUPPORT = _l("Select yes if you would like us to put you in touch with Beacon")
REPORT_CONTACT = _l("Select whether you want to stay anonymous or give us a way to contact you")
REPORT_POLICE = _l("Select whether you want us to pass this report to the police")
REPORT_CONTACT_HOW = _l("Enter an email address or a phone number, so we can contact you")
REPORT_EMAIL = _l("Enter an email address in the correct format, like name@example.com")
REPORT_PHONE = _l("Enter a phone number, like 01632 960 001 or 07700 900 982")
REPORT_MESSAGE = _l("Select yes if it is safe to leave you a message")
REPORT_TOO_LONG = _l("Your answer must be %(max)d characters or fewer")
REPORT_CHOICE = _l("Select one of the options")
# Photos and screenshots: %(name)s is the file's name as the person's device gave it.
EVIDENCE_NOT_IMAGE = _l("%(name)s could not be opened as a photo or screenshot. Choose a JPEG, PNG, WebP, GIF or HEIC image")
EVIDENCE_EMPTY = _l("%(name)s is empty. Choose another file")
EVIDENCE_TOO_BIG = _l("%(name)s is larger than 10 MB. Choose a smaller file")
EVIDENCE_DIMENSIONS = _l("%(name)s is too large a picture (more than 40 million pixels). Choose a smaller one")
EVIDENCE_TOO_MANY = _l("You can add up to %(max)d photos or screenshots. Remove one to add another")
EVIDENCE_REQUEST_TOO_LARGE = _l("The files you chose are more than 50 MB together. Add them one or two at a time")
REPORT_TIME = _l("Enter the time using the 24-hour clock, like 14:30, or choose a part of the day")
REPORT_CRIME_REFERENCE = _l(
    "A crime reference number can only have letters, numbers, spaces, slashes (/) and hyphens (-)")

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

# Follow-up: coming back to a report with its reference and code
FOLLOW_UP_REFERENCE = _l("Enter your reference. It looks like HC-7K3M-9QXA")
FOLLOW_UP_CODE = _l("Enter your follow-up code. It is 12 numbers, in groups of 4")
FOLLOW_UP_NO_MATCH = _l(
    "The reference and follow-up code do not match a report we hold. Check both and try again. "
    "The code was shown once, when you sent your report"
)
FOLLOW_UP_MESSAGE = _l("Enter what you want to tell us")
FOLLOW_UP_MESSAGE_TOO_LONG = _l("What you tell us must be 5,000 characters or fewer")

# The case queue (staff)
CASES_DATE_ORDER = _l("Enter a ‘to’ date that is the same as or after the ‘from’ date")
CASES_REFERENCE_NOT_FOUND = _l("No report has the reference ‘%(reference)s’. Check it and try again")
CASES_STATUS = _l("Choose the report’s new status")
CASES_NOTE = _l("Enter a note")
CASES_NOTE_TOO_LONG = _l("A note must be 5,000 characters or fewer")
CASES_REPLY = _l("Enter your message to the person who reported")
CASES_REPLY_TOO_LONG = _l("A message must be 5,000 characters or fewer")
CASES_NOT_AGREED_POLICE = _l("The person has not agreed to the police being told. If they have told you "
                             "their decision, or someone is at serious risk, record it under ‘Decision about "
                             "the police’ first")
CASES_NOT_AGREED_REFERRAL = _l("The person did not ask to be put in touch with Beacon, so the report cannot "
                               "be referred")
CASES_ASSIGNEE = _l("Choose a case worker from the list, or nobody")
CASES_DECISION = _l("Choose the person’s decision about the police")
CASES_DECISION_REASON = _l("Choose why the decision is being recorded")
CASES_DECISION_NOTE = _l("Enter a note saying when and how the person told you, or what the risk is")

# Outcomes: stories and "you said, we did" notes written by staff
OUTCOME_TITLE = _l("Enter a title of up to 120 characters")
OUTCOME_BODY = _l("Enter the text, up to 5,000 characters")
OUTCOME_KIND = _l("Select whether this is a story or a ‘you said, we did’ note")
OUTCOME_LANG = _l("Select the language the text is written in")
OUTCOME_OWN = _l("You changed this text last, so someone else must check and publish it")
OUTCOME_ALREADY = _l("This is already published")
OUTCOME_NOT_PUBLISHED = _l("This is not published")
