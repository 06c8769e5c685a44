"""Photos and screenshots with a report: checked, re-encoded, encrypted, and kept with the draft.

Every image is opened with Pillow and saved again, so what is stored is only pixels: no EXIF (GPS,
camera serial numbers), no XMP, no ICC profile, no comments, and nothing a file carried beside its
image (a script, an HTML page, a second file). The type is what Pillow finds in the content, never
the file name or what the browser said.

- Accepted: JPEG, PNG, WebP, GIF and HEIC/HEIF (iPhone photos, read with pillow-heif).
- Refused before the pixels are decoded: more than MAX_PIXELS (read from the header), so a small file
  that would unpack to gigabytes never grows a worker's memory.
- Stored as JPEG (quality 90) for photographs (JPEG and HEIC in): PNG would be several times larger
  and no sharper. Stored as PNG for PNG, GIF and WebP (mostly screenshots: lossless, so words stay
  sharp), unless that PNG would be over MAX_BYTES, when it is a photograph after all and JPEG is used.
- A JPEG larger than LONG_SIDE is decoded at a half, quarter or eighth of its size (the decoder's
  own reduction, cheap in memory); the orientation a phone recorded is applied before it is dropped.
- An animated GIF keeps its first frame: a case worker sees a still, which is what a report needs.
"""
import functools
import io
import re
import warnings
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal, gettext as _
from sqlalchemy import func, insert, literal, select

from .. import messages
from ..extensions import db
from .models import ReportDraft, ReportEvidence, ReportEvidenceDraft

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
LONG_SIDE = 4096
# The whole upload request: every file at its largest, plus the form around them.
MAX_REQUEST = MAX_FILES * MAX_BYTES + 1024 * 1024
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "HEIF")  # a JPEG with several pictures opens as "MPO"
PHOTOGRAPHS = {"JPEG", "MPO", "HEIF"}
NAME_MAX = 120


class Refused(Exception):
    """A file we cannot take; `message` is already in the person's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Cleaned:
    data: bytes
    content_type: str


def clean_name(name: str | None) -> str:
    """The name the person's file had, for their own list: no path, no control characters, short."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:NAME_MAX] or _("Image")


@functools.cache
def _pillow():
    """Pillow and its HEIC plugin, loaded on the first upload rather than when every worker starts."""
    from PIL import Image, ImageOps
    from pillow_heif import register_heif_opener

    register_heif_opener()
    return Image, ImageOps


def reencode(data: bytes, name: str) -> Cleaned:
    """The image's pixels, saved again as PNG or JPEG, or Refused with a message naming the file."""
    if not data:
        raise Refused(str(messages.EVIDENCE_EMPTY) % {"name": name})
    if len(data) > MAX_BYTES:
        raise Refused(str(messages.EVIDENCE_TOO_BIG) % {"name": name})
    Image, ImageOps = _pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)  # reads the header only
            if image.width * image.height > MAX_PIXELS:
                raise Refused(str(messages.EVIDENCE_DIMENSIONS) % {"name": name})
            kind = image.format
            if kind in ("JPEG", "MPO"):
                image.draft("RGB", (LONG_SIDE, LONG_SIDE))
            image.load()  # the first frame of an animation
            image = ImageOps.exif_transpose(image)
            return _save(image, kind)
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(str(messages.EVIDENCE_DIMENSIONS) % {"name": name}) from None
    except Exception as error:  # anything Pillow cannot read, however it fails, is "not an image we can take"
        current_app.logger.info("Image refused: %s", type(error).__name__)
        raise Refused(str(messages.EVIDENCE_NOT_IMAGE) % {"name": name}) from None


def _save(image, kind: str) -> Cleaned:
    if kind not in PHOTOGRAPHS:
        if image.mode not in ("1", "L", "LA", "RGB", "RGBA"):  # a palette (GIF) keeps its transparency
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        image.info = {}  # EXIF, XMP, ICC, comments: none of it is written again
        out = io.BytesIO()
        image.save(out, "PNG", optimize=False, compress_level=6)
        if out.tell() <= MAX_BYTES:
            return Cleaned(out.getvalue(), "image/png")
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return Cleaned(out.getvalue(), "image/jpeg")


# With a draft --------------------------------------------------------------------------------------

@dataclass
class Listed:
    id: int
    name: str
    size: int


def listed(draft_row: ReportDraft | None) -> list[Listed]:
    """The files added to this draft, oldest first, without their pixels."""
    if draft_row is None or draft_row.id is None:
        return []
    rows = db.session.execute(
        select(ReportEvidenceDraft.id, ReportEvidenceDraft.name, ReportEvidenceDraft.size)
        .where(ReportEvidenceDraft.draft_id == draft_row.id).order_by(ReportEvidenceDraft.id))
    return [Listed(*row) for row in rows]


def add(draft_row: ReportDraft, files: list[tuple[str, object]]) -> list[str]:
    """Re-encode and keep each file (name, stream) with the draft, one at a time. Returns a message
    for each file refused; the others are kept. Commits once, at the end."""
    problems = []
    count = len(listed(draft_row))
    for raw_name, stream in files:
        name = clean_name(raw_name)
        if count >= MAX_FILES:
            problems.append(str(messages.EVIDENCE_TOO_MANY) % {"max": MAX_FILES})
            break
        try:
            image = reencode(stream.read(MAX_BYTES + 1), name)
        except Refused as refused:
            problems.append(refused.message)
            continue
        row = ReportEvidenceDraft(draft_id=draft_row.id, name=name, content_type=image.content_type,
                                  size=len(image.data), data=image.data)
        db.session.add(row)
        # Written now (still uncommitted) and let go of, so a worker holds one image at a time, not five.
        db.session.flush()
        db.session.expunge(row)
        del row, image
        count += 1
    db.session.commit()
    return problems


def remove(draft_row: ReportDraft | None, evidence_id) -> None:
    """Take one file off this draft (only this draft's: the id alone finds nothing of anyone else's)."""
    if draft_row is None or not re.fullmatch(r"[0-9]{1,9}", str(evidence_id)):
        return
    db.session.execute(db.delete(ReportEvidenceDraft).where(
        ReportEvidenceDraft.id == int(evidence_id), ReportEvidenceDraft.draft_id == draft_row.id))
    db.session.commit()


def attach(draft_id: int, report_id: int) -> None:
    """Copy the draft's files to the report inside the caller's transaction. The encrypted tokens
    move from one table to the other inside the database: a worker never holds the images."""
    numbered = (func.row_number().over(order_by=ReportEvidenceDraft.id))
    rows = select(ReportEvidenceDraft.id, numbered.label("number")).where(
        ReportEvidenceDraft.draft_id == draft_id).subquery()
    db.session.execute(insert(ReportEvidence).from_select(
        ["report_id", "number", "content_type", "size", "data"],
        select(literal(report_id), rows.c.number, ReportEvidenceDraft.content_type, ReportEvidenceDraft.size,
               ReportEvidenceDraft.data).join(rows, rows.c.id == ReportEvidenceDraft.id)))


# With a report ---------------------------------------------------------------------------------

def for_report(report_id: int) -> list[ReportEvidence]:
    """A report's images, numbered, without their pixels."""
    return list(db.session.scalars(
        select(ReportEvidence).where(ReportEvidence.report_id == report_id).order_by(ReportEvidence.number)))


def one(report_id: int, number: int) -> ReportEvidence | None:
    return db.session.scalar(select(ReportEvidence).where(
        ReportEvidence.report_id == report_id, ReportEvidence.number == number))


def size_text(size: int) -> str:
    """Sizes in MB with one decimal (never 0.0 for a file that has something in it)."""
    return _("%(size)s MB", size=format_decimal(max(size / (1024 * 1024), 0.1), format="0.0"))
