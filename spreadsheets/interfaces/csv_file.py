"""A table as CSV: UTF-8 with a byte-order mark (so that Chinese Excel opens it right), CRLF lines,
dates as 2026-05-14 and times as 2026-05-14 09:30 (the event's local time), and every cell that a
spreadsheet would run as a formula made inert by an apostrophe in front (its text otherwise kept)."""
import csv
import datetime
import io

from core.formulas import inert_csv_text


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return inert_csv_text(str(value))


def write_csv(table) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers())
    for row in table.rows:
        writer.writerow([csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8")
