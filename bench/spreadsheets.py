"""Spreadsheets: a 5 000-row guest list (XLSX, names in Cyrillic, Chinese, Arabic and Khmer,
countries as codes, English and Chinese names, dates as text) checked (the dry run) and committed
through the domain operations; the re-check of the committed list (every row unchanged); the
5 000-guest export as XLSX and CSV.

Memory: the reading is streamed (openpyxl read-only, CSV line by line), so the peak of reading
20 000 rows must stay within 1.3× that of 5 000; the dry run keeps each row's parsed values for the
commit and its preview, so its peak grows with the rows (shown per row)."""
import datetime
import io
import os
import time
import tracemalloc

from bench.common import print_goals, setup_django

ROWS = 5000
NAMES = [("ИВАНОВ", "Иван", "KZ"), ("王", "小明", "中国"), ("العتيبي", "محمد", "United Arab Emirates"),
         ("សុខ", "ចាន់ដារ៉ា", "柬埔寨")]


def workbook_bytes(rows: int) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["姓", "名", "国籍", "护照号码", "出生日期", "Position", "E-mail"])
    for n in range(rows):
        family, given, country = NAMES[n % 4]
        sheet.append([f"{family}{n}", given, country, f"P{n:08d}", f"{1 + n % 28:02d}.{1 + n % 12:02d}.1980",
                      "Deputy Minister", f"guest{n}@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: int) -> bytes:
    lines = ["Family name,Given name,Country,Passport number"]
    lines += [f"{NAMES[n % 4][0]}{n},{NAMES[n % 4][1]},KZ,P{n:08d}" for n in range(rows)]
    return "\r\n".join(lines).encode("gb18030")


def read_peak(content: bytes) -> tuple[int, int]:
    """(rows read, peak bytes) of streaming the sheet's rows."""
    from spreadsheets.domain.reading import open_sheet

    tracemalloc.start()
    count = sum(1 for _ in open_sheet(io.BytesIO(content)).rows)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak


def upload(event, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from spreadsheets.domain import imports
    from spreadsheets.signals import import_queued

    receivers = import_queued.receivers
    import_queued.receivers = []  # the bench runs the dry run itself, timed
    try:
        return imports.upload_import(event, SimpleUploadedFile("guests.xlsx", content), by=None)
    finally:
        import_queued.receivers = receivers


def timed_check(guest_import, *, trace=False):
    from spreadsheets.domain import imports
    from spreadsheets.models import GuestImport

    GuestImport.objects.filter(pk=guest_import.pk).update(status="queued")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    imports.check_import(guest_import.pk)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    guest_import.refresh_from_db()
    return elapsed, peak


def main():
    setup_django()
    from events.models import Event, Guest
    from spreadsheets.domain import imports
    from spreadsheets.domain.exports import GUEST_COLUMNS, guests_table
    from spreadsheets.interfaces.csv_file import write_csv
    from spreadsheets.interfaces.xlsx import write_xlsx

    event = Event.objects.create(slug=f"bench-sheets-{os.getpid()}", name={"en": "Bench forum"},
                                 start_date=datetime.date(2023, 10, 31), end_date=datetime.date(2023, 11, 3))
    content = workbook_bytes(ROWS)
    print(f"  {ROWS}-row XLSX: {len(content) / 1024:.0f} KB")

    small_read, big_read = read_peak(csv_bytes(ROWS)), read_peak(csv_bytes(4 * ROWS))
    print(f"  streamed reading of CSV (GB18030), peak: {small_read[1] / 2**20:.2f} MB for {small_read[0]} rows, "
          f"{big_read[1] / 2**20:.2f} MB for {big_read[0]} rows")
    small_xlsx, big_xlsx = read_peak(workbook_bytes(ROWS)), read_peak(workbook_bytes(4 * ROWS))
    print(f"  streamed reading of XLSX, peak: {small_xlsx[1] / 2**20:.1f} MB for {small_xlsx[0]} rows, "
          f"{big_xlsx[1] / 2**20:.1f} MB for {big_xlsx[0]} rows (rows streamed; the workbook's shared-string "
          "table, which XLSX keeps apart from the rows, is loaded whole)")

    guest_import = upload(event, content)
    check_seconds, _ = timed_check(guest_import)
    assert guest_import.counts["create"] == ROWS and not guest_import.problems, guest_import.problems[:3]
    print(f"  dry run: {check_seconds:.2f} s, {ROWS / check_seconds:.0f} rows/s")
    small = upload(event, workbook_bytes(ROWS // 5))
    _, small_peak = timed_check(small, trace=True)
    _, big_peak = timed_check(guest_import, trace=True)
    per_row = (big_peak - small_peak) / (ROWS - ROWS // 5)
    print(f"  dry run peak (traced): {small_peak / 2**20:.1f} MB at {ROWS // 5} rows, {big_peak / 2**20:.1f} MB at "
          f"{ROWS} rows ({per_row / 1024:.1f} KB per row kept for the commit and the preview)")

    started = time.perf_counter()
    imports.commit_import(guest_import)
    commit_seconds = time.perf_counter() - started
    assert Guest.objects.filter(event=event).count() == ROWS
    print(f"  commit: {commit_seconds:.2f} s, {ROWS / commit_seconds:.0f} rows/s (create_guest per row, one transaction)")

    again = upload(event, content)
    recheck_seconds, _ = timed_check(again)
    assert again.counts["unchanged"] == ROWS, again.counts
    print(f"  re-check of the committed list: {recheck_seconds:.2f} s, every row unchanged")

    columns = [name for name in GUEST_COLUMNS]
    started = time.perf_counter()
    table = guests_table(event, "zh-hans", columns=columns)
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    xlsx = write_xlsx(table)
    xlsx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    csv = write_csv(table)
    csv_seconds = time.perf_counter() - started
    tracemalloc.start()
    write_xlsx(guests_table(event, "zh-hans", columns=columns))
    export_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    xlsx_total, csv_total = build_seconds + xlsx_seconds, build_seconds + csv_seconds
    print(f"  export of {ROWS} guests × {len(columns)} columns: rows {build_seconds:.2f} s; XLSX {xlsx_seconds:.2f} s "
          f"({len(xlsx) / 1024:.0f} KB, {ROWS / xlsx_total:.0f} rows/s), CSV {csv_seconds:.2f} s "
          f"({len(csv) / 1024:.0f} KB, {ROWS / csv_total:.0f} rows/s); XLSX peak (traced) {export_peak / 2**20:.1f} MB")
    # A guest list from an embassy has tens to hundreds of rows; 5 000 is a whole forum at once.
    print_goals([
        (f"dry run of {ROWS} rows ≤ 30 s ({check_seconds:.1f} s)", check_seconds <= 30),
        (f"commit of {ROWS} rows ≤ 60 s ({commit_seconds:.1f} s)", commit_seconds <= 60),
        (f"XLSX export of {ROWS} guests ≤ 10 s ({xlsx_total:.1f} s)", xlsx_total <= 10),
        (f"streamed CSV reading: peak at 4× the rows ≤ 1.3× ({big_read[1] / small_read[1]:.2f}×)",
         big_read[1] <= 1.3 * small_read[1]),
    ])


if __name__ == "__main__":
    main()
