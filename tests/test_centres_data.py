"""Keeping the centres list true: services, CSV import and export, the CLI and the sample data."""
import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from app.centres import csvfile, services
from app.centres.models import Centre, CentreChange
from app.centres.sample import SAMPLES, load_sample_centres
from app.extensions import db

from .test_csvsafe import quoted_cells

HEADER = "code,name,address,town,postcode,district,latitude,longitude,step_free,active,checked_on,languages,services\n"


def good_csv(*extra_rows: str) -> str:
    return HEADER + (
        "ABC1,Hitchin library,1 High Street,Hitchin,SG5 1AA,North Hertfordshire,51.9490,-0.2830,yes,yes,2026-02-01,"
        '"English; Polish",Help to report\n'
        "abc 2,Watford hub,2 Market Street,Watford,wd17 2bb,watford,,,no,,31/01/2026,,\n"
    ) + "".join(extra_rows)


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Centre))


def test_import_creates_centres_and_derives_coordinates_from_the_postcode(any_db_app):
    with any_db_app.app_context():
        result = csvfile.import_csv(good_csv())
        assert (result.created, result.updated) == (2, 0)
        hitchin = db.session.scalar(select(Centre).where(Centre.code == "ABC1"))
        assert hitchin.district == "north-hertfordshire"
        assert hitchin.step_free is True and hitchin.active is True
        assert hitchin.checked_on == date(2026, 2, 1)
        assert hitchin.languages == "English; Polish"
        assert hitchin.slug == "hitchin-library"
        watford = db.session.scalar(select(Centre).where(Centre.code == "ABC2"))
        assert watford.postcode == "WD17 2BB"
        wd17 = services.gazetteer.by_outward("WD17")
        assert (watford.latitude, watford.longitude) == (wd17.latitude, wd17.longitude)
        assert watford.checked_on == date(2026, 1, 31)
        assert watford.step_free is False and watford.active is True


def test_reimport_updates_instead_of_duplicating(any_db_app):
    with any_db_app.app_context():
        csvfile.import_csv(good_csv())
        changed = good_csv().replace("Hitchin library", "Hitchin town library").replace(",yes,yes,", ",no,no,")
        result = csvfile.import_csv(changed)
        assert (result.created, result.updated) == (0, 2)
        assert count() == 2
        hitchin = db.session.scalar(select(Centre).where(Centre.code == "ABC1"))
        assert hitchin.name == "Hitchin town library"
        assert hitchin.active is False and hitchin.step_free is False


def test_errors_name_their_row_and_nothing_is_imported(any_db_app):
    bad = good_csv(
        "ABC3,Bad district,,,,Watfrod,51.7,-0.3,,,,,\n",
        "ABC4,No place,,,,Watford,,,,,,,\n",
        "ABC1,Same code again,,,SG5 1AA,Stevenage,,,,,,,\n",
        "ABC5,Bad bits,,,NOT A CODE,Dacorum,,,maybe,,2026-13-45,,\n",
        ",,,,,,,,,,,,\n",
        "ABC6,Far away,,,,Dacorum,55.9,-3.2,,,,,\n",
    )
    with any_db_app.app_context():
        with pytest.raises(csvfile.ImportFailed) as failed:
            csvfile.import_csv(bad)
        errors = failed.value.errors
        assert any(e.startswith("Row 4: district 'Watfrod' is not one of Broxbourne, Dacorum") for e in errors)
        assert any(e.startswith("Row 5: add a postcode, or latitude and longitude") for e in errors)
        assert "Row 6: code ABC1 is already used on row 2." in errors
        assert any(e.startswith("Row 7: postcode 'NOT A CODE'") for e in errors)
        assert any(e.startswith("Row 7: step_free 'maybe'") for e in errors)
        assert any(e.startswith("Row 7: checked_on '2026-13-45'") for e in errors)
        assert any(e.startswith("Row 9: latitude 55.9 is outside Hertfordshire") for e in errors)
        assert not any(e.startswith("Row 8") for e in errors)  # a blank line is skipped
        assert count() == 0  # the two good rows were not imported either


def test_one_bad_row_leaves_existing_centres_untouched(any_db_app):
    with any_db_app.app_context():
        csvfile.import_csv(good_csv())
        changed = good_csv("ABC9,Broken,,,,Nowhere,,,,,,,\n").replace("Hitchin library", "Renamed")
        with pytest.raises(csvfile.ImportFailed):
            csvfile.import_csv(changed)
        db.session.expire_all()
        assert db.session.scalar(select(Centre.name).where(Centre.code == "ABC1")) == "Hitchin library"
        assert count() == 2


def test_a_database_failure_mid_import_rolls_everything_back(app, monkeypatch):
    with app.app_context():
        calls = {"n": 0}
        real_flush = db.session.flush

        def failing_flush(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
            return real_flush(*args, **kwargs)

        monkeypatch.setattr(db.session, "flush", failing_flush)
        with pytest.raises(RuntimeError):
            csvfile.import_csv(good_csv())
        monkeypatch.undo()
        assert count() == 0


def test_header_problems_are_reported_as_row_1(app):
    with app.app_context():
        with pytest.raises(csvfile.ImportFailed) as failed:
            csvfile.import_csv("code,title,district,colour\nA1B,x,watford,red\n")
        errors = failed.value.errors
        assert errors[0].startswith("Row 1: the header has no name column")
        assert "unknown column 'title', 'colour'" in errors[1]


def test_export_round_trips(any_db_app):
    with any_db_app.app_context():
        load_sample_centres()
        csvfile.import_csv(good_csv())
        first = csvfile.export_csv()
        rows = list(csv.DictReader(io.StringIO(first)))
        assert len(rows) == len(SAMPLES) + 2
        assert list(rows[0].keys()) == csvfile.COLUMNS
        before = count()
        result = csvfile.import_csv(first)
        assert result.created == 0 and result.updated == before
        assert csvfile.export_csv() == first
        # The sample rows stay marked as sample after a round trip.
        assert db.session.scalar(select(func.count()).where(Centre.is_sample.is_(True))) == len(SAMPLES)


def test_find_active_by_code_ignores_case_and_spaces(app):
    with app.app_context():
        load_sample_centres()
        assert services.find_active_by_code("smp-wat1").name.startswith("Sample centre: Watford")
        assert services.find_active_by_code(" SMP - WAT 1 ").code == "SMP-WAT1"
        assert services.find_active_by_code("SMP-NHE9") is None  # closed
        assert services.find_active_by_code("NOPE") is None
        assert services.find_active_by_code("") is None


def test_sample_data_is_marked_idempotent_and_in_every_district(any_db_app):
    from app import geography

    with any_db_app.app_context():
        assert load_sample_centres() == len(SAMPLES)
        assert load_sample_centres() == len(SAMPLES)
        centres = list(db.session.scalars(select(Centre)))
        assert len(centres) == len(SAMPLES)
        assert all(c.is_sample and c.name.startswith("Sample centre: ") for c in centres)
        assert {c.district for c in centres if c.active} == set(geography.BY_SLUG)
        assert len({c.slug for c in centres}) == len(centres)


def test_sample_loader_is_registered(app):
    assert app.extensions["sample_loaders"]["centres"] is load_sample_centres


def test_nearest_orders_by_straight_line_distance(app):
    with app.app_context():
        load_sample_centres()
        hemel = services.nearest("Hemel Hempstead")
        assert hemel[0].centre.code == "SMP-DAC1"
        stevenage = services.nearest("SG1")
        assert stevenage[0].centre.code == "SMP-STE1"
        kms = [found.distance.km for found in stevenage]
        assert kms == sorted(kms)
        assert all(found.centre.active for found in stevenage)
        assert services.nearest("Hemel Hemstead") == []
        # Hemel Hempstead to the Hemel sample centre (51.7530, -0.4720) is well under a mile.
        assert hemel[0].distance.miles < 1


def test_by_distance_against_known_coordinates():
    a = Centre(code="A01", name="North", latitude=52.0, longitude=0.0)
    b = Centre(code="B01", name="Near", latitude=51.01, longitude=0.0)
    c = Centre(code="C01", name="Unplaced", latitude=None, longitude=None)
    ordered = services.by_distance([a, c, b], 51.0, 0.0)
    assert [f.centre.code for f in ordered] == ["B01", "A01", "C01"]
    assert ordered[0].distance.km == pytest.approx(1.112, abs=0.01)
    assert ordered[1].distance.km == pytest.approx(111.19, abs=0.05)
    assert ordered[2].distance is None


def _centres() -> dict:
    skip = {"id", "created_at", "updated_at"}
    return {c.code: {k: v for k, v in vars(c).items() if not k.startswith("_") and k not in skip}
            for c in db.session.scalars(select(Centre))}


def test_export_runs_no_formula_and_import_gives_back_exactly_what_was_there(any_db_app, tmp_path):
    tricky = io.StringIO()
    csv.writer(tricky).writerows([
        ["code", "name", "district", "postcode", "phone", "access_notes", "opening_hours", "website"],
        ["EVIL1", '=HYPERLINK("http://evil","Click")', "watford", "WD17 2BB", "+44 1923 123456", "@SUM(1+1)",
         "-2+3", "https://x.example/a;=1+1"],
        ["QUOTE1", "'Tis the season hub", "stevenage", "SG1 1AA", "'+44 1438 000000", "a;=1+1", "", ""],
    ])
    runner = any_db_app.test_cli_runner()
    with any_db_app.app_context():
        csvfile.import_csv(tricky.getvalue())
        before = _centres()
        assert before["QUOTE1"]["phone"] == "+44 1438 000000"  # a spreadsheet's own guard quote is taken off
        exported = csvfile.export_csv()
    rows = list(csv.DictReader(io.StringIO(exported)))
    evil = next(r for r in rows if r["code"] == "EVIL1")
    assert evil["name"].startswith("'=") and evil["phone"] == "'+44 1923 123456"
    assert evil["access_notes"] == "'@SUM(1+1)" and evil["opening_hours"] == "'-2+3"
    assert evil["longitude"].startswith("'-")
    for line in exported.splitlines():
        assert quoted_cells(line) == len(csvfile.COLUMNS), line
    with any_db_app.app_context():
        db.session.execute(db.delete(CentreChange))
        db.session.execute(db.delete(Centre))
        db.session.commit()
    target = tmp_path / "centres.csv"
    target.write_text(exported, encoding="utf-8")
    result = runner.invoke(args=["centres", "import", str(target)])
    assert result.exit_code == 0, result.output
    with any_db_app.app_context():
        assert _centres() == before
        assert csvfile.export_csv() == exported


def test_cli_import_and_export(app, tmp_path):
    runner = app.test_cli_runner()
    source = tmp_path / "centres.csv"
    source.write_text("\ufeff" + good_csv(), encoding="utf-8")
    result = runner.invoke(args=["centres", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 centres: 2 new, 0 updated." in result.output
    again = runner.invoke(args=["centres", "import", str(source)])
    assert "0 new, 2 updated" in again.output

    target = tmp_path / "out.csv"
    exported = runner.invoke(args=["centres", "export", str(target)])
    assert exported.exit_code == 0, exported.output
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(f'"{c}"' for c in csvfile.COLUMNS)
    to_screen = runner.invoke(args=["centres", "export"])
    assert '"ABC1","Hitchin library"' in to_screen.output

    bad = tmp_path / "bad.csv"
    bad.write_text(good_csv("ABC7,Oops,,,,Watfrod,51.7,-0.3,,,,,\n"), encoding="utf-8")
    failed = runner.invoke(args=["centres", "import", str(bad)])
    assert failed.exit_code != 0
    assert "Row 4: district 'Watfrod'" in failed.output
    assert "Nothing was imported" in failed.output


def test_row_numbers_count_spreadsheet_rows_even_with_line_breaks_in_cells(app):
    text = (
        "code,name,opening_hours,district,postcode\n"
        'ABC1,Hitchin library,"Monday 9 to 5\nTuesday 9 to 5\nWednesday closed",north-hertfordshire,SG5 1AA\n'
        "ABC2,Second,,Hitchin,SG5 1AA\n"
        "ABC3,Third,,Dacorum,HP1 1AA,surprise\n"
    )
    with app.app_context():
        with pytest.raises(csvfile.ImportFailed) as failed:
            csvfile.import_csv(text)
        errors = failed.value.errors
        assert errors[0].startswith("Row 3: district 'Hitchin' is not one of")
        assert errors[1].startswith("Row 4: has more cells than the header")
        assert len(errors) == 2
