"""The site's pictograms and the one idea each one stands for.

Easy read works only if a picture always means the same thing: a reader who has learned that the
phone means "call someone" must never meet it beside a sentence about something else. Each
pictogram (static/pictograms/<name>.svg) has one meaning here, with the English words a sentence
uses when it says that meaning. The tests hold every use, on the content pages and in the
easy-read report, to this table; translated pages keep the English page's pictograms in order.

Beside a sentence a pictogram's alt text is empty: the sentence already says what it means, and a
screen reader would otherwise read the idea twice.
"""
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Pictogram:
    meaning: str
    # Words (or the start of words) that an English sentence with this meaning uses.
    cues: tuple[str, ...]


PICTOGRAMS: dict[str, Pictogram] = {
    "access": Pictogram("disability", ("disab*", "wheelchair", "physical")),
    "age": Pictogram("age", ("age", "old", "older", "years", "under 18", "18 to 24", "25 to 34", "35 to 44",
                                 "45 to 54", "55 to 64", "65 or over")),
    "anonymous": Pictogram("not giving your name", ("name*", "anonymous", "prefer not", "who you are")),
    "bed": Pictogram("sleep*", ("sleep*",)),
    "bus": Pictogram("a bus", ("bus*",)),
    "calendar": Pictogram("a day or a date", ("day*", "date*", "week*", "monday")),
    "camera": Pictogram("photos and videos", ("photo*", "video*", "screenshot*", "picture*", "footage")),
    "child": Pictogram("a young person", ("young*", "child*", "under 18", "teen*", "pupil*", "student*")),
    "clock": Pictogram("the time, or how long", ("when", "time", "minute*", "hour*", "long", "before")),
    "computer": Pictogram("being online", ("online", "website*", "internet", "web", "search*", "facebook",
                                          "social media", "app*", "game*", "post*", "computer", "instagram",
                                          "tiktok", "snapchat", "youtube", "twitter")),
    "count-few": Pictogram("a few", ("few", "two", "three", "2")),
    "count-many": Pictogram("many, or again and again", ("many", "more", "again and again", "lot")),
    "count-one": Pictogram("one, or the first time", ("one", "first", "once")),
    "court": Pictogram("a court", ("court*", "judge*", "sentence*", "charge*", "cps")),
    "cross": Pictogram("no", ("no", "not", "never")),
    "eye": Pictogram("seeing", ("see*", "saw", "seen", "witness*", "watch*")),
    "faith": Pictogram("religion", ("religio*", "faith", "belief")),
    "feelings": Pictogram("feelings", ("feel*", "scared*", "sad", "angry", "upset", "worried*", "afraid")),
    "fist": Pictogram("hitting or hurting someone's body", ("hit*", "push*", "spit*", "kick*", "attack*")),
    "form": Pictogram("the report form", ("form*", "report*", "record*", "write*")),
    "gender": Pictogram("sex and gender", ("gender", "sex", "women", "woman", "misogyn*")),
    "hand": Pictogram("stopping hate", ("stop*",)),
    "handshake": Pictogram("putting things right", ("restorative*", "meet*", "sorry*", "put things right",
                                                    "together")),
    "heart": Pictogram("support and care", ("support*", "help*", "care")),
    "home": Pictogram("home", ("home", "house", "neighbour*", "live*")),
    "illness": Pictogram("illness", ("ill", "illness", "condition*")),
    "learning": Pictogram("learning disability", ("learning",)),
    "lock": Pictogram("keeping information private", ("private", "secret", "safe*", "protect*", "share*",
                                                       "encrypt*", "delete*", "keep*")),
    "love": Pictogram("sexual orientation", ("gay*", "lesbian*", "bisexual*", "sexual orientation")),
    "map-pin": Pictogram("a place", ("where", "place*", "centre", "near", "street", "area", "district",
                                     "town*", "hertfordshire", "outside")),
    "mind": Pictogram("mental health", ("mental",)),
    "moon": Pictogram("night (the time of day)", ("night*",)),
    "name-tag": Pictogram("your name", ("name*",)),
    "night": Pictogram("a night out", ("night*", "evening out", "pub", "club")),
    "people": Pictogram("other people", ("people", "friend*", "family*", "group", "someone else",
                                         "other", "community*", "staff", "adult*", "everyone")),
    "person": Pictogram("you", ("you are", "to you", "about you", "your fault", "yourself", "victim",
                                "who you are", "happened to you", "who are you")),
    "phone": Pictogram("getting in touch by phone", ("call*", "phone*", "ring*", "contact", "get in touch")),
    "plaster": Pictogram("an injury", ("hurt*", "injur*", "111")),
    "police": Pictogram("the police", ("police", "officer*")),
    "poster": Pictogram("posters and leaflets", ("poster*", "leaflet*", "advert*")),
    "question": Pictogram("not sure, or a question", ("not sure", "question", "why", "something else",
                                                       "other", "ask")),
    "radio": Pictogram("the radio", ("radio*",)),
    "school": Pictogram("school or college", ("school*", "college*", "teacher*")),
    "sensory": Pictogram("sight or hearing", ("sight", "hearing", "deaf", "blind", "sensory*")),
    "shield": Pictogram("your rights", ("right*",)),
    "speech": Pictogram("words someone says or writes", ("say*", "said", "tell*", "told", "words", "names",
                                                         "shout*", "what happened", "hear*", "advice", "talk*",
                                                         "language")),
    "stranger": Pictogram("the person who did it", ("who did it", "the person who", "stranger",
                                                    "do not know", "looked like", "they")),
    "subculture": Pictogram("how someone dresses or looks", ("goth*", "punk", "emo", "alternative",
                                                             "dress*", "subculture*", "look*")),
    "sun": Pictogram("the afternoon", ("afternoon*",)),
    "sunrise": Pictogram("the morning", ("morning*",)),
    "sunset": Pictogram("the evening", ("evening*",)),
    "talk": Pictogram("your choice, talked over with us", ("talk*", "choose*", "decide*", "want")),
    "taxi": Pictogram("a taxi", ("taxi*", "cab")),
    "text-message": Pictogram("a text message", ("text*", "messag*", "email*")),
    "thumbs-up": Pictogram("yes, that is fine", ("yes", "normal", "still", "fine", "ok")),
    "train": Pictogram("a train or station", ("train*", "station*")),
    "trans": Pictogram("being trans", ("trans",)),
    "warning": Pictogram("danger", ("danger", "risk", "unsafe", "threat", "serious", "will hurt", "badly hurt", "999")),
    "watch": Pictogram("the exact time", ("time", "exact")),
    "work": Pictogram("work", ("work*", "job*")),
    "world": Pictogram("where you or your family come from", ("colour", "race", "country", "come from",
                                                               "ethnic*", "nationality*", "world")),
}


def fits(name: str, sentence: str) -> bool:
    """Whether an English sentence says what the pictogram means (so the picture is not reused for
    another idea). A cue is a whole word or phrase; "call*" also matches "calls" and "calling"."""
    picture = PICTOGRAMS.get(name)
    if picture is None:
        return False
    text = re.sub(r"\s+", " ", str(sentence).lower())
    for cue in picture.cues:
        word = re.escape(cue.rstrip("*")) + ("" if cue.endswith("*") else r"(?![a-z0-9])")
        if re.search(r"(?<![a-z0-9])" + word, text):
            return True
    return False
