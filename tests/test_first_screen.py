"""The first minute on a phone: a way to report on every page, one "Language" control, and advice on
leaving safely beside Exit this page where a person first meets it."""
import pytest
from bs4 import BeautifulSoup

from app import i18n

from .conftest import csrf_token


def soup_of(response):
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize("url", ["/", "/how-to-report", "/is-this-a-hate-crime", "/centres", "/report/who",
                                 "/follow-up", "/figures", "/no-such-page"])
def test_every_public_page_offers_report_and_find_a_centre_first_in_the_menu(client, url):
    menu = soup_of(client.get(url)).find("nav", class_="app-nav")
    links = [(a.get_text(strip=True), a["href"]) for a in menu.find_all("a")]
    assert links[:2] == [("Report", "/report"), ("Find a centre", "/centres")]


def test_the_home_page_starts_with_a_start_button_to_the_report(client):
    main = soup_of(client.get("/")).find("main")
    button = main.find("a", class_="govuk-button--start")
    assert button is not None and button["href"] == "/report"
    assert "Report hate crime" in button.get_text()
    # On the first screen: straight after the page's heading and summary, before any of the text.
    assert button.find_previous("h2") is None


def test_languages_sit_behind_one_control_that_needs_no_javascript(client):
    soup = soup_of(client.get("/how-to-report?lang=ar"))
    menu = soup.find("details", class_="app-languages-menu")
    assert menu.find("summary").get_text(" ", strip=True).endswith("(Language)")
    links = menu.find("nav", class_="app-languages").find_all("a", hreflang=True)
    assert {a["hreflang"] for a in links} == {lang.code for lang in i18n.LANGUAGES} - {"ar"}
    assert all(a["href"].startswith("/how-to-report?lang=") for a in links)
    assert soup.html["dir"] == "rtl" and soup.find("a", hreflang="ur")["dir"] == "rtl"


@pytest.mark.parametrize("answers, offered", [
    ({"happened": "yes", "because": "yes", "harm": "yes", "words": "no", "again": "no"}, True),  # a hate crime
    ({"happened": "yes", "because": "yes", "harm": "no", "words": "no", "again": "no"}, True),   # a hate incident
    ({"happened": "yes", "because": "no", "harm": "yes", "words": "no", "again": "no"}, False),
    ({"happened": "no", "because": "yes", "harm": "yes", "words": "no", "again": "no"}, False),
])
def test_the_self_check_offers_the_report_when_it_could_be_hate(client, answers, offered):
    token = csrf_token(client, "/is-this-a-hate-crime")
    main = soup_of(client.post("/is-this-a-hate-crime", data={"csrf_token": token, **answers})).find("main")
    assert main.find(class_="app-result") is not None  # every question answered: a result, not an error
    button = main.find("a", class_="govuk-button--start")
    assert (button is not None and button["href"] == "/report") is offered


def test_follow_up_is_linked_from_every_page_footer_and_the_contact_page(client):
    for url in ["/", "/report/who", "/centres"]:
        footer = soup_of(client.get(url)).find("footer")
        assert footer.find("a", href="/follow-up"), url
    assert soup_of(client.get("/contact")).find("main").find("a", href="/follow-up")


@pytest.mark.parametrize("url, easy", [("/", False), ("/report", False), ("/report/easy", True)])
@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_advice_on_leaving_safely_is_beside_exit_this_page_where_a_person_arrives(client, url, easy, lang):
    soup = soup_of(client.get(f"{url}?lang={lang}"))
    advice = soup.find(class_="app-exit-advice")
    assert advice is not None
    assert advice.find_previous(class_="govuk-exit-this-page") is not None
    assert advice.find_previous("main") is None  # above the page's content, next to the button
    assert ("app-exit-advice--easy" in advice["class"]) is easy
    if lang != "en":
        assert "private" not in advice.get_text() and "Press" not in advice.get_text()


def test_the_advice_is_not_repeated_on_every_page(client):
    for url in ["/how-to-report", "/report/who", "/centres"]:
        assert soup_of(client.get(url)).find(class_="app-exit-advice") is None, url
