"""The answers a person can choose, as (stored value, words shown). Stored values never change."""
from flask_babel import lazy_gettext as _l

from . import police

ROLES = [
    ("victim", _l("It happened to me")),
    ("witness", _l("I saw or heard it happen to someone else")),
    ("behalf", _l("I am reporting for someone else, with their agreement")),
    ("centre", _l("I work at a reporting centre and I am helping someone report")),
]

STRANDS = [
    ("race", _l("Race or ethnicity, or where someone is thought to come from")),
    ("religion", _l("Religion or belief")),
    ("sexual-orientation", _l("Sexual orientation, for example being gay, lesbian or bisexual")),
    ("disability", _l("Disability, including learning disability and mental health")),
    ("transgender", _l("Being transgender, non-binary, or not fitting gender stereotypes")),
    ("gender", _l("Being a woman or girl, or hatred of women (misogyny)")),
    ("age", _l("Age")),
    ("subculture", _l("The way someone dresses or looks, for example being a goth or emo (alternative subculture)")),
    ("other", _l("Something else")),
    ("not-sure", _l("I'm not sure")),
]

LOCATIONS = [
    ("street", _l("On the street or in a public place")),
    ("home", _l("At home or near home")),
    ("bus", _l("On a bus or at a bus stop")),
    ("train", _l("On a train or at a station")),
    ("taxi", _l("In a taxi or private hire car")),
    ("online", _l("Online, for example on social media, in a game or by message")),
    ("work", _l("At work")),
    ("school", _l("At school, college or university")),
    ("night-time", _l("At a pub, club, bar or takeaway")),
    ("other", _l("Somewhere else")),
]
TRANSPORT = {"bus", "train", "taxi"}

PLATFORMS = [
    ("facebook", _l("Facebook")),
    ("instagram", _l("Instagram")),
    ("x", _l("X (Twitter)")),
    ("tiktok", _l("TikTok")),
    ("snapchat", _l("Snapchat")),
    ("whatsapp", _l("WhatsApp or another messaging app")),
    ("youtube", _l("YouTube")),
    ("gaming", _l("An online game")),
    ("email-text", _l("Email or text message")),
    ("other", _l("Another website or app")),
]

WHEN = [
    ("date", _l("On a date I can give")),
    ("ongoing", _l("It is still happening")),
    ("not-sure", _l("I'm not sure")),
]

REPEAT = [
    ("first", _l("No, this is the first time")),
    ("few", _l("Yes, a few times")),
    ("many", _l("Yes, many times")),
    ("not-sure", _l("I'm not sure")),
]

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
YES_NO_NOT_SURE = YES_NO + [("not-sure", _l("I'm not sure"))]

TIMES = [
    ("exact", _l("At a time I can give")),
    ("morning", _l("In the morning")),
    ("afternoon", _l("In the afternoon")),
    ("evening", _l("In the evening")),
    ("night", _l("At night")),
    ("not-sure", _l("I'm not sure")),
]

DISABILITIES = [
    ("physical", _l("Physical disability")),
    ("learning", _l("Learning disability")),
    ("mental-health", _l("Mental health")),
    ("sensory", _l("Deaf, blind or another sensory disability")),
    ("illness", _l("Long-term illness")),
    ("not-sure", _l("I'm not sure")),
]

AGE_BANDS = [
    ("under-18", _l("Under 18")),
    ("18-24", _l("18 to 24")),
    ("25-34", _l("25 to 34")),
    ("35-44", _l("35 to 44")),
    ("45-54", _l("45 to 54")),
    ("55-64", _l("55 to 64")),
    ("65-plus", _l("65 or over")),
    ("prefer-not", _l("Prefer not to say")),
]

OUTCOMES = [
    ("police-action", _l("The police to take action")),
    ("advice", _l("Advice about what to do")),
    ("recorded", _l("Just to have it recorded")),
    ("restorative", _l("A meeting to put things right (restorative justice)")),
    ("support-only", _l("Support only")),
]

OFFENDER_KNOWN = [
    ("neighbour", _l("Yes, a neighbour")),
    ("work-school", _l("Yes, someone from work, school or college")),
    ("known-other", _l("Yes, someone else")),
    ("stranger", _l("No, a stranger")),
    ("online", _l("An online account")),
    ("not-sure", _l("I'm not sure")),
]

OFFENDER_COUNT = [
    ("one", _l("One person")),
    ("two-three", _l("Two or three people")),
    ("more", _l("More than three people")),
    ("not-sure", _l("I'm not sure")),
]

# "No contact" and "no name" are separate ideas: a person can be contacted without giving a name.
CONTACT = [
    ("anonymous", _l("No, do not contact me")),
    ("contact", _l("Yes, I will give you an email address or phone number")),
]

HEARD = [
    ("radio", _l("Radio")),
    ("poster", _l("A billboard or poster")),
    ("facebook", _l("Facebook")),
    ("social", _l("Other social media")),
    ("bus", _l("On a bus")),
    ("train", _l("On a train or at a station")),
    ("taxi", _l("In a taxi")),
    ("school", _l("At school or college")),
    ("centre", _l("A reporting centre")),
    ("police", _l("The police")),
    ("friend", _l("A friend or family member")),
    ("search", _l("A search engine, like Google")),
    ("other", _l("Somewhere else")),
]


# Every choice list, by the answer key it fills: used to show answers in words.
BY_KEY = {
    "role": ROLES, "strands": STRANDS, "location": LOCATIONS, "platform": PLATFORMS, "when": WHEN,
    "repeat": REPEAT, "support": YES_NO, "contact": CONTACT, "voicemail": YES_NO, "interpreter": YES_NO,
    "heard": HEARD, "police": police.CHOICES,
    "heard": HEARD, "time_of_day": TIMES, "disabilities": DISABILITIES, "age_band": AGE_BANDS, "hurt": YES_NO,
    "reported": YES_NO_NOT_SURE, "outcomes": OUTCOMES, "offender_known": OFFENDER_KNOWN,
    "offender_count": OFFENDER_COUNT, "witnesses": YES_NO_NOT_SURE,
}


def label(choice_list, value) -> str:
    for key, words in choice_list:
        if key == value:
            return str(words)
    return ""
