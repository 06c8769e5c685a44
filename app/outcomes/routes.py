"""The public page of outcomes. Thin: ask app.outcomes.services, render."""
from flask import render_template
from flask_babel import get_locale

from .. import i18n
from ..core import clock
from . import bp, services
from .models import STORY, YOU_SAID


@bp.app_context_processor
def language_of():
    """The language an outcome is written in, for its lang and dir attributes."""
    return {"language_of": i18n.language}


@bp.get("/outcomes")
def index():
    lang = str(get_locale() or i18n.DEFAULT)
    found, fell_back = services.shown(lang)
    items = [(outcome, services.render(outcome.body), clock.site_day(outcome.published_at)) for outcome in found]
    return render_template("outcomes/index.html", fell_back=fell_back,
                           stories=[i for i in items if i[0].kind == STORY],
                           notes=[i for i in items if i[0].kind == YOU_SAID])
