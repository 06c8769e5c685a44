"""Loading, rendering and sanitising content pages.

A page is `content/<lang>/<slug>.md` (easy-read twin: `<slug>.easy.md`): YAML front matter and
Markdown. Rendering happens once per file version and is cached. Every page's HTML passes through
`sanitise()`, the single place that decides what markup may reach a browser.
"""
import re
from dataclasses import dataclass
from pathlib import Path

import bleach
import frontmatter
import markdown
from flask import current_app
from markupsafe import Markup

from .. import i18n

# A slug names a file: at most 80 characters, well inside every file system's limit on a name.
SLUG = re.compile(r"^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
PICTOGRAM = re.compile(r'src="pictogram:([a-z0-9-]+)"')
# An easy-read idea: a paragraph that starts with its pictogram. The words go in their own box so
# a link inside a sentence stays part of it.
IDEA = re.compile(r"<p>(<img [^>]+>)\s*(.*?)</p>", re.S)

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "img", "code", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": ["href", "hreflang"], "img": ["src", "alt"], "abbr": ["title"], "th": ["scope"]}
ALLOWED_PROTOCOLS = {"https", "mailto", "tel"}


@dataclass(frozen=True)
class Page:
    slug: str
    easy_read: bool
    lang: str  # the language the text is actually in
    title: str
    description: str
    body: Markup
    danger_message: bool = False
    needs_review: bool = False


@dataclass(frozen=True)
class Shown:
    """A page as shown to a person: the page and whether it fell back to English."""
    page: Page
    requested_lang: str

    @property
    def fell_back(self) -> bool:
        return self.page.lang != self.requested_lang


# A script or style element goes with all it holds: bleach would strip the tags but leave the code
# showing as text.
HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.S | re.I)


def sanitise(html: str) -> Markup:
    """The only way content HTML reaches a template. Pictograms become static image paths."""
    html = HIDDEN.sub("", html)
    html = PICTOGRAM.sub(r'src="/static/pictograms/\1.svg"', html)
    clean = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    # Relative links are allowed by bleach; images must be our own pictograms only.
    clean = re.sub(r'<img(?![^>]*src="/static/pictograms/[a-z0-9-]+\.svg")[^>]*>', "", clean)
    return Markup(clean)


# A paragraph that is only "[[name]]" is replaced, when the page is shown, by words that live in
# one place in the code, so a page and the form can never say different things.
SNIPPET = re.compile(r"<p>\[\[([a-z-]+)\]\]</p>")
PAGE_PICTOGRAM = re.compile(r'src="/static/pictograms/([a-z0-9-]+)\.svg"')
SNIPPETS = {
    "police-choices": "content/snippets/police-choices.html",
    "deaf-access": "content/snippets/deaf-access.html",
    "who-finds-out": "content/snippets/who-finds-out.html",
    "partner-links": "content/snippets/partner-links.html",
}


def expand(page: Page) -> Markup:
    """The page's body with its snippets rendered and its contact and setting tokens filled in
    (app/content/contacts.py), in the page's own language."""
    from flask import render_template, url_for
    from flask_babel import force_locale

    from .contacts import expand_tokens

    def snippet(match):
        template = SNIPPETS.get(match.group(1))
        if template is None:
            return ""
        with force_locale(page.lang):
            return render_template(template, easy=page.easy_read)

    def versioned(match):  # the same picture from a page and from a snippet is one file, fetched once
        return f'src="{url_for("static", filename=f"pictograms/{match.group(1)}.svg")}"'

    body = PAGE_PICTOGRAM.sub(versioned, SNIPPET.sub(snippet, str(page.body)))
    return Markup(expand_tokens(body, page.lang))


def _render(path: Path, slug: str, lang: str, easy: bool) -> Page:
    post = frontmatter.load(path)
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    body = sanitise(md.convert(post.content))
    if easy:
        body = Markup(IDEA.sub(r'<p class="app-idea">\1<span class="app-idea__text">\2</span></p>', str(body)))
    title = str(post.get("title") or "").strip()
    if not title:
        raise ValueError(f"{path}: front matter needs a title")
    return Page(
        slug=slug,
        easy_read=easy,
        lang=lang,
        title=title,
        description=str(post.get("description") or "").strip(),
        body=body,
        danger_message=bool(post.get("danger_message", False)),
        needs_review=bool(post.get("needs_review", False)),
    )


_cache: dict[tuple[str, float], Page] = {}


def _file(lang: str, slug: str, easy: bool) -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / lang / (slug + (".easy.md" if easy else ".md"))


def _load(lang: str, slug: str, easy: bool) -> Page | None:
    path = _file(lang, slug, easy)
    try:
        mtime = path.stat().st_mtime
    except OSError:  # missing, or a name the file system refuses: either way, no such page
        return None
    key = (str(path), mtime)
    page = _cache.get(key) if current_app.config.get("CONTENT_CACHE") else None
    if page is None:
        page = _render(path, slug, lang, easy)
        _cache[key] = page
    return page


def find(slug: str, lang: str, easy: bool = False) -> Shown | None:
    """The page in the person's language, else in English, else None."""
    if not SLUG.match(slug):
        return None
    page = _load(lang, slug, easy) or (_load(i18n.DEFAULT, slug, easy) if lang != i18n.DEFAULT else None)
    return Shown(page, lang) if page else None


def has_easy_read(slug: str) -> bool:
    return SLUG.match(slug) is not None and _file(i18n.DEFAULT, slug, True).is_file()


def all_slugs() -> list[str]:
    """Every English page slug (English is complete; other languages may fall back)."""
    folder = Path(current_app.config["CONTENT_DIR"]) / i18n.DEFAULT
    return sorted(p.name[:-3] for p in folder.glob("*.md") if not p.name.endswith(".easy.md"))


def easy_read_slugs() -> list[str]:
    folder = Path(current_app.config["CONTENT_DIR"]) / i18n.DEFAULT
    return sorted(p.name[: -len(".easy.md")] for p in folder.glob("*.easy.md"))
