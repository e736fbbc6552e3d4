"""CSV exports of attendance: UTF-8 with a byte-order mark (so Excel shows Chinese and Cyrillic),
and every cell that a spreadsheet would run as a formula made inert."""
import csv
import io

from django.http import HttpResponse

from core.formulas import inert_csv_text
from core.multilingual import localized


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        value = " / ".join(t for t in (value.get("zh-hans"), localized(value, "en")) if t)
    return inert_csv_text(str(value).replace("\x00", ""))


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def inside_csv(event, zones) -> HttpResponse:
    header = ["zone", "zone_name", "guest_id", "name", "native_name", "chinese_name", "country", "category",
              "delegation", "since", "checkpoint"]
    rows = (
        [z["zone"]["code"], z["zone"]["name"], g["id"], g["name"], g["native_name"], g["chinese_name"], g["country"],
         g["category"], g["delegation"], g["since"], g["checkpoint"]]
        for z in zones for g in z["guests"]
    )
    return csv_response(f"{event.slug}-inside.csv", header, rows)


def hourly_csv(event, hours) -> HttpResponse:
    header = ["hour", "checkpoint_id", "checkpoint", "entries", "exits"]
    rows = ([h["hour"], h["checkpoint"]["id"], h["checkpoint"]["name"], h["entries"], h["exits"]] for h in hours)
    return csv_response(f"{event.slug}-entries-per-hour.csv", header, rows)


def arrivals_csv(event, guests) -> HttpResponse:
    header = ["guest_id", "name", "native_name", "chinese_name", "country", "category", "delegation", "status",
              "first_arrival", "checkpoint"]
    rows = (
        [g["id"], g["name"], g["native_name"], g["chinese_name"], g["country"], g["category"], g["delegation"],
         g["status"], g["first_arrival"], g["checkpoint"]]
        for g in guests
    )
    return csv_response(f"{event.slug}-arrivals.csv", header, rows)
