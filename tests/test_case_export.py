"""The case export in words: labels in the staff member's language, not stored codes; language,
interpreter and access needs; formula-safe as CSV and as a spreadsheet."""
import csv
import io
import zipfile

import pytest

from app.staff.models import AuditEvent, CASE_WORKER
from app.extensions import db

from .report_helpers import make_report
from .staff_support import clock, fast_hashing, form_token, signed_in  # noqa: F401  (fixtures)

FORMULA = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def worker(signed_in):
    return signed_in(CASE_WORKER)


def _export(client, kind="csv", lang=None, **data):
    page = client.get("/staff/cases" + (f"?lang={lang}" if lang else ""))
    return client.post(f"/staff/cases/export.{kind}", data={"csrf_token": form_token(page), **data})


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_is_in_words_with_language_and_interpreter(app, client, worker):
    make_report(app, strands=["race", "religion"], location="bus", district="watford", police="talk-first",
                support="yes", contact="contact", email="a@example.org", language="Urdu", interpreter="yes",
                access_needs="Large print please")
    row = _rows(_export(client))[0]
    assert row["Status"] == "New"
    assert row["Hate because of"].count(";") == 1 and "race" not in row["Hate because of"]
    assert row["Where"] != "bus" and row["District"] == "Watford"
    assert row["Decision about the police"] == "Not yet: talk to me first"
    assert row["Wants support"] == "Yes" and row["Wants to be contacted"] == "Yes"
    assert row["Language of the report"] == "English"
    assert row["Language to use with them"] == "Urdu" and row["Interpreter"] == "Yes"
    assert "Access needs" not in row  # what people wrote only when asked for
    row = _rows(_export(client, free_text="y"))[0]
    assert row["Access needs"] == "Large print please" and row["Email"] == "a@example.org"


def test_csv_is_in_the_staff_members_language(app, client, worker):
    make_report(app, district="watford")
    english = _rows(_export(client))[0]
    arabic_response = _export(client, lang="ar")
    header = next(csv.reader(io.StringIO(arabic_response.get_data(as_text=True))))
    assert "Reference" not in header and "Status" not in header and len(header) == len(english)
    assert "New" not in arabic_response.get_data(as_text=True)


def test_xlsx_is_a_spreadsheet_in_words_with_no_formula(app, client, worker):
    make_report(app, description=FORMULA, contact="contact", name="@SUM(1+1)", email="a@b.c",
                phone="+44 1923 123456")
    response = _export(client, "xlsx", free_text="y")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    book = zipfile.ZipFile(io.BytesIO(response.data))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet  # no cell is a formula
    assert "Reference" in strings and "What happened" in strings and "HYPERLINK" in strings
    assert "@SUM(1+1)" in strings and "+44 1923 123456" in strings  # kept as text, exactly as written
    with app.app_context():
        detail = db.session.scalars(db.select(AuditEvent.detail).where(AuditEvent.action == "report.export")).one()
    assert detail == {"rows": 1, "free_text": True, "format": "xlsx"}


def test_an_unknown_export_kind_is_not_found(app, client, worker):
    page = client.get("/staff/cases")
    response = client.post("/staff/cases/export.ods", data={"csrf_token": form_token(page)}, check=False)
    assert response.status_code == 404
