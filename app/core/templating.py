"""What every template can use: the language table, the current language, the site name."""
from urllib.parse import quote, urlencode

from flask import Flask, current_app, request
from flask_babel import get_locale, lazy_gettext as _l
from govuk_frontend_wtf.main import WTFormsHelpers

from .. import i18n

SITE_NAME = _l("Report Hate in Hertfordshire")


def init_app(app: Flask) -> None:
    WTFormsHelpers(app)

    @app.context_processor
    def layout_context():
        code = str(get_locale() or i18n.DEFAULT)
        return {
            "site_name": SITE_NAME,
            "languages": i18n.LANGUAGES,
            "current_language": i18n.language(code),
            "organisation_name": current_app.config.get("ORGANISATION_NAME", ""),
        }

    from ..content.contacts import href, number

    # Every phone number or address a template shows: contact_number("victim-support"), and where a
    # link to a service goes: contact_href("true-vision").
    app.add_template_global(number, "contact_number")
    app.add_template_global(href, "contact_href")

    @app.template_global()
    def url_with_lang(code: str) -> str:
        """The current page in another language (no JavaScript needed)."""
        # Campaign parameters belong to the arrival, not to the page: switching language is not a new visit.
        args = {k: v for k, v in request.args.items() if not k.startswith("utm_")}
        args["lang"] = code
        return same_site_path(request.path) + "?" + urlencode(args)


def same_site_path(path: str) -> str:
    """A request path made safe to put in an href on this site.

    The path comes from the request (a 404 page shows it for any address), so it is decoded and may
    start with "//" or "/\\": either would send the link to another host. Leading slashes are
    collapsed to one and everything outside the characters a path may hold is percent-encoded
    (a backslash becomes %5C), so the link can only ever point at this site."""
    return "/" + quote(path.lstrip("/"), safe="/-._~!$&'()*+,;=:@")
