"""The one CSV writer: every cell quoted, nothing a spreadsheet would run, and read back exactly."""
import csv
import io
import re

from app import csvsafe

_QUOTED_LINE = re.compile(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*')


def quoted_cells(line: str) -> int:
    """How many cells a CSV line has, when every one is quoted (0 when any is not)."""
    return len(next(csv.reader([line]))) if _QUOTED_LINE.fullmatch(line) else 0

TRICKY = ["=1+1", "+44 1923 123456", "-0.3394", "@SUM(A1)", "\t=1", "\r=1", "a;=1+1", '=HYPERLINK("http://x")',
          "'", "''", "'=1", "'Tis the season", "''=1", "plain", "", "-", "+", "=", "@", 'say "hi", then go']


def test_cells_that_a_spreadsheet_would_run_get_a_leading_quote():
    for value in ("=1+1", "+x", "-2", "@SUM", "\t=1", "\r=1"):
        assert csvsafe.neutralise(value) == "'" + value
    assert csvsafe.neutralise("a;=1+1") == "a;=1+1" and csvsafe.neutralise(None) == ""
    assert csvsafe.neutralise(3) == "3" and csvsafe.neutralise("'quoted") == "''quoted"


def test_every_cell_is_quoted_and_reads_back_as_it_was():
    out = io.StringIO()
    csvsafe.writer(out).writerows([TRICKY, [1, None, "x"]])
    text = out.getvalue()
    assert [quoted_cells(line) for line in text.split("\r\n")] == [len(TRICKY), 3, 0]  # ends with a line break
    for row in csv.reader(io.StringIO(text)):
        assert not any(cell.startswith(csvsafe.FORMULA_START) for cell in row)
    assert text.startswith('"\'=1+1","\'+44 1923 123456","\'-0.3394",') and '"a;=1+1"' in text
    assert list(csvsafe.reader(io.StringIO(text))) == [TRICKY, ["1", "", "x"]]


def test_a_quote_typed_in_a_spreadsheet_is_kept_unless_it_guards_a_formula():
    assert csvsafe.restore("'Tis") == "'Tis" and csvsafe.restore("'+44 1923") == "+44 1923"
    assert csvsafe.restore("plain") == "plain" and csvsafe.restore("'") == "'"
