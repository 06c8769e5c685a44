"""Every phone number, text number, web address and e-mail of a service, in one table.

Content pages write `[[contact:KEY]]`, templates `contact_number("beacon")` (a link's address:
`contact_href("true-vision")`) and Python `number("beacon")`, so a number is changed here once and
every page and language follows. Organisation settings (name,
contact address, data controller) are `[[setting:NAME]]`, read from the configuration.
Facts not yet confirmed by the service itself are listed in docs/facts-to-confirm.md.
"""
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, ngettext
from markupsafe import Markup, escape

PHONE, TEXT, WEB, EMAIL = "phone", "text", "web", "email"


@dataclass(frozen=True)
class Contact:
    kind: str
    value: str  # as people read it: "0808 16 89 111", "www.report-it.org.uk"
    href: str = ""  # for web and e-mail: where the link goes


CONTACTS = {
    "police-emergency": Contact(PHONE, "999"),
    "police-non-emergency": Contact(PHONE, "101"),
    # Relay UK: type, and a relay assistant speaks your words and types the reply.
    "police-textphone": Contact(PHONE, "18001 101"),
    "police-emergency-textphone": Contact(PHONE, "18000"),
    # 999 BSL: a video call to a BSL interpreter who speaks to the emergency service for you.
    "police-bsl": Contact(WEB, "999bsl.co.uk", "https://999bsl.co.uk"),
    "police-website": Contact(WEB, "www.herts.police.uk", "https://www.herts.police.uk"),
    "btp-text": Contact(TEXT, "61016"),
    "btp-web": Contact(WEB, "www.btp.police.uk", "https://www.btp.police.uk"),
    "victim-support": Contact(PHONE, "0808 16 89 111"),
    "victim-support-web": Contact(WEB, "www.victimsupport.org.uk", "https://www.victimsupport.org.uk"),
    "beacon": Contact(PHONE, "03000 11 55 55"),
    "beacon-web": Contact(WEB, "www.hertfordshirebeacon.org", "https://www.hertfordshirebeacon.org"),
    "childline": Contact(PHONE, "0800 1111"),
    "childline-web": Contact(WEB, "www.childline.org.uk", "https://www.childline.org.uk"),
    # National services for particular communities (getting-support), each from its own public pages.
    "tell-mama": Contact(WEB, "tellmamauk.org", "https://tellmamauk.org"),
    "cst": Contact(PHONE, "0800 032 3263"),
    "cst-web": Contact(WEB, "cst.org.uk", "https://cst.org.uk"),
    "galop": Contact(PHONE, "0800 999 5428"),
    "galop-web": Contact(WEB, "galop.org.uk", "https://galop.org.uk"),
    "fft-web": Contact(WEB, "www.gypsy-traveller.org", "https://www.gypsy-traveller.org"),
    "nhs-111": Contact(PHONE, "111"),
    "true-vision": Contact(WEB, "www.report-it.org.uk", "https://www.report-it.org.uk"),
}

# Content pages: [[contact:key]] and [[setting:name]] anywhere in a sentence, and a link's address
# written as a token, [words]([[contact:key]]), which becomes the service's web address.
TOKEN = re.compile(r"\[\[(contact|setting):([a-z0-9-]+)\]\]")
LINK_TOKEN = re.compile(r'href="\[\[contact:([a-z0-9-]+)\]\]"')
SETTINGS = {
    "organisation-name": "ORGANISATION_NAME",
    "contact-email": "CONTACT_EMAIL",
    "data-controller": "DATA_CONTROLLER",
    "dpo-contact": "DPO_CONTACT",
}
# Not a config string but said in words: how long this site keeps a report.
COMPUTED = ("report-retention", "police-retention")


def number(key: str) -> str:
    """The number or address as people read it (templates and Python strings)."""
    return CONTACTS[key].value


def href(key: str) -> str:
    """Where a link to a web or e-mail contact goes (templates: contact_href("true-vision"))."""
    return CONTACTS[key].href


def link(key: str) -> Markup:
    """The contact as it appears in a page: web and e-mail as links, numbers as text."""
    contact = CONTACTS[key]
    if contact.kind in (WEB, EMAIL):
        return Markup('<a href="%s">%s</a>') % (contact.href, contact.value)
    return escape(contact.value)


def _retention_days(name: str) -> int:
    from ..cases.services import POLICE_RETENTION_DAYS  # the case rules own it; read here, never repeated

    return current_app.config["REPORT_RETENTION_DAYS"] if name == "report-retention" else POLICE_RETENTION_DAYS


def setting(name: str, lang: str) -> Markup:
    if name in COMPUTED:  # how long reports are kept, in whole years where the setting is
        days = _retention_days(name)
        with force_locale(lang):
            if days % 365 == 0:
                return escape(ngettext("%(num)d year", "%(num)d years", days // 365))
            return escape(ngettext("%(num)d day", "%(num)d days", days))
    value = current_app.config[SETTINGS[name]]
    if name in ("contact-email", "dpo-contact") and "@" in value and " " not in value.strip():
        return Markup('<a href="mailto:%s">%s</a>') % (value.strip(), value.strip())
    return escape(value)


def known(kind: str, key: str) -> bool:
    return key in CONTACTS if kind == "contact" else (key in SETTINGS or key in COMPUTED)


def expand_tokens(html: str, lang: str) -> str:
    """Replace every token in a page's HTML. An unknown token is left visible (tests find them)."""
    def replace(match):
        kind, key = match.groups()
        if not known(kind, key):
            return match.group(0)
        return str(link(key) if kind == "contact" else setting(key, lang))

    def address(match):
        contact = CONTACTS.get(match.group(1))
        return f'href="{escape(contact.href)}"' if contact and contact.href else match.group(0)

    return TOKEN.sub(replace, LINK_TOKEN.sub(address, html))
