"""Short links and the QR codes printed on posters, with the link written beneath."""
import io
import re
from xml.etree import ElementTree

import segno

from .models import Campaign

# QR codes for posters: error correction M or better, the standard quiet zone, ~1200 px PNGs.
QR_ERROR = "m"
QR_QUIET_ZONE = 4
QR_PNG_TARGET_PX = 1200


def short_link(campaign: Campaign, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/c/{campaign.code}"


def printed_link(link: str) -> str:
    """The link as printed under a QR code: without "https://", which nobody needs to type."""
    return re.sub(r"^https?://", "", link)


def qr_symbol(link: str) -> segno.QRCode:
    """A full-size QR code (never a Micro QR, which most phone cameras cannot read)."""
    return segno.make(link, error=QR_ERROR, micro=False, boost_error=True)


def qr_png_scale(symbol: segno.QRCode) -> int:
    width = symbol.symbol_size(border=QR_QUIET_ZONE)[0]
    return max(1, round(QR_PNG_TARGET_PX / width))


def qr_png(campaign: Campaign, base_url: str) -> bytes:
    """A poster-sized greyscale PNG (about 1200 px wide): the code, its quiet zone, and the short
    link printed beneath it for people who cannot scan."""
    from PIL import Image, ImageDraw, ImageFont

    link = short_link(campaign, base_url)
    symbol = qr_symbol(link)
    out = io.BytesIO()
    symbol.save(out, kind="png", scale=qr_png_scale(symbol), border=QR_QUIET_ZONE, dark="#000", light="#fff")
    code = Image.open(io.BytesIO(out.getvalue())).convert("L")
    width = code.width
    label = printed_link(link)
    # The largest size that fits the label inside the code's width, but never larger than 64 px.
    size = 64
    font = ImageFont.load_default(size=size)
    while size > 12 and font.getlength(label) > width * 0.9:
        size -= 2
        font = ImageFont.load_default(size=size)
    band = size * 2
    page = Image.new("L", (width, width + band), 255)
    page.paste(code, (0, 0))
    ImageDraw.Draw(page).text((width / 2, width + band / 2 - size * 0.4), label, fill=0, font=font, anchor="mm")
    result = io.BytesIO()
    page.save(result, format="PNG", optimize=True)
    return result.getvalue()


_SVG_NS = "http://www.w3.org/2000/svg"


def qr_svg(campaign: Campaign, base_url: str) -> str:
    """An SVG for print: the code on white, its quiet zone, and the short link written beneath."""
    link = short_link(campaign, base_url)
    symbol = qr_symbol(link)
    out = io.BytesIO()
    symbol.save(out, kind="svg", scale=1, border=QR_QUIET_ZONE, xmldecl=False, svgns=True, nl=False, dark="#000")
    path = ElementTree.fromstring(out.getvalue()).find(f"{{{_SVG_NS}}}path")

    label = printed_link(link)
    size = symbol.symbol_size(border=QR_QUIET_ZONE)[0]
    # Fit the label inside the code's width (about 0.6 em per character), at most 3 modules high.
    font = round(min(3.0, (size - 2 * QR_QUIET_ZONE + 4) / (0.6 * max(len(label), 1))), 2)
    height = size + round(font * 2, 2)
    px = 30  # one module is 30 px at the default size: about 1200 px wide for most links

    ElementTree.register_namespace("", _SVG_NS)
    svg = ElementTree.Element(
        f"{{{_SVG_NS}}}svg",
        {"viewBox": f"0 0 {size} {height}", "width": str(size * px), "height": str(round(height * px))},
    )
    ElementTree.SubElement(svg, f"{{{_SVG_NS}}}title").text = label
    ElementTree.SubElement(svg, f"{{{_SVG_NS}}}rect", {"width": str(size), "height": str(height), "fill": "#fff"})
    ElementTree.SubElement(svg, f"{{{_SVG_NS}}}path", {"stroke": "#000", "d": path.get("d")})
    text = ElementTree.SubElement(
        svg,
        f"{{{_SVG_NS}}}text",
        {
            "x": str(size / 2), "y": str(round(size - QR_QUIET_ZONE / 2 + font, 2)),
            "font-family": "Arial, Helvetica, sans-serif", "font-size": str(font),
            "text-anchor": "middle", "fill": "#000",
        },
    )
    text.text = label
    return ElementTree.tostring(svg, encoding="unicode")
