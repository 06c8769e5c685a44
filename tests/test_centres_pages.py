"""The public finder, list and centre pages, without JavaScript."""
import json
import re

import pytest
from bs4 import BeautifulSoup

from app.centres.sample import load_sample_centres
from app.extensions import db

@pytest.fixture
def site(app):
    with app.app_context():
        load_sample_centres()
    return app


@pytest.fixture
def web(site):
    return site.test_client()


def soup_of(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def listed_names(soup) -> list[str]:
    return [li["data-centre-name"] for li in soup.select("ol.app-centres > li")]


def test_every_active_centre_is_listed_with_its_details(web):
    soup = soup_of(web.get("/centres"))
    names = listed_names(soup)
    assert len(names) == 12
    assert "Sample centre: Royston drop-in (closed)" not in names
    assert soup.find(class_="app-centres-count").get_text(" ", strip=True).startswith("12 centres.")
    card = soup.find(id="centre-sample-centre-watford-community-library")
    text = card.get_text(" ", strip=True)
    for fact in ["1 Sample Street", "WD17 1AA", "Watford", "Monday to Friday", "01632 960101",
                 "smp-wat1@example.org", "Polish", "Step-free access", "Help to make a report"]:
        assert fact in text, fact
    assert card.find("a", href="tel:01632960101")
    assert card.find("h3").find("a")["href"] == "/centres/sample-centre-watford-community-library"
    # The map is a visual extra: hidden until the script shows it, labelled, with no inline script.
    box = soup.find(id="centres-map")
    assert box.has_attr("hidden") and box["aria-label"]
    assert box["data-tile-url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in box["data-attribution"]
    assert card["data-centre-lat"] == "51.65600" and card["data-centre-lng"] == "-0.39600"
    assert not soup.find("button", string="Show on map")  # made by the script only
    assert all(s.get("src") for s in soup.find_all("script"))
    assert not soup.find(attrs={"style": True})


def _versioned(path: str):
    return re.compile("^" + re.escape(path) + r"\?v=[0-9a-f]{12}$")


def test_leaflet_is_fetched_only_when_the_map_is_asked_for(web):
    # The list comes without Leaflet: the map's script fetches it (versioned) when the map is shown.
    finder = soup_of(web.get("/centres"))
    assert finder.find("script", src=_versioned("/static/dist/centres-map.js"))
    assert not finder.find("link", href=re.compile("leaflet"))
    assert not finder.find("script", src=re.compile("leaflet"))
    box = finder.find(id="centres-map")
    assert _versioned("/static/dist/leaflet/leaflet.css").match(box["data-leaflet-css"])
    assert _versioned("/static/dist/leaflet/leaflet.js").match(box["data-leaflet-js"])
    assert box["data-map-label"] == "Show the map"
    home = soup_of(web.get("/is-this-a-hate-crime"))
    assert not home.find("script", src=_versioned("/static/dist/centres-map.js"))


def test_filter_by_district_without_javascript(web):
    soup = soup_of(web.get("/centres"))
    form = soup.find("select", attrs={"name": "district"}).find_parent("form")
    assert form["method"] == "get" and form["action"] == "/centres"
    assert len(soup.find("select").find_all("option")) == 11

    soup = soup_of(web.get("/centres?district=north-hertfordshire&show="))
    assert listed_names(soup) == [
        "Sample centre: Hitchin disability advice centre",
        "Sample centre: Letchworth community centre",
    ]
    assert soup.find("h2", id="results-heading").get_text(strip=True) == "Centres in North Hertfordshire"
    assert soup.find(class_="app-centres-count").get_text(" ", strip=True).startswith("2 centres.")
    assert soup.find("option", selected=True)["value"] == "north-hertfordshire"


def test_an_unknown_district_is_a_clear_error(web):
    response = web.get("/centres?district=narnia")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.title.get_text().startswith("Error:")
    assert "Choose a district from the list" in soup.find(class_="govuk-error-summary").get_text()
    assert len(listed_names(soup)) == 12


@pytest.mark.parametrize(
    "near, first",
    [("Hemel Hempstead", "SMP-DAC1"), ("SG1", "SMP-STE1"), ("sg1 2ab", "SMP-STE1"), ("bishops stortford", "SMP-EHE2"),
     ("WD17", "SMP-WAT1"), ("Borehamwood", "SMP-HER1")],
)
def test_find_the_nearest(web, near, first):
    soup = soup_of(web.get("/centres", query_string={"near": near, "find": ""}))
    items = soup.select("ol.app-centres > li")
    assert items[0]["data-centre-url"].startswith("/centres/sample-centre-")
    from app.centres.sample import SAMPLES

    first_name = "Sample centre: " + next(s[1] for s in SAMPLES if s[0] == first)
    assert items[0]["data-centre-name"] == first_name
    distances = [li.find(class_="app-centre__distance").get_text(" ", strip=True) for li in items]
    assert all(d.endswith("km) away") for d in distances)
    miles = [float(d.split(" miles")[0]) for d in distances]
    assert miles == sorted(miles)
    assert "nearest first" in soup.find(class_="app-centres-count").get_text()


def test_distance_shows_miles_to_one_decimal_and_km(web):
    soup = soup_of(web.get("/centres?near=Hemel+Hempstead"))
    first = soup.select("ol.app-centres > li")[0].find(class_="app-centre__distance").get_text(" ", strip=True)
    # Hemel Hempstead (51.7526, -0.4692) to the sample centre (51.7530, -0.4720): about 0.2 km.
    assert first == "0.1 miles (0.2 km) away"


def test_a_misspelt_place_gets_suggestions_and_the_district_list_never_an_error_page(web):
    response = web.get("/centres?near=Hemel+Hemstead&find=")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.title.get_text().startswith("Error:")
    summary = soup.find(class_="govuk-error-summary").get_text(" ", strip=True)
    assert "We could not find ‘Hemel Hemstead’" in summary
    assert soup.find(class_="govuk-error-summary").find("a")["href"] == "#near"
    suggestion = soup.find(class_="app-centres-suggestions").find("a")
    assert suggestion.get_text(strip=True) == "Hemel Hempstead"
    assert suggestion["href"] == "/centres?near=Hemel+Hempstead"
    districts = [a.get_text(strip=True) for a in soup.find(class_="app-centres-districts").find_all("a")]
    assert len(districts) == 10 and "Three Rivers" in districts
    assert len(listed_names(soup)) == 12  # the whole list is still there


@pytest.mark.parametrize(
    "near, message",
    [
        ("EN9 1AA", "We do not know postcode ‘EN9 1AA’"),
        ("AL1 3J", "Enter a postcode like AL1 3JX"),
        ("", "Enter a town, village or postcode"),
        ("x" * 300, "100 characters or fewer"),
        ("<script>alert(1)</script>", "We could not find ‘<script>alert(1)</script>’"),
    ],
)
def test_bad_input_gets_a_clear_message(web, near, message):
    response = web.get("/centres", query_string={"near": near, "find": ""})
    assert response.status_code == 200
    soup = soup_of(response)
    assert message in soup.find(class_="govuk-error-summary").get_text(" ", strip=True)
    assert "<script>alert" not in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
@pytest.mark.parametrize("near", ["Manchester", "SW1A 1AA"])
def test_a_place_outside_the_county_says_so_and_where_to_report(web, near, lang):
    response = web.get("/centres", query_string={"near": near, "find": "", "lang": lang})
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find(class_="govuk-error-summary") is None  # not a mistake: somewhere else
    told = soup.find(class_="app-elsewhere")
    # Quoted the way the language quotes: «» in Arabic, which reads from the right.
    assert (f"«{near}»" if lang == "ar" else f"‘{near}’") in told.h2.get_text()
    assert told.find("a", href="https://www.report-it.org.uk")
    text = told.get_text(" ", strip=True)
    assert "101" in text and "999" in text
    if lang == "en":
        assert "outside Hertfordshire" in told.h2.get_text()
    else:
        assert "Hertfordshire" in told.h2.get_text() and "outside" not in text
    assert listed_names(soup)  # every centre is still listed, for a person who lives elsewhere


def test_an_unknown_postcode_on_the_edge_also_says_where_to_report(web):
    soup = soup_of(web.get("/centres", query_string={"near": "EN9 1AA", "find": ""}))
    told = soup.find(class_="app-elsewhere")
    assert "If it happened outside Hertfordshire" in told.h2.get_text()
    assert soup.find(class_="govuk-error-summary") is not None


def test_finder_in_polish_and_urdu(web):
    for lang, direction in (("pl", "ltr"), ("ur", "rtl")):
        soup = soup_of(web.get(f"/centres?near=Hitchin&lang={lang}"))
        assert soup.html["lang"] == lang and soup.html["dir"] == direction
        # Place names are proper nouns and stay in English.
        assert soup.select("ol.app-centres > li")[0]["data-centre-name"] == "Sample centre: Hitchin disability advice centre"
        # What staff wrote about the centre is in English and says so, for a screen reader's voice.
        first = soup.select("ol.app-centres > li")[0]
        typed = [dd for dd in first.select("dd") if dd.find_previous_sibling("dt").get_text(strip=True) and
                 dd.get_text(strip=True) and ("Monday" in dd.get_text() or "English" in dd.get_text())]
        assert typed and all(dd.get("lang") == "en" for dd in typed)


def test_centre_page_shows_its_code_and_links_to_report(web):
    soup = soup_of(web.get("/centres/sample-centre-stevenage-town-centre-library"))
    assert soup.h1.get_text(strip=True) == "Sample centre: Stevenage town centre library"
    assert soup.find(class_="app-centre-code__value").get_text(strip=True) == "SMP-STE1"
    report = soup.find("a", string="Report with this centre's help")
    assert report["href"] == "/report"
    assert soup.find("a", href="/centres")


@pytest.mark.parametrize("slug", ["no-such-centre", "sample-centre-royston-drop-in-closed", "..%2F..%2Fetc"])
def test_unknown_or_inactive_centre_is_404(web, slug):
    # check=False: the 404 page's own links lead back to a 404 by design.
    assert web.get(f"/centres/{slug}", check=False).status_code == 404


def test_json_lists_active_centres_for_the_map(web):
    response = web.get("/centres.json", check=False)
    assert response.mimetype == "application/json"
    data = json.loads(response.data)["centres"]
    assert len(data) == 12
    watford = next(c for c in data if c["code"] == "SMP-WAT1")
    assert watford["latitude"] == 51.656 and watford["district_name"] == "Watford"
    assert watford["languages"][:2] == ["English", "Polish"]
    assert len(json.loads(web.get("/centres.json?district=stevenage", check=False).data)["centres"]) == 1


def test_csp_allows_exactly_the_configured_tile_host(site, tmp_path):
    csp = site.test_client().get("/centres").headers["Content-Security-Policy"]
    img = next(part for part in csp.split("; ") if part.startswith("img-src"))
    assert img == "img-src 'self' data: https://tile.openstreetmap.org"
    assert "unsafe-inline" not in csp

    from tests.conftest import make_app

    other = make_app(f"sqlite:///{tmp_path / 'o.db'}", INSTANCE_DIR=tmp_path,
                     MAP_TILE_URL="https://{s}.tiles.example.net/osm/{z}/{x}/{y}.png")
    csp = other.test_client().get("/healthz").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.net;" in csp
    assert "tile.openstreetmap.org" not in csp
    with other.app_context():
        db.engine.dispose()


def test_tile_origin_refuses_a_non_web_address():
    from app.centres import tile_origin

    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_origin("https://tiles.example.net:8443/{z}/{x}/{y}.png") == "https://tiles.example.net:8443"
    with pytest.raises(ValueError):
        tile_origin("javascript:alert(1)")


def test_home_and_how_to_report_link_to_the_finder(web):
    for url in ["/", "/how-to-report"]:
        assert soup_of(web.get(url)).find("a", href="/centres"), url


def test_checked_on_date_is_written_the_british_way(web):
    soup = soup_of(web.get("/centres/sample-centre-watford-community-library"))
    row = soup.find("dt", string="Details checked on").find_next_sibling("dd")
    assert row.get_text(strip=True) == "15 January 2026"
