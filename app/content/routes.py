from flask import abort, current_app, render_template, request
from flask_babel import get_locale

from . import bp, pages
from .selfcheck import SelfCheckForm, outcome


# Rendered content pages: (path, language) -> (page, html). A content page's HTML depends only on
# its file, the language and the path (nothing personal, no form, no nonce), and the layout costs
# most of the time of serving it. Bounded by the files that exist times the languages.
_rendered: dict[tuple[str, str], tuple[pages.Page, str]] = {}


def _cacheable() -> bool:
    # Other query parameters appear in the language links, so only these leave the HTML unchanged.
    return current_app.config.get("CONTENT_CACHE") and all(k == "lang" or k.startswith("utm_") for k in request.args)


def _show(slug: str, easy: bool):
    locale = str(get_locale())
    shown = pages.find(slug, locale, easy=easy)
    if shown is None:
        abort(404)
    key = (request.path, locale)
    cached = _rendered.get(key)
    if cached is not None and cached[0] is shown.page and _cacheable():
        return cached[1]
    html = render_template(
        "content/page.html",
        shown=shown,
        page=shown.page,
        easy_twin=(not easy and pages.has_easy_read(slug)),
    )
    if _cacheable():
        _rendered[key] = (shown.page, html)
    return html


@bp.get("/")
def home():
    return _show("home", easy=False)


@bp.route("/is-this-a-hate-crime", methods=["GET", "POST"])
def self_check():
    form = SelfCheckForm()
    result = None
    if request.method == "POST" and form.validate_on_submit():
        result = outcome(form.happened.data, form.because.data, form.harm.data)
    return render_template("content/self_check.html", form=form, result=result)


@bp.get("/<slug>")
def page(slug: str):
    if slug == "home":
        abort(404)  # the home page lives at /
    return _show(slug, easy=False)


@bp.get("/<slug>/easy-read")
def easy_read(slug: str):
    return _show(slug, easy=True)
