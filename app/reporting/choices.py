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
}


def label(choice_list, value) -> str:
    for key, words in choice_list:
        if key == value:
            return str(words)
    return ""
