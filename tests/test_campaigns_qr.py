"""QR codes: they scan to the short link, are poster-sized, and the SVG prints the link beneath."""
import re
import struct
import zlib
from datetime import date
from xml.etree import ElementTree

import pytest
import zxingcpp

from app.campaigns import qr

from .campaign_helpers import make_campaign

SVG = "{http://www.w3.org/2000/svg}"


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """A small PNG reader for greyscale images (the kind segno writes): width, height, 8-bit rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour, _compression, _filter, interlace = header
    assert colour == 0 and interlace == 0, "expected plain greyscale"
    raw = zlib.decompress(idat)
    stride = (width * depth + 7) // 8
    bpp = max(1, depth // 8)
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 0xFF
        previous = line
        if depth == 8:
            rows.append(bytes(line))
        else:
            per_byte, top = 8 // depth, (1 << depth) - 1
            pixels = bytearray()
            for x in range(width):
                value = (line[x // per_byte] >> (8 - depth * (x % per_byte + 1))) & top
                pixels.append(value * 255 // top)
            rows.append(bytes(pixels))
    return width, height, rows


def decode(width: int, height: int, rows: list[bytes]) -> list[str]:
    image = memoryview(b"".join(rows)).cast("B", shape=[height, width])
    return [result.text for result in zxingcpp.read_barcodes(image)]


def matrix_from_pixels(rows: list[bytes], scale: int, modules: int, border: int) -> list[list[int]]:
    """Samples each module's centre; 1 is dark."""
    return [
        [1 if rows[(y + border) * scale + scale // 2][(x + border) * scale + scale // 2] < 128 else 0
         for x in range(modules)]
        for y in range(modules)
    ]


def matrix_from_svg_path(d: str, modules: int, border: int) -> list[list[int]]:
    """Reads segno's path of horizontal strokes ("M4 4.5h7m1 0h2 ...") back into modules."""
    grid = [[0] * modules for _ in range(modules)]
    x = y = 0.0
    tokens = re.findall(r"[MmHh]|-?\d+(?:\.\d+)?", d)
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command in "Mm":
            dx, dy = float(tokens[i + 1]), float(tokens[i + 2])
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
            i += 3
        elif command == "h":
            run = float(tokens[i + 1])
            for col in range(int(x), int(x + run)):
                grid[int(y) - border][col - border] = 1
            x += run
            i += 2
        else:
            raise AssertionError(f"unexpected path command {command}")
    return grid


def render_matrix(matrix, scale=8, border=4) -> tuple[int, int, list[bytes]]:
    size = (len(matrix) + 2 * border) * scale
    rows = []
    for y in range(size):
        my = y // scale - border
        row = bytearray(b"\xff" * size)
        if 0 <= my < len(matrix):
            for x in range(size):
                mx = x // scale - border
                if 0 <= mx < len(matrix) and matrix[my][mx]:
                    row[x] = 0
        rows.append(bytes(row))
    return size, size, rows


@pytest.fixture
def campaign(app):
    with app.app_context():
        yield make_campaign("bus321", starts=date(2026, 1, 1), ends=date(2027, 1, 1))


@pytest.mark.parametrize("base_url", ["https://www.reporthateherts.example", "http://127.0.0.1:5000/"])
def test_png_scans_to_the_short_link_and_is_poster_sized(app, campaign, base_url):
    with app.app_context():
        link = qr.short_link(campaign, base_url)
        png = qr.qr_png(campaign, base_url)
    assert link == base_url.rstrip("/") + "/c/bus321"
    width, height, all_rows = read_png(png)
    assert 1100 <= width <= 1300 and height > width  # a band beneath for the printed link
    assert decode(width, height, all_rows) == [link]
    rows, band = all_rows[:width], all_rows[width:]
    assert any(min(row) < 128 for row in band), "the short link is not printed beneath the code"

    symbol = qr.qr_symbol(link)
    assert symbol.designator.split("-")[-1] in ("M", "Q", "H")  # error correction M or better
    assert not symbol.is_micro
    modules = symbol.symbol_size(border=0)[0]
    scale = width // (modules + 2 * qr.QR_QUIET_ZONE)
    assert scale * (modules + 2 * qr.QR_QUIET_ZONE) == width
    # The quiet zone is four modules of white on every side.
    quiet = qr.QR_QUIET_ZONE * scale
    assert all(set(row) == {255} for row in rows[:quiet] + rows[-quiet:])
    assert all(set(row[:quiet]) == {255} and set(row[-quiet:]) == {255} for row in rows)
    expected = [[1 if cell else 0 for cell in row] for row in symbol.matrix]
    assert matrix_from_pixels(rows, scale, modules, qr.QR_QUIET_ZONE) == expected


def test_svg_scans_to_the_short_link_and_prints_it_beneath(app, campaign):
    base_url = app.config["SITE_URL"]
    with app.app_context():
        link = qr.short_link(campaign, base_url)
        svg = qr.qr_svg(campaign, base_url)
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    symbol = qr.qr_symbol(link)
    modules = symbol.symbol_size(border=0)[0]
    size = modules + 2 * qr.QR_QUIET_ZONE
    _x, _y, view_width, view_height = (float(v) for v in root.get("viewBox").split())
    assert view_width == size and view_height > size  # room for the printed link
    assert 1000 <= int(root.get("width")) <= 1300

    path = root.find(f"{SVG}path")
    matrix = matrix_from_svg_path(path.get("d"), modules, qr.QR_QUIET_ZONE)
    assert matrix == [[1 if cell else 0 for cell in row] for row in symbol.matrix]
    assert decode(*render_matrix(matrix)) == [link]

    (label,) = root.findall(f"{SVG}text")
    assert label.text == link.removeprefix("http://").removeprefix("https://")
    assert float(label.get("y")) > size - qr.QR_QUIET_ZONE  # below the code
    assert float(label.get("y")) <= view_height
    font = float(label.get("font-size"))
    assert font * 0.6 * len(label.text) <= size  # fits across the code
    assert root.find(f"{SVG}rect").get("fill") == "#fff"  # prints on white whatever the paper


def test_a_long_site_address_still_fits_under_the_code(app):
    with app.app_context():
        campaign = make_campaign("taxi-watford-rank-cards")
        svg = qr.qr_svg(campaign, "https://report-hate-in-hertfordshire.example.org.uk")
    root = ElementTree.fromstring(svg)
    size = float(root.get("viewBox").split()[2])
    label = root.find(f"{SVG}text")
    assert float(label.get("font-size")) * 0.6 * len(label.text) <= size


def test_qr_command_writes_files_that_scan(app, campaign, tmp_path):
    runner = app.test_cli_runner()
    link = f"{app.config['SITE_URL']}/c/bus321"
    result = runner.invoke(args=["campaigns", "qr", "bus321", "--format", "png", "--out", str(tmp_path / "bus.png")])
    assert result.exit_code == 0, result.output
    assert link in result.output
    assert decode(*read_png((tmp_path / "bus.png").read_bytes())) == [link]

    result = runner.invoke(args=["campaigns", "qr", "bus321", "--out", str(tmp_path / "bus.svg")])
    assert result.exit_code == 0, result.output
    root = ElementTree.fromstring((tmp_path / "bus.svg").read_text())
    assert root.find(f"{SVG}text").text in link

    result = runner.invoke(args=["campaigns", "qr", "nosuch"])
    assert result.exit_code == 1 and "No campaign has the code" in result.output
