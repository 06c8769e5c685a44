from flask import abort, render_template, request
from flask_babel import get_locale

from . import bp, pages
from .selfcheck import SelfCheckForm, outcome


def _show(slug: str, easy: bool):
    locale = str(get_locale())
    shown = pages.find(slug, locale, easy=easy)
    if shown is None:
        abort(404)
    return render_template(
        "content/page.html",
        shown=shown,
        page=shown.page,
        body=pages.expand(shown.page),
        easy_twin=(not easy and pages.has_easy_read(slug)),
    )


@bp.get("/")
def home():
    return _show("home", easy=False)


@bp.route("/is-this-a-hate-crime", methods=["GET", "POST"])
def self_check():
    form = SelfCheckForm()
    result = None
    if request.method == "POST" and form.validate_on_submit():
        result = outcome(form.happened.data, form.because.data, form.harm.data, form.words.data, form.again.data)
    return render_template("content/self_check.html", form=form, result=result)


@bp.get("/<slug>")
def page(slug: str):
    if slug == "home":
        abort(404)  # the home page lives at /
    return _show(slug, easy=False)


@bp.get("/<slug>/easy-read")
def easy_read(slug: str):
    return _show(slug, easy=True)
