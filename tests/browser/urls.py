"""Every public page the browser tests visit. A feature adds its pages here."""
from app import i18n
from app.config import BASE_DIR

CONTENT = BASE_DIR / "content" / "en"


def content_urls() -> list[str]:
    urls = []
    for path in sorted(CONTENT.glob("*.md")):
        if path.name.endswith(".easy.md"):
            urls.append(f"/{path.name[:-len('.easy.md')]}/easy-read")
        else:
            slug = path.name[:-3]
            urls.append("/" if slug == "home" else f"/{slug}")
    return urls


# Pages that are not Markdown content.
FEATURE_URLS = [
    "/is-this-a-hate-crime",
    "/centres",
    "/centres?near=Hemel+Hempstead",
    "/centres?near=Hemel+Hemstead",
    "/centres?near=Manchester",  # a place outside the county: where to report instead
    "/centres?near=EN9+1AA&find=",  # an unknown postcode on the county's edge
    "/centres/sample-centre-watford-community-library",  # one centre (sample data)
    "/no-such-page",  # the 404 page
    "/report",
    "/report/who",
    "/report/easy",
    "/report/easy/who",
    "/figures",
    "/outcomes",  # empty here; test_staff_browser sweeps it with a published outcome too
    "/follow-up",
    "/follow-up?easy=1",
    "/staff/login",  # the only staff page open without signing in
]


def public_urls() -> list[str]:
    return content_urls() + FEATURE_URLS


LANGUAGE_CODES = [lang.code for lang in i18n.LANGUAGES]
