"""Every phone number and address of a service comes from one table (app/content/contacts.py), and
the organisation's own details from settings: a page or template never writes them out itself."""
import re

import pytest
from babel.messages.pofile import read_po

from app.config import BASE_DIR
from app.content import contacts

CONTENT = BASE_DIR / "content"
TEMPLATES = BASE_DIR / "app" / "templates"
# UK phone and text numbers as the site writes them: 999, 101, 111, 61016, 18001 101, 0808 16 89 111.
# "999 BSL" is the name of a service, not a number to call.
PHONE = re.compile(r"(?<![\w%(/.:-])(?:999(?! ?BSL|bsl)|101|111|61016|1800[01]|0\d{2,4}[ \d]{5,9}\d)(?![\w])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TOKEN = re.compile(r"\[\[(contact|setting):([^\]]*)\]\]")
# Examples in form hints: numbers Ofcom keeps for drama, and example addresses. No one can call them.
EXAMPLE = re.compile(r"^(?:01632 960|07700 900)|@example\.(?:com|org)$")


def _literals(text: str) -> list[str]:
    return [hit for hit in PHONE.findall(text) + EMAIL.findall(text) if not EXAMPLE.search(hit)]


def _content_files():
    return sorted(CONTENT.rglob("*.md"))


def test_content_pages_in_every_language_use_the_table():
    found = {str(p.relative_to(CONTENT)): _literals(p.read_text()) for p in _content_files()}
    assert {page: hits for page, hits in found.items() if hits} == {}


def test_templates_and_form_words_use_the_table():
    files = sorted(TEMPLATES.rglob("*.html")) + [
        BASE_DIR / "app" / name for name in ("reporting/words.py", "reporting/police.py", "messages.py")]
    found = {str(p.relative_to(BASE_DIR)): _literals(p.read_text()) for p in files}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_translations_do_not_write_numbers_into_the_sentence():
    found = {}
    for path in sorted((BASE_DIR / "translations").glob("*/LC_MESSAGES/messages.po")):
        with open(path, "rb") as fh:
            catalogue = read_po(fh)
        for message in catalogue:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            # A number the English does not write (examples such as "01632 960 001" are the same in both).
            hits = [hit for s in strings if s for hit in _literals(s) if hit not in str(message.id)]
            if hits:
                found.setdefault(path.parent.parent.name, []).append((message.id, hits))
    assert found == {}


def test_every_token_names_a_key_that_exists():
    unknown = [
        (str(p.relative_to(CONTENT)), kind, key)
        for p in _content_files()
        for kind, key in TOKEN.findall(p.read_text())
        if not contacts.known(kind, key)
    ]
    assert unknown == []
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted((BASE_DIR / "app").rglob("*.py")):
        for key in re.findall(r"""\b(?:contact_number|contact_href|number)\(["']([^"']+)["']\)""", path.read_text()):
            assert key in contacts.CONTACTS, (str(path), key)


def test_the_checks_catch_a_number_an_address_and_an_unknown_key():
    assert _literals("Call Victim Support on 0808 16 89 111 or 101, or email a@b.org.") == [
        "0808 16 89 111", "101", "a@b.org"]
    assert _literals("Use 999 BSL, or call [[contact:police-emergency]].") == []
    assert not contacts.known("contact", "no-such-service")
    assert not contacts.known("setting", "secret-key")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pages_show_the_numbers_from_the_table(client, lang):
    html = client.get(f"/how-to-report?lang={lang}").get_data(as_text=True)
    assert "[[" not in html
    assert contacts.number("police-non-emergency") in html and contacts.number("btp-text") in html


def test_content_links_to_services_through_the_table():
    services = {c.href for c in contacts.CONTACTS.values() if c.href}
    written = {url for p in _content_files() for url in re.findall(r"\]\((https://[^)/]+)/?\)", p.read_text())}
    assert written & services == set()


def test_templates_link_to_services_through_the_table():
    services = {c.href for c in contacts.CONTACTS.values() if c.href}
    written = {(str(p.relative_to(BASE_DIR)), url) for p in sorted(TEMPLATES.rglob("*.html"))
               for url in re.findall(r'href="(https://[^"/]+)/?"', p.read_text())}
    assert {(name, url) for name, url in written if url in services} == set()


def test_a_link_token_becomes_the_services_address(app, client):
    with app.test_request_context():
        html = contacts.expand_tokens('<a href="[[contact:true-vision]]">True Vision</a>', "en")
    assert html == '<a href="https://www.report-it.org.uk">True Vision</a>'
    assert 'href="https://www.report-it.org.uk"' in client.get("/how-to-report").get_data(as_text=True)


def test_an_unknown_token_stays_visible_so_it_is_noticed(app):
    with app.test_request_context():
        assert contacts.expand_tokens("<p>[[contact:nope]] [[contact:beacon]]</p>", "en") == (
            "<p>[[contact:nope]] 03000 11 55 55</p>")


def test_settings_fill_content_and_the_footer(app, client):
    app.config.update(ORGANISATION_NAME="Herts <Partners>", CONTACT_EMAIL="help@example.org")
    html = client.get("/contact").get_data(as_text=True)
    assert '<a href="mailto:help@example.org">help@example.org</a>' in html
    assert "This website is run by Herts &lt;Partners&gt;." in html
    assert "hello@reporthate" not in html



@pytest.mark.parametrize("days, lang, said", [(730, "en", "for 2 years, or 7 years if"), (400, "en", "for 400 days, or 7 years if"),
                                              (1095, "pl", "przez 3 lata, a jeśli"), (365, "ar", "لمدة سنة واحدة")])
def test_the_privacy_notice_says_how_long_reports_are_kept_from_the_setting(app, client, days, lang, said):
    app.config["REPORT_RETENTION_DAYS"] = days
    assert said in client.get(f"/privacy?lang={lang}").get_data(as_text=True)

def test_partner_links_setting_lists_the_countys_pages_on_the_support_page(app, client):
    from app.config import ConfigError, partner_links

    assert "Hate crime pages of organisations in Hertfordshire" not in client.get("/getting-support").get_data(as_text=True)
    app.config["PARTNER_LINKS"] = partner_links("County council: hate crime|https://council.example.org/hate; Police|https://police.example.org")
    html = client.get("/getting-support").get_data(as_text=True)
    assert '<a class="govuk-link" href="https://council.example.org/hate">County council: hate crime</a>' in html
    assert "[[partner-links]]" not in html
    with pytest.raises(ConfigError, match="https://"):
        partner_links("Not safe|http://example.org")


def test_support_page_names_the_services_from_the_table(client):
    html = client.get("/getting-support").get_data(as_text=True)
    for key in ("victim-support", "beacon", "cst", "galop", "childline"):
        assert contacts.number(key) in html, key
    for name in ("Tell MAMA", "Friends, Families and Travellers", "Hate Crime Officers"):
        assert name in html


def test_wherever_a_page_gives_999_or_101_it_says_how_deaf_people_reach_the_police():
    police = re.compile(r"\[\[contact:police-(?:emergency|non-emergency)\]\]")
    deaf = re.compile(r"^\[\[deaf-access\]\]$|\[\[contact:police-(?:textphone|bsl)\]\]", re.M)
    missing = [str(p.relative_to(CONTENT)) for p in _content_files()
               if police.search(p.read_text()) and not deaf.search(p.read_text())]
    assert missing == []
