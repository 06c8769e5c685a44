"""Bar charts of the indicator tables, drawn on the server as SVG with pygal.

pygal writes its own <script> and <style> into every chart; both are taken out here, so the chart
holds to the site's Content-Security-Policy (no inline script or style) and gets its font, colours
and print style from the site's stylesheet (`.app-chart` in static/src/main.scss). The chart is
beside its table, which stays the accessible version: the SVG is aria-hidden.
"""
from functools import lru_cache
from xml.etree import ElementTree

import pygal
from markupsafe import Markup
from pygal.style import Style

SVG = "{http://www.w3.org/2000/svg}"
WIDTH = 400  # the viewBox: the SVG scales to its container, near its own size on a phone
ROW = 36  # height of one bar and its gap
LABEL_MAX = 20
FONT = 16  # pygal sizes its margins with these; the stylesheet uses the same sizes
# pygal uses the style only to size its margins (its stylesheet is removed); colours come from ours.
STYLE = Style(font_family="sans-serif", label_font_size=FONT, major_label_font_size=FONT,
              value_font_size=FONT, value_label_font_size=FONT, title_font_size=FONT + 2)


def _clean(element: ElementTree.Element, root: bool = True) -> None:
    """Take out every script, style and inline style or handler, at any depth, and the tick positions
    pygal writes as tooltips (a <title> anywhere but the chart's own)."""
    for child in list(element):
        if child.tag in (f"{SVG}script", f"{SVG}style", "script", "style", ElementTree.Comment) or (
                child.tag in (f"{SVG}title", "title") and not root):
            element.remove(child)
        else:
            _clean(child, root=False)
    for name in list(element.attrib):
        if name == "style" or name.lower().startswith("on"):
            del element.attrib[name]


def _short(label: str) -> str:
    """A long label shortened with "…" (the table beside has it whole): pygal sizes its margin from the
    longest label, and one too long leaves no room for the bars (or the axis title)."""
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip(" ,") + "…"


def bar_chart(table) -> Markup:
    """The table's shown rows as a horizontal bar chart with its title, axis titles and each value
    written at the end of its bar; priority rows in the second colour. Empty when nothing is counted
    (a chart of zeros tells no one anything; the table says it)."""
    rows = table.shown_rows()
    if not rows or table.largest <= 0:
        return Markup("")
    # Drawing takes pygal tens of milliseconds; the same figures in the same language draw the same.
    shown = tuple((str(label), value if exact else str(value), bool(highlighted), bool(exact))
                  for label, value, highlighted, exact in rows)
    return Markup(_draw(str(table.title), str(table.value_heading), shown, table.largest))


@lru_cache(maxsize=256)
def _draw(title: str, value_heading: str, rows: tuple, largest: int) -> str:
    chart = pygal.HorizontalStackedBar(
        style=STYLE, css=[], js=[], disable_xml_declaration=True, no_prefix=True, show_legend=False,
        width=WIDTH, height=ROW * len(rows) + 120, title=title,
        x_title=value_heading, y_title=None, print_labels=True, print_zeroes=True,
        print_values_position="top", show_y_guides=False, show_x_guides=True, include_x_axis=True,
        range=(0, largest * 1.2),  # room for the largest value's label
        # pygal's own shortening is off: _short does it before pygal sizes its margins.
        truncate_label=-1, truncate_legend=-1, tooltip_fancy_mode=False,
        margin=8, spacing=8, allow_interruptions=False, max_scale=5, min_scale=3,  # a few ticks, not a crowd
    )
    # Top to bottom in the table's order (pygal draws a horizontal chart's first row at the bottom).
    rows = list(reversed(rows))
    chart.x_labels = [_short(label) for label, *_ in rows]
    for series, priority in (("", False), ("priority", True)):
        chart.add(series, [
            {"value": value if exact else 0, "label": str(value)} if bool(highlighted) == priority else None
            for label, value, highlighted, exact in rows
        ])
    tree = chart.render_tree()
    _clean(tree)
    tree.attrib.pop("id", None)
    tree.set("class", "app-chart")
    tree.set("aria-hidden", "true")
    tree.set("focusable", "false")
    ElementTree.register_namespace("", SVG[1:-1])
    return ElementTree.tostring(tree, encoding="unicode")
