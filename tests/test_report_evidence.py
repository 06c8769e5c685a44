"""Photos and screenshots: re-encoded without metadata, encrypted, kept with the draft, sent with the
report in one transaction, shown to case workers only, and gone with the draft or at retention."""
import io
import struct
import zlib
from datetime import date, datetime, timedelta, timezone

import pytest
from PIL import Image
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.reporting import evidence, services
from app.reporting.models import Report, ReportDraft, ReportEvidence, ReportEvidenceDraft
from app.staff.models import CAMPAIGN_STAFF, CASE_WORKER, AuditEvent

from .report_helpers import VICTIM, page_token, reference_shown, send, shown_again, soup, until, walk
from .staff_support import clock, fast_hashing, make_person, sign_in  # noqa: F401  (fixtures)

MARKER = b"Zq7GPS-SERIAL-5521"  # in the photo's EXIF: camera serial number and GPS block
BEFORE_EVIDENCE = until("evidence")
URL = "/report/evidence"
NAME = "<img src=x onerror=alert(1)> snap.jpg"  # a file name is the person's words: always escaped
SHOWN = "&lt;img src=x onerror=alert(1)&gt; snap.jpg"


def photo_with_gps(size=(320, 240)) -> bytes:
    """A real JPEG with EXIF: make, serial number, a GPS position, and the marker in each."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = image.getexif()
    exif[0x010F] = "Zq7GPS-SERIAL-5521 Camera"  # Make
    exif[0x0131] = "Zq7GPS-SERIAL-5521"  # Software
    exif.get_ifd(0x8769)[0xA431] = "Zq7GPS-SERIAL-5521"  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (51.0, 45.0, 12.5), 3: "W", 4: (0.0, 20.0, 1.5), 27: b"ASCII\0\0\0Zq7GPS-SERIAL-5521"}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    data = out.getvalue()
    assert MARKER in data
    return data


def png(size=(40, 30), colour=(0, 90, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height (a decompression bomb, made without the memory)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b""))


def polyglot() -> bytes:
    """A valid JPEG that is also an HTML page: the page sits in a JPEG comment."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(out, "JPEG", comment=b"<html><script>alert('Zq7POLY')</script></html>")
    data = out.getvalue()
    assert b"<script>" in data and Image.open(io.BytesIO(data)).format == "JPEG"
    return data


def upload(client, files, action="upload", url=URL, **extra):
    token = page_token(client, url)
    data = {"csrf_token": token, "action": action, **extra,
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return shown_again(client, client.post(url, data=data, content_type="multipart/form-data"))


def draft_images(app):
    with app.app_context():
        return db.session.scalars(db.select(ReportEvidenceDraft).order_by(ReportEvidenceDraft.id)).all()


def errors(response) -> str:
    summary = soup(response).find(class_="govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


@pytest.fixture
def at_evidence(client):
    walk(client, BEFORE_EVIDENCE, then="evidence")
    return client


def test_the_step_comes_after_before_and_can_be_skipped(at_evidence):
    page = at_evidence.get(URL)
    html = page.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html and "multiple" in html
    assert "videos or voice notes" in html and "I have no photos" in html
    token = page_token(at_evidence, URL)
    response = at_evidence.post(URL, data={"csrf_token": token, "action": "skip"})
    assert response.headers["Location"] == "/report/person"
    easy = at_evidence.get("/report/easy/evidence").get_data(as_text=True)
    assert "pictograms/camera.svg" in easy and "Choose photos or screenshots" in easy


def test_a_photo_is_stored_without_its_metadata_and_never_in_the_clear(app, at_evidence, tmp_path):
    response = upload(at_evidence, [(NAME, photo_with_gps())])
    assert response.status_code == 302 and response.headers["Location"] == URL
    page = at_evidence.get(URL)
    html = page.get_data(as_text=True)
    assert SHOWN in html and NAME not in html  # listed, escaped
    assert "0.1 MB" in html
    walk(at_evidence, VICTIM[len(BEFORE_EVIDENCE):])
    check = at_evidence.get("/report/check").get_data(as_text=True)
    assert SHOWN in check and NAME not in check
    send(at_evidence)
    reference = reference_shown(at_evidence)
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        stored = db.session.scalars(db.select(ReportEvidence).where(ReportEvidence.report_id == report.id)).all()
        assert [(s.number, s.content_type) for s in stored] == [(1, "image/jpeg")]
        image = Image.open(io.BytesIO(stored[0].data))
        assert image.format == "JPEG" and image.size == (320, 240)
        assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
        assert MARKER not in stored[0].data
        assert db.session.scalar(db.select(db.func.count()).select_from(ReportEvidenceDraft)) == 0
        db.session.remove()
        db.engine.dispose()
    # Nothing of the original anywhere on disk: the database, its write-ahead log, the instance folder.
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "test.db" for p in files)
    for path in files:
        assert MARKER not in path.read_bytes(), path


def test_bad_files_each_get_a_message_and_the_good_ones_are_kept(app, at_evidence):
    bad = [
        ("setup.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500),  # a program renamed
        ("statement.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
        ("empty.png", b""),
        ("cut-off.jpg", photo_with_gps((640, 480))[:600]),
        ("huge.png", png_header_only(50_000, 50_000)),
    ]
    response = upload(at_evidence, [("good.png", png())] + bad)
    assert response.status_code == 200
    text = errors(response)
    assert "setup.jpg could not be opened as a photo or screenshot" in text
    assert "statement.pdf could not be opened" in text and "cut-off.jpg could not be opened" in text
    assert "empty.png is empty" in text
    assert "huge.png is too large a picture (more than 40 million pixels)" in text
    assert [i.name for i in draft_images(app)] == ["good.png"]
    assert "good.png" in response.get_data(as_text=True)  # listed on the page shown again


def test_a_jpeg_html_polyglot_is_stored_as_pixels_only(app, at_evidence):
    assert upload(at_evidence, [("page.jpg", polyglot())]).status_code == 302
    with app.app_context():
        data = db.session.scalars(db.select(ReportEvidenceDraft)).one().data
    assert b"<script" not in data and b"Zq7POLY" not in data
    assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_screenshots_stay_png_and_heic_is_taken(app, at_evidence):
    pytest.importorskip("pillow_heif")
    heic = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(heic, "HEIF")
    gif = io.BytesIO()
    frames = [Image.new("P", (20, 20), i) for i in (1, 2)]
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:])
    assert upload(at_evidence, [("shot.png", png()), ("photo.heic", heic.getvalue()),
                                ("moving.gif", gif.getvalue())]).status_code == 302
    kinds = [(i.name, i.content_type) for i in draft_images(app)]
    assert kinds == [("shot.png", "image/png"), ("photo.heic", "image/jpeg"), ("moving.gif", "image/png")]


def test_no_more_than_five(app, at_evidence):
    response = upload(at_evidence, [(f"p{n}.png", png()) for n in range(6)])
    assert "You can add up to 5 photos or screenshots" in errors(response)
    assert len(draft_images(app)) == 5
    response = upload(at_evidence, [("seventh.png", png())], action="continue")
    assert response.status_code == 200 and len(draft_images(app)) == 5
    assert "I have no photos" not in response.get_data(as_text=True)


def test_remove_takes_off_one_file_and_only_from_this_draft(app, client, at_evidence):
    upload(at_evidence, [("a.png", png()), ("b.png", png())])
    first, second = draft_images(app)
    token = page_token(at_evidence, URL)
    assert at_evidence.post(URL, data={"csrf_token": token, "remove": str(first.id)}).status_code == 302
    assert [i.name for i in draft_images(app)] == ["b.png"]
    # Someone else's draft cannot remove it.
    other = app.test_client()
    walk(other, BEFORE_EVIDENCE, then="evidence")
    token = page_token(other, URL)
    other.post(URL, data={"csrf_token": token, "remove": str(second.id)})
    for odd in ("1 OR 1=1", "²", "9" * 30):
        assert other.post(URL, data={"csrf_token": token, "remove": odd}).status_code == 302
    assert [i.name for i in draft_images(app)] == ["b.png"]


def test_too_large_a_request_gets_the_question_again_in_the_persons_language(app, at_evidence, monkeypatch):
    upload(at_evidence, [("kept.png", png())])
    monkeypatch.setattr(evidence, "MAX_REQUEST", 50_000)
    at_evidence.get("/report/evidence?lang=pl")
    response = upload(at_evidence, [("big.png", png((400, 400)) + b"\0" * 60_000)])
    # Refused, then shown again after a redirect to the question (post, redirect, get: Back works).
    assert response.status_code == 200 and response.request.path == URL
    page = soup(response)
    assert page.html["lang"] == "pl" and page.find("input", attrs={"type": "file"})
    assert "kept.png" in response.get_data(as_text=True) and errors(response)
    assert [i.name for i in draft_images(app)] == ["kept.png"]
    assert at_evidence.get("/report/who").status_code == 200  # the answers are still there


def test_other_pages_still_refuse_more_than_256_kb(at_evidence):
    token = page_token(at_evidence, "/report/what")
    response = at_evidence.post("/report/what", data={"csrf_token": token, "description": "x" * 300_000})
    assert response.status_code == 413
    upload_elsewhere = at_evidence.post("/report/support", data={
        "csrf_token": token, "files": [(io.BytesIO(b"\0" * 300_000), "a.png")]}, content_type="multipart/form-data")
    assert upload_elsewhere.status_code == 413


def test_the_database_going_away_during_an_upload_keeps_what_was_added(app, at_evidence, monkeypatch):
    upload(at_evidence, [("kept.png", png())])

    def away(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("connection lost"))

    monkeypatch.setattr(evidence, "add", away)
    response = upload(at_evidence, [("new.png", png())])
    assert response.status_code == 503 and soup(response).find(class_="app-report-notice")
    monkeypatch.undo()
    assert [i.name for i in draft_images(app)] == ["kept.png"]
    assert at_evidence.get(URL).status_code == 200


def test_purging_abandoned_drafts_and_exit_remove_their_files(app, at_evidence):
    upload(at_evidence, [("a.png", png())])
    other = app.test_client()
    walk(other, BEFORE_EVIDENCE, then="evidence")
    upload(other, [("b.png", png())])
    other.get("/exit")  # Exit this page forgets the draft, and its photos with it
    assert [i.name for i in draft_images(app)] == ["a.png"]
    with app.app_context():
        assert services.purge_expired(datetime.now(timezone.utc) + timedelta(hours=5)) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(ReportDraft)) == 0
    assert draft_images(app) == []


def _sent_with_images(app, client, count=2) -> str:
    walk(client, BEFORE_EVIDENCE, then="evidence")
    upload(client, [(f"p{n}.png", png(colour=(n, 0, 0))) for n in range(count)])
    walk(client, VICTIM[len(BEFORE_EVIDENCE):])
    send(client)
    return reference_shown(client)


def test_retention_removes_the_images(app, client):
    from app.retention import purge

    reference = _sent_with_images(app, app.test_client())
    with app.app_context():
        db.session.execute(db.update(Report).values(retention_until=date(2020, 1, 1)))
        db.session.commit()
        counts = purge()
        assert counts.reports == 1 and counts.images == 2
        assert db.session.scalar(db.select(db.func.count()).select_from(ReportEvidence)) == 0
    assert reference


@pytest.fixture
def worker(app, client, clock):
    person = make_person(app, clock, CASE_WORKER)
    sign_in(client, person, clock)
    return person


def test_case_workers_see_them_served_safely_and_every_view_is_audited(app, client, worker):
    reference = _sent_with_images(app, app.test_client())
    page = client.get(f"/staff/cases/{reference}")
    links = [a["href"] for a in soup(page).select(".app-case-images a")]
    assert links == [f"/staff/cases/{reference}/images/1", f"/staff/cases/{reference}/images/2"]
    response = client.get(links[1])
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == 'inline; filename="evidence-2.png"'
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Cache-Control"] == "no-store"
    assert Image.open(io.BytesIO(response.data)).getpixel((0, 0)) == (1, 0, 0)
    assert client.get(f"/staff/cases/{reference}/images/3").status_code == 404
    with app.app_context():
        views = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "report.image")).all()
        assert [(v.target_id, v.detail) for v in views] == [(reference, {"image": 2})]
        assert views[0].actor.public_id == worker.public_id


def test_campaign_staff_never_reach_them(app, client, clock):
    reference = _sent_with_images(app, app.test_client(), count=1)
    person = make_person(app, clock, CAMPAIGN_STAFF)
    sign_in(client, person, clock)
    assert client.get(f"/staff/cases/{reference}/images/1").status_code == 403
    anonymous = app.test_client()
    assert anonymous.get(f"/staff/cases/{reference}/images/1").status_code in (302, 303)


def test_key_rotation_re_encrypts_the_images(app, client):
    from cryptography.fernet import Fernet

    _sent_with_images(app, client, count=1)
    new_key = Fernet.generate_key().decode()
    app.config["DATA_ENCRYPTION_KEYS"] = [new_key] + list(app.config["DATA_ENCRYPTION_KEYS"])
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    app.config["DATA_ENCRYPTION_KEYS"] = [new_key]
    with app.app_context():
        assert Image.open(io.BytesIO(db.session.scalars(db.select(ReportEvidence)).one().data)).format == "PNG"


def test_a_send_cut_off_after_the_images_were_copied_keeps_nothing_half_and_can_be_sent_again(app, client, monkeypatch):
    """The report and its images are one transaction: a failure after the images were copied leaves
    neither, the draft keeps them, and pressing the button again sends the whole report."""
    walk(client, BEFORE_EVIDENCE, then="evidence")
    upload(client, [("a.png", png(colour=(1, 0, 0))), ("b.png", png(colour=(2, 0, 0)))])
    walk(client, VICTIM[len(BEFORE_EVIDENCE):])
    copied = []
    real_attach = evidence.attach

    def attach_then_fail(draft_id, report_id):
        real_attach(draft_id, report_id)
        copied.append(report_id)
        raise OperationalError("DELETE FROM report_draft", {}, Exception("the database went away"))

    monkeypatch.setattr(evidence, "attach", attach_then_fail)
    response, _key = send(client)
    assert copied and response.status_code == 503
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Report)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(ReportEvidence)) == 0
    assert len(draft_images(app)) == 2
    monkeypatch.setattr(evidence, "attach", real_attach)
    send(client)
    reference = reference_shown(client)
    with app.app_context():
        report_id = db.session.scalar(db.select(Report.id).where(Report.reference == reference))
        assert [e.number for e in evidence.for_report(report_id)] == [1, 2]
    assert draft_images(app) == []


def test_photos_stay_behind_when_the_person_then_decides_against_the_police(app, client):
    """Photos are asked for only when the police may be told; changing that answer drops them."""
    walk(client, BEFORE_EVIDENCE, then="evidence")
    upload(client, [("a.png", png())])
    walk(client, VICTIM[len(BEFORE_EVIDENCE):])
    page = client.get("/report/police?change=1")
    token = page_token(client, "/report/police?change=1")
    client.post("/report/police?change=1", data={"csrf_token": token, "police": "no"})
    assert "a.png" not in client.get("/report/check").get_data(as_text=True)
    send(client)
    reference = reference_shown(client)
    with app.app_context():
        report_id = db.session.scalar(db.select(Report.id).where(Report.reference == reference))
        assert evidence.for_report(report_id) == []
    assert draft_images(app) == []
    assert page.status_code == 200
