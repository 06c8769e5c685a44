"""The one XLSX writer for every spreadsheet the site exports (XlsxWriter). Every cell is written as
text, never as a formula, a number or a link, so nothing a person typed can run when it is opened."""
import io


def xlsx(header: list, rows: list[list], title: str = "Sheet1") -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                     "strings_to_urls": False})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True})
    for column, value in enumerate(header):
        sheet.write_string(0, column, str(value), bold)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, "" if value is None else str(value))
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
