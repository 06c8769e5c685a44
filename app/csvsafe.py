"""The one CSV writer for every file the site exports, and the reader that takes such a file back.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a
formula, and one that splits on another separator (`;`) can find a formula inside an unquoted cell.
So, following OWASP's CSV injection guidance, every cell is quoted and a cell that starts with one
of those characters gets a leading `'`. A cell that already starts with `'` gets one too, so that
`restore` can take off exactly the quote `neutralise` added: import(export(x)) == x, even for a
phone number written "+44 ..." or a name that really starts with an apostrophe.
"""
import csv
from collections.abc import Iterable, Iterator

MARK = "'"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKED = FORMULA_START + (MARK,)


def neutralise(value) -> str:
    """The cell's text, safe to open in a spreadsheet."""
    text = "" if value is None else str(value)
    return MARK + text if text.startswith(_MARKED) else text


def restore(text: str) -> str:
    """Undo `neutralise`: drop a leading quote only where it would have added one."""
    return text[1:] if text.startswith(MARK) and text[1:].startswith(_MARKED) else text


class Writer:
    """csv.writer with every cell quoted and neutralised."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, quoting=csv.QUOTE_ALL, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> Writer:
    return Writer(out, **options)


def reader(lines: Iterable[str], **options) -> Iterator[list[str]]:
    """csv.reader that gives back each cell as it was before `neutralise`."""
    for row in csv.reader(lines, **options):
        yield [restore(cell) for cell in row]
