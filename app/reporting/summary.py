"""Check your answers: each answer in words, with a Change link back to its question."""
from datetime import date

from flask_babel import format_date, gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape

from ..geography import EXTRA_CHOICES, district_name
from . import choices, services, steps, words

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
    "support": _l("Put in touch with Beacon"),
    "contact": _l("Can we contact you"),
    "contact-details": _l("Your contact details"),
    "contact-needs": _l("Language and access needs"),
    "heard": _l("How you heard about this website"),
}


def _lines(*parts) -> Markup:
    return Markup("<br>").join(escape(line) for part in parts if part for line in str(part).splitlines())


def _choice(step_name: str, key: str, value, answers: dict, easy: bool) -> str:
    over = words.for_step(step_name, answers, easy).get(key, {}).get("choices", {})
    if value in over:
        return str(over[value])
    return choices.label(steps.CHOICE_LISTS[key], value)


def _value(step, answers: dict, easy: bool) -> list[tuple[str, Markup]]:
    a = answers
    name = step.name
    not_given = _("Not given")
    if name == "centre":
        return [("centre_code", _lines(services.centre_name(a.get("centre_id")) or a.get("centre_code")))]
    if name == "what":
        return [("description", _lines(a.get("description")))]
    if name == "why":
        picked = [_choice(name, "strands", v, a, easy) for v in a.get("strands", [])]
        if "other" in a.get("strands", []) and a.get("strand_other"):
            picked.append(a["strand_other"])
        return [("strands", _lines(*picked))]
    if name == "area":
        extra = dict(EXTRA_CHOICES)
        district = a.get("district", "")
        shown = str(extra[district]) if district in extra else district_name(district)
        return [("district", _lines(shown)), ("town", _lines(a.get("town") or not_given))]
    if name == "when":
        if a.get("when") == "date" and a.get("date"):
            return [("when", _lines(format_date(date.fromisoformat(a["date"]), "d MMMM y")))]
        return [("when", _lines(_choice(name, "when", a.get("when"), a, easy)))]
    if name == "contact-details":
        parts = [a.get("name"), a.get("email"), a.get("phone")]
        if a.get("voicemail"):
            parts.append(_("Safe to leave a message: %(answer)s",
                           answer=choices.label(choices.YES_NO, a["voicemail"])))
        if a.get("safe_times"):
            parts.append(_("Safe times: %(times)s", times=a["safe_times"]))
        return [("contact-details", _lines(*parts))]
    if name == "contact-needs":
        parts = []
        if a.get("language"):
            parts.append(_("Language: %(language)s", language=a["language"]))
        if a.get("interpreter"):
            parts.append(_("Interpreter: %(answer)s", answer=choices.label(choices.YES_NO, a["interpreter"])))
        if a.get("access_needs"):
            parts.append(a["access_needs"])
        return [("contact-needs", _lines(*parts) or _lines(not_given))]
    if name == "heard":
        return [("heard", _lines(_choice(name, "heard", a.get("heard"), a, easy) if a.get("heard") else not_given))]
    key = step.keys[0]
    return [(key, _lines(_choice(name, key, a.get(key), a, easy)))]


def rows(answers: dict, easy: bool, url) -> list[dict]:
    out = []
    for step in steps.applicable(answers):
        for key, value in _value(step, answers, easy):
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
