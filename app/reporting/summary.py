"""Check your answers: each answer in words, with a Change link back to its question.

A step shows its answers with `choice` unless its row in the step table names another of the
summarisers below. Each takes the step, the answers and the version, and returns
[(answer key, words)]; the key's label is in KEYS.
"""
from datetime import date

from flask_babel import format_date, gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape

from ..centres import services as centres
from ..geography import EXTRA_CHOICES, district_name
from . import choices, words

KEYS = {
    "role": _l("Who is reporting"),
    "centre_code": _l("Reporting centre"),
    "description": _l("What happened"),
    "strands": _l("Why you think it happened"),
    "location": _l("Where it happened"),
    "platform": _l("Website or app"),
    "district": _l("Area"),
    "town": _l("Town or place"),
    "when": _l("When it happened"),
    "repeat": _l("Happened before"),
    "police": _l("Pass it to the police"),
    "support": _l("Put in touch with Beacon"),
    "contact": _l("Can we contact you"),
    "contact-details": _l("Your contact details"),
    "contact-needs": _l("Language and access needs"),
    "heard": _l("How you heard about this website"),
    "evidence": _l("Photos and screenshots"),
    "time_of_day": _l("Time of day"),
    "place": _l("Exact place"),
    "disabilities": _l("Kind of disability"),
    "age_band": _l("Age"),
    "hurt": _l("Hurt"),
    "reported": _l("Already reported to the police"),
    "crime_reference": _l("Crime reference number"),
    "outcomes": _l("What you would like to happen"),
    "offender_known": _l("Someone known"),
    "offender_count": _l("How many people"),
    "offender_description": _l("What they looked like"),
    "witnesses": _l("Anyone else who saw or heard it"),
    "witness_contact": _l("How to reach them"),
}


def _lines(*parts) -> Markup:
    """Each line isolated (<bdi>): English typed on an Arabic or Urdu page, or the reverse, keeps its
    own direction instead of taking the page's (a full stop moved to the wrong end)."""
    return Markup("<br>").join(Markup("<bdi>{}</bdi>").format(line)
                               for part in parts if part for line in str(part).splitlines())


def _choice_words(step, key: str, value, answers: dict, easy: bool) -> str:
    over = words.for_step(step.name, answers, easy).get(key, {}).get("choices", {})
    if value in over:
        return str(over[value])
    return choices.label(choices.BY_KEY[key], value)


def choice(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    """The default: the step's one answer, a choice, in the words the person saw."""
    key = step.keys[0]
    return [(key, _lines(_choice_words(step, key, answers.get(key), answers, easy)))]


def optional_choice(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    key = step.keys[0]
    if not answers.get(key):
        return [(key, _lines(_("Not given")))]
    return choice(step, answers, easy)


def text(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    key = step.keys[0]
    return [(key, _lines(answers.get(key)))]


def centre(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    found = centres.by_id(answers.get("centre_id"))
    return [("centre_code", _lines(found.name if found else answers.get("centre_code")))]


def strands(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    picked = [_choice_words(step, "strands", v, answers, easy) for v in answers.get("strands", [])]
    if "other" in answers.get("strands", []) and answers.get("strand_other"):
        picked.append(answers["strand_other"])
    return [("strands", _lines(*picked))]


def area(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    extra = dict(EXTRA_CHOICES)
    district = answers.get("district", "")
    shown = str(extra[district]) if district in extra else district_name(district)
    return [("district", _lines(shown)), ("town", _lines(answers.get("town") or _("Not given"))),
            ("place", _lines(answers.get("place") or _("Not given")))]


def when(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    if answers.get("when") == "date" and answers.get("date"):
        day = [("when", _lines(format_date(date.fromisoformat(answers["date"]), "d MMMM y")))]
    else:
        day = choice(step, answers, easy)
    if answers.get("time_of_day") == "exact" and answers.get("time"):
        return day + [("time_of_day", _lines(answers["time"]))]
    return day + each(step, {"time_of_day": answers.get("time_of_day")}, easy, keys=("time_of_day",))


def each(step, answers: dict, easy: bool, keys=None) -> list[tuple[str, Markup]]:
    """Every answer of an optional question, a row each: a choice or choices in the person's words,
    or what they typed. A field revealed under a choice shows only when that choice was made."""
    revealed = {name: value for value, name in step.form.revealed.items() if isinstance(name, str)}
    out = []
    for key in keys or step.keys:
        value = answers.get(key)
        if key in revealed and not value:
            continue
        if isinstance(value, list):
            shown = [_choice_words(step, key, v, answers, easy) for v in value]
        elif key in choices.BY_KEY and value:
            shown = [_choice_words(step, key, value, answers, easy)]
        else:
            shown = [value]
        out.append((key, _lines(*shown) or _lines(_("Not given"))))
    return out


def contact_details(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    parts = [answers.get("name"), answers.get("email"), answers.get("phone")]
    if answers.get("voicemail"):
        parts.append(_("Safe to leave a message: %(answer)s",
                       answer=choices.label(choices.YES_NO, answers["voicemail"])))
    if answers.get("safe_times"):
        parts.append(_("Safe times: %(times)s", times=answers["safe_times"]))
    return [("contact-details", _lines(*parts))]


def contact_needs(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    parts = []
    if answers.get("language"):
        parts.append(_("Language: %(language)s", language=answers["language"]))
    if answers.get("interpreter"):
        parts.append(_("Interpreter: %(answer)s", answer=choices.label(choices.YES_NO, answers["interpreter"])))
    if answers.get("access_needs"):
        parts.append(answers["access_needs"])
    return [("contact-needs", _lines(*parts) or _lines(_("Not given")))]


def evidence(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    """The files added, by the names the person gave them, with their sizes."""
    from . import evidence as files, services

    added = files.listed(services.load_draft().row)
    if not added:
        return [("evidence", _lines(_("Not given")))]
    return [("evidence", _lines(*(f"{item.name} ({files.size_text(item.size)})" for item in added)))]


def rows(applicable_steps, answers: dict, easy: bool, url) -> list[dict]:
    out = []
    for step in applicable_steps:
        for key, value in (step.summarise or choice)(step, answers, easy):
            label = str(KEYS[key])
            out.append({
                "key": {"text": label},
                "value": {"html": value},
                "actions": {"items": [{
                    "href": url(step.name, easy, change=1),
                    "text": _("Change"),
                    "visuallyHiddenText": label,
                }]},
            })
    return out
