"""The gazetteer: places, postcodes, spelling help and straight-line distance, with no network."""
import pytest

from app import geography
from app.centres import gazetteer


def test_the_gazetteer_covers_every_district_with_enough_places():
    places = gazetteer.places()
    assert len(places) >= 120
    assert {p.district for p in places} == set(geography.BY_SLUG)
    for place in places + gazetteer.postcode_districts():
        assert 51.55 < place.latitude < 52.1, place
        assert -0.75 < place.longitude < 0.25, place
        assert place.district in geography.BY_SLUG, place


def test_postcode_districts_cover_the_county():
    outward = {p.name for p in gazetteer.postcode_districts()}
    for code in ["AL1", "AL10", "SG1", "SG14", "WD3", "WD17", "WD25", "EN6", "EN11", "HP1", "HP23", "CM23"]:
        assert code in outward
    assert "EN9" not in outward and "SG15" not in outward  # Essex and Bedfordshire


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Bishop's Stortford", "Bishop's Stortford"),
        ("bishops stortford", "Bishop's Stortford"),
        ("BISHOPS-STORTFORD", "Bishop's Stortford"),
        ("  hemel   hempstead ", "Hemel Hempstead"),
        ("Saint Albans", "St Albans"),
        ("st. albans", "St Albans"),
        ("Letchworth", "Letchworth Garden City"),
        ("WGC", "Welwyn Garden City"),
        ("watton at stone", "Watton-at-Stone"),
        ("Kings Langley", "Kings Langley"),
    ],
)
def test_place_names_ignore_case_spacing_and_apostrophes(typed, expected):
    result = gazetteer.lookup(typed)
    assert result.found, typed
    assert result.place.name == expected


@pytest.mark.parametrize(
    "typed, outward",
    [("WD17", "WD17"), ("wd17", "WD17"), ("AL1 3JX", "AL1"), ("al13jx", "AL1"), (" sg1 2ab ", "SG1"),
     ("AL10 9AB", "AL10"), ("HP23 5AA", "HP23"), ("CM23", "CM23")],
)
def test_full_postcodes_match_by_outward_code(typed, outward):
    result = gazetteer.lookup(typed)
    assert result.found, typed
    assert result.place.kind == "postcode"
    assert result.place.name == outward


def test_outward_code_and_format():
    assert gazetteer.outward_code("al1 3jx") == "AL1"
    assert gazetteer.outward_code("WD17") == "WD17"
    assert gazetteer.outward_code("Hitchin") is None
    assert gazetteer.format_postcode("sg13 7ab") == "SG13 7AB"
    assert gazetteer.format_postcode("SG13") is None


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("SW1A 1AA", "outside"),  # a London postcode: plainly elsewhere
        ("Manchester", "outside"),
        ("  newcastle-upon-tyne ", "outside"),
        ("EN9", "postcode-unknown"),  # an area on the county's edge: only unknown
        ("LU2 9QP", "postcode-unknown"),
        ("QQ1 1AA", "postcode-unknown"),  # no such postcode area
        ("AL1 3J", "postcode-malformed"),
        ("AL99ZZZZ", "postcode-malformed"),
        ("Atlantis", "not-found"),
        ("<script>alert(1)</script>", "not-found"),
        ("x" * 500, "too-long"),
    ],
)
def test_unknown_or_malformed_input_is_a_problem_not_an_error(typed, problem):
    result = gazetteer.lookup(typed)
    assert not result.found
    assert result.problem == problem


def test_no_place_outside_the_county_is_also_a_hertfordshire_place():
    herts = {gazetteer.normalise_name(label) for place in gazetteer.places() for label in (place.name, *place.aliases)}
    assert gazetteer._outside() and not (gazetteer._outside() & herts)
    for outward in ("AL1", "SG1", "WD17", "EN6", "HP1", "CM23"):
        assert gazetteer.lookup(outward).found, outward


def test_misspellings_get_suggestions():
    result = gazetteer.lookup("Hemel Hemstead")
    assert result.problem == "not-found"
    assert [p.name for p in result.suggestions][0] == "Hemel Hempstead"
    assert "Sawbridgeworth" in [p.name for p in gazetteer.lookup("Sawbridgworth").suggestions]
    assert gazetteer.lookup("zzzzqqq").suggestions == []


def test_haversine_against_known_distances():
    # One degree of latitude is about 111.2 km anywhere.
    assert gazetteer.haversine_km(51.0, 0.0, 52.0, 0.0) == pytest.approx(111.19, abs=0.05)
    # London (51.5074, -0.1278) to Paris (48.8566, 2.3522): about 343.5 km.
    assert gazetteer.haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)
    assert gazetteer.haversine_km(51.75, -0.34, 51.75, -0.34) == 0
    assert gazetteer.km_to_miles(1.609344) == pytest.approx(1.0)


def test_gazetteer_coordinates_agree_with_geography():
    # Towns that sit side by side are a few miles apart, not tens of miles.
    def km(a, b):
        pa, pb = gazetteer.lookup(a).place, gazetteer.lookup(b).place
        return gazetteer.haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude)

    assert 2 < km("Hitchin", "Letchworth Garden City") < 7
    assert 10 < km("Watford", "St Albans") < 14
    assert 35 < km("Tring", "Bishop's Stortford") < 60
    assert km("SG1", "Stevenage") < 2
    assert km("WD17", "Watford") < 2
