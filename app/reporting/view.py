"""Turns a step's form, the person's answers and the version (standard or easy read) into the
parameters the GOV.UK macros need. Presentation only: no rules live here."""
from flask import render_template, url_for
from markupsafe import Markup, escape
from wtforms import RadioField, SelectMultipleField, TextAreaField

from . import words
from .forms import DESCRIPTION_MAX

def pictogram(name: str) -> Markup:
    src = url_for("static", filename=f"pictograms/{name}.svg")
    return Markup('<img class="app-report-pictogram" src="{}" alt="" width="64" height="64">').format(src)


def _choice_html(text, picture: str | None) -> Markup:
    if not picture:
        return escape(text)
    return Markup('<span class="app-report-choice">{}<span>{}</span></span>').format(pictogram(picture), text)


def field_params(step, form, answers: dict, easy: bool) -> list[tuple]:
    """[(field, params)] for every visible field of the step, in order."""
    overrides = words.for_step(step.name, answers, easy)
    heading_done = step.heading is not None
    out = []
    skip = set()
    conditional = {}
    for value, revealed in form.revealed.items():
        if isinstance(revealed, tuple):  # the parts of a date
            skip.update(revealed)
            conditional[value] = Markup(render_template("reporting/_date.html", form=form, easy=easy))
        else:
            skip.add(revealed)
            conditional[value] = form[revealed](params=_text_params(form[revealed], overrides, easy))
    for field in form:
        if field.name in ("csrf_token",) or field.name in skip:
            continue
        over = overrides.get(field.name, {})
        is_heading = not heading_done
        heading_done = True
        if isinstance(field, (RadioField, SelectMultipleField)):
            params = {"fieldset": {"legend": {"text": str(over.get("label", field.label.text))}}}
            if is_heading:
                params["fieldset"]["legend"].update(
                    {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"})
            elif step.heading is not None and len(step.keys) == 1:
                # The page's own heading already asks this one question: say it once, to screen readers.
                # Hidden inside the legend, as GOV.UK does: a hidden legend itself keeps its width on a phone.
                params["fieldset"]["legend"] = {"html": Markup('<span class="govuk-visually-hidden">{}</span>')
                                                .format(params["fieldset"]["legend"]["text"])}
            else:
                params["fieldset"]["legend"]["classes"] = "govuk-fieldset__legend--m"
            if "hint" in over:
                params["hint"] = {"text": str(over["hint"])}
            items = []
            for value, label in field.choices:
                text = over.get("choices", {}).get(value, label)
                item = {}
                if easy:
                    item["html"] = _choice_html(text, step.pictograms.get(value, step.pictogram))
                elif value in over.get("choices", {}):
                    item["text"] = str(text)
                if value in over.get("choice_hints", {}):
                    item["hint"] = {"text": str(over["choice_hints"][value])}
                if value in conditional:
                    item["conditional"] = {"html": conditional[value]}
                if value == "not-sure" and isinstance(field, SelectMultipleField):
                    item["behaviour"] = "exclusive"
                items.append(item)
            params["items"] = items
            if easy:
                params["classes"] = "app-report-easy-choices"
            if len(field.choices) <= 2 and not easy:
                params["classes"] = "govuk-radios--inline"
        else:
            params = _text_params(field, overrides, easy, is_heading)
        out.append((field, params))
    return out


def _text_params(field, overrides, easy, is_heading=False):
    over = overrides.get(field.name, {})
    params = {"label": {"text": str(over.get("label", field.label.text))}}
    if is_heading:
        params["label"].update({"isPageHeading": True, "classes": "govuk-label--l"})
    if "hint" in over:
        params["hint"] = {"text": str(over["hint"])} if over["hint"] else None
    if isinstance(field, TextAreaField):
        params["maxlength"] = DESCRIPTION_MAX if field.name == "description" else 1000
        params["rows"] = 10 if field.name == "description" else 4
        params["attributes"] = {"spellcheck": "true"}
    else:
        if field.name == "email":
            params.update({"type": "email", "autocomplete": "email", "spellcheck": False})
        elif field.name == "phone":
            params.update({"type": "tel", "autocomplete": "tel", "classes": "govuk-input--width-20"})
        elif field.name == "name":
            params.update({"autocomplete": "name"})
        elif field.name == "files":
            params.update({"attributes": {"accept": "image/*,.heic,.heif"}})
        elif field.name == "time":
            params.update({"classes": "govuk-input--width-5", "spellcheck": False, "autocomplete": "off"})
        elif field.name == "crime_reference":
            params.update({"classes": "govuk-input--width-20", "spellcheck": False, "autocomplete": "off"})
        elif field.name == "centre_code":
            params.update({"classes": "govuk-input--width-10", "spellcheck": False, "autocomplete": "off"})
    if easy:
        params["classes"] = (params.get("classes", "") + " app-report-easy-input").strip()
    return params


def heading_text(step, form, answers, easy) -> str:
    """The words of the page's <h1>, also used in the <title>."""
    if step.heading is not None:
        over = words.for_step(step.name, answers, easy).get(words.HEADING, {})
        return str(over.get("label", step.heading[1] if easy else step.heading[0]))
    first = next(f for f in form if f.name != "csrf_token")
    over = words.for_step(step.name, answers, easy).get(first.name, {})
    return str(over.get("label", first.label.text))
