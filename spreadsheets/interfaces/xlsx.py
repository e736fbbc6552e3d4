"""A table as an XLSX workbook: one sheet, a bold frozen header row, widths that fit the text
(Chinese characters count twice), dates and times as real spreadsheet dates in the event's local
time, formula-like text kept as text. Written in openpyxl's streaming mode."""
import datetime
import io

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.formulas import is_formula_like

from .cells import column_widths

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
BOLD = Font(bold=True)


def _sheet_title(title: str) -> str:
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
    return cell


def write_xlsx(table) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(table.title))
    headers = table.headers()
    for index, width in enumerate(column_widths(headers, table.rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = BOLD
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in table.rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
