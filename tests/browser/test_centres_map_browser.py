"""The centres map in Chromium: the list comes without Leaflet, which is fetched once, when asked for."""
import pytest

pytestmark = pytest.mark.browser


def test_leaflet_is_fetched_only_when_the_map_is_shown(live_server, page):
    page.route("https://**", lambda route: route.abort())  # map tiles: no network in tests
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{live_server}/centres")
    offer = page.get_by_role("button", name="Show the map")
    offer.wait_for()
    assert not [url for url in fetched if "leaflet" in url]
    assert page.locator("#centres-map").is_hidden()
    offer.click()
    page.locator("#centres-map.leaflet-container").wait_for()
    assert page.locator("#centres-map").is_visible() and offer.count() == 0
    page.get_by_role("button", name="Show on map").first.click()
    page.locator(".leaflet-popup").wait_for()
    leaflet = [url.split("?")[0] for url in fetched if "/leaflet/leaflet." in url]
    assert sorted(leaflet) == sorted(set(leaflet)) and len(leaflet) == 2, leaflet
