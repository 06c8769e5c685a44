"""The table of steps and the router. Both versions of the report (standard and easy read) use them.

Each step owns some answer keys. A step applies or not depending on earlier answers; the router
moves forward and back over the steps that apply, and finds the first one not yet answered.

Everything particular to a question lives in its row here, its form (forms.py: what it stores and
how a stored answer fills the form again) and its words (words.py, summary.KEYS): the router, the
page and the summary are the same for every question.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from . import forms, police, summary


def _always(answers: dict) -> bool:
    return True


# Answers to "Do you want us to pass this report to the police?" that mean the police may read it or
# talk to the person: only then are the questions an officer needs to act on asked (who did it,
# witnesses, photos, what should happen next). A person who does not want the police told goes the
# shortest way: the police question and "about you" are the only pages added to it.
POLICE_TOLD = (police.WITH_DETAILS, police.FACTS_ONLY, police.TALK_FIRST)


def _police_may_be_told(answers: dict) -> bool:
    return answers.get("police") in POLICE_TOLD


@dataclass(frozen=True)
class Step:
    name: str
    form: type
    keys: tuple[str, ...]
    applies: Callable[[dict], bool] = _always
    pictogram: str = "question"
    # value -> pictogram name, for the easy-read version
    pictograms: dict = field(default_factory=dict)
    # A page of several questions has a heading of its own (standard, easy read); otherwise the
    # first question is the heading.
    heading: tuple | None = None
    # How the answers read on "Check your answers": one of summary's summarisers.
    summarise: Callable | None = None
    # Templates shown above the question (after the page's own heading) and below the form.
    intro: str | None = None
    outro: str | None = None


STEPS: tuple[Step, ...] = (
    Step("who", forms.WhoForm, ("role",), pictogram="person",
         pictograms={"victim": "person", "witness": "eye", "behalf": "people", "centre": "map-pin"}),
    Step("centre", forms.CentreForm, ("centre_code", "centre_id"),
         applies=lambda a: a.get("role") == "centre", pictogram="map-pin", summarise=summary.centre),
    Step("what", forms.WhatForm, ("description",), pictogram="speech", summarise=summary.text),
    Step("why", forms.WhyForm, ("strands", "strand_other"), pictogram="question",
         pictograms={"race": "world", "religion": "faith", "sexual-orientation": "love", "disability": "access",
                     "transgender": "trans", "gender": "gender", "age": "age", "subculture": "subculture",
                     "other": "question", "not-sure": "question"},
         summarise=summary.strands),
    Step("disability", forms.DisabilityForm, ("disabilities",),
         applies=lambda a: "disability" in a.get("strands", []), pictogram="access",
         pictograms={"physical": "access", "learning": "learning", "mental-health": "mind", "sensory": "sensory",
                     "illness": "illness", "not-sure": "question"},
         summarise=summary.each),
    Step("where", forms.WhereForm, ("location",), pictogram="map-pin",
         pictograms={"street": "map-pin", "home": "home", "bus": "bus", "train": "train", "taxi": "taxi",
                     "online": "computer", "work": "work", "school": "school", "night-time": "night",
                     "other": "question"},
         outro="reporting/notes/where.html"),
    Step("platform", forms.PlatformForm, ("platform",),
         applies=lambda a: a.get("location") == "online", pictogram="computer",
         pictograms={"whatsapp": "text-message", "email-text": "text-message", "other": "question"}),
    Step("area", forms.AreaForm, ("district", "town", "place"), pictogram="map-pin",
         pictograms={"outside-hertfordshire": "map-pin", "not-sure": "question"}, summarise=summary.area),
    Step("when", forms.WhenForm, ("when", "date", "time_of_day", "time"), pictogram="clock",
         pictograms={"date": "calendar", "ongoing": "clock", "not-sure": "question", "exact": "watch",
                     "morning": "sunrise", "afternoon": "sun", "evening": "sunset", "night": "moon"},
         summarise=summary.when),
    Step("before", forms.BeforeForm, ("repeat",), pictogram="clock",
         pictograms={"first": "count-one", "few": "count-few", "many": "count-many", "not-sure": "question"}),
    Step("police", forms.PoliceForm, ("police",), pictogram="police",
         pictograms={police.WITH_DETAILS: "police", police.FACTS_ONLY: "anonymous", police.TALK_FIRST: "talk",
                     police.NO: "cross"},
         heading=(_l("Do you want us to pass this report to the police?"), _l("Do you want us to tell the police?")),
         intro="reporting/notes/police.html"),
    Step("evidence", forms.EvidenceForm, (), pictogram="camera", applies=_police_may_be_told,
         heading=(_l("Do you have photos or screenshots?"), _l("Do you have photos or screenshots?")),
         summarise=summary.evidence),
    Step("person", forms.PersonForm, ("age_band", "hurt"), pictogram="person",
         pictograms={"yes": "thumbs-up", "no": "cross", "prefer-not": "anonymous", "under-18": "age", "18-24": "age",
                     "25-34": "age", "35-44": "age", "45-54": "age", "55-64": "age", "65-plus": "age"},
         heading=(_l("About you"), _l("About you")), summarise=summary.each),
    Step("outcome", forms.OutcomeForm, ("reported", "crime_reference", "outcomes"), pictogram="talk",
         applies=_police_may_be_told,
         pictograms={"yes": "thumbs-up", "no": "cross", "not-sure": "question", "police-action": "police",
                     "advice": "speech", "recorded": "form", "restorative": "handshake", "support-only": "heart"},
         heading=(_l("What happens next"), _l("What do you want to happen?")), summarise=summary.each),
    Step("offender", forms.OffenderForm, ("offender_known", "offender_count", "offender_description"),
         applies=_police_may_be_told, pictogram="stranger",
         pictograms={"neighbour": "home", "work-school": "work", "known-other": "people", "stranger": "stranger",
                     "online": "computer", "not-sure": "question", "one": "count-one", "two-three": "count-few",
                     "more": "count-many"},
         heading=(_l("About who did it"), _l("Who did it?")), summarise=summary.each),
    Step("witnesses", forms.WitnessForm, ("witnesses", "witness_contact"),
         applies=_police_may_be_told, pictogram="eye",
         pictograms={"yes": "eye", "no": "cross", "not-sure": "question"}, summarise=summary.each),
    Step("support", forms.SupportForm, ("support",), pictogram="heart",
         pictograms={"yes": "heart", "no": "cross"}),
    Step("contact", forms.ContactForm, ("contact",), pictogram="phone",
         pictograms={"anonymous": "anonymous", "contact": "thumbs-up"}),
    Step("contact-details", forms.ContactDetailsForm, ("name", "email", "phone", "voicemail", "safe_times"),
         applies=lambda a: a.get("contact") == "contact", pictogram="phone",
         pictograms={"yes": "thumbs-up", "no": "cross"},
         heading=(_l("How can we contact you?"), _l("How can we contact you?")), summarise=summary.contact_details),
    Step("contact-needs", forms.ContactNeedsForm, ("language", "interpreter", "access_needs"),
         applies=lambda a: a.get("contact") == "contact", pictogram="speech",
         pictograms={"yes": "thumbs-up", "no": "cross"},
         heading=(_l("Your language and access needs"), _l("What help do you need to talk to us?")),
         summarise=summary.contact_needs),
    Step("heard", forms.HeardForm, ("heard",), pictogram="speech",
         pictograms={"radio": "radio", "poster": "poster", "facebook": "computer", "social": "computer", "bus": "bus",
                     "train": "train", "taxi": "taxi", "school": "school", "centre": "map-pin", "police": "police",
                     "friend": "people", "search": "computer", "other": "question"},
         summarise=summary.optional_choice),
)
BY_NAME = {step.name: step for step in STEPS}
CHECK = "check"
DONE_KEY = "_done"  # names of the steps answered, kept with the answers

def applicable(answers: dict) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def answered(step: Step, answers: dict) -> bool:
    return step.name in answers.get(DONE_KEY, [])


def first_unanswered(answers: dict) -> str | None:
    for step in applicable(answers):
        if not answered(step, answers):
            return step.name
    return None


def next_step(name: str, answers: dict) -> str:
    names = [step.name for step in applicable(answers)]
    if name in names:
        later = names[names.index(name) + 1:]
        if later:
            return later[0]
    return CHECK


def previous_step(name: str, answers: dict) -> str | None:
    """The step before this one, or None when this is the first (the back link goes to the start page)."""
    names = [step.name for step in applicable(answers)]
    if name == CHECK:
        return names[-1]
    if name in names and names.index(name) > 0:
        return names[names.index(name) - 1]
    return None


def prune(answers: dict) -> dict:
    """Forget answers to questions that no longer apply (for example contact details after choosing anonymous)."""
    keep = {step.name for step in applicable(answers)}
    for step in STEPS:
        if step.name not in keep:
            for key in step.keys:
                answers.pop(key, None)
    answers[DONE_KEY] = [n for n in answers.get(DONE_KEY, []) if n in keep]
    return answers
