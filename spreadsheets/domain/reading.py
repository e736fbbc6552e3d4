"""Reading an uploaded spreadsheet as a stream of rows of text, whatever sent it.

XLSX through openpyxl in read-only mode with the cached values (data_only: a formula is never
evaluated); CSV in UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when every other
byte is NUL) and GB18030 (a superset of GBK, which Chinese Windows Excel writes), detected by a few
explicit rules unless the upload names the encoding. Memory stays bounded: rows are read one at a
time, blank rows at the end are never held, and a sheet's reading stops after MAX_BLANK_RUN blank
rows in a row (a sheet "used" down to row 1 048 576). Anything that is not such a file raises
UnreadableFile with a sentence for the user."""
from __future__ import annotations

import codecs
import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BLANK_RUN = 1000
# A zip bomb expands far beyond what a guest list can hold: refused before anything is unpacked.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PACKING_RATIO = 200
CSV_SNIFF_BYTES = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk", "gb2312", "big5",
             "cp1251", "latin-1", "cp1252"}


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""


@dataclass
class Sheet:
    kind: str  # "xlsx" or "csv"
    encoding: str  # of a CSV file, "" for XLSX
    rows: object  # iterator of (row number, tuple of cell values)


def normalize_encoding(name: str) -> str:
    """The codec an override names, or raise ValueError."""
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        raise ValueError(_("Unknown encoding: %(name)s.") % {"name": name}) from None
    allowed = {codecs.lookup(known).name for known in ENCODINGS}
    if codec not in allowed:
        raise ValueError(_("Unsupported encoding: %(name)s.") % {"name": name})
    return codec


def open_sheet(handle, *, encoding: str = "") -> Sheet:
    """The rows of the spreadsheet in the binary file `handle` (seekable)."""
    head = handle.read(CSV_SNIFF_BYTES)
    handle.seek(0)
    if not head:
        raise UnreadableFile(_("The file is empty."))
    if head.startswith(OLE_MAGIC):
        raise UnreadableFile(_("This is an encrypted (password-protected) workbook or an old .xls file: "
                               "save it as .xlsx without a password, or as CSV."))
    if head.startswith(ZIP_MAGIC):
        return Sheet("xlsx", "", _xlsx_rows(handle))
    codec = normalize_encoding(encoding) if encoding else detect_encoding(head)
    return Sheet("csv", codec, _csv_rows(handle, codec))


def detect_encoding(head: bytes) -> str:
    """BOM first; then UTF-16 without BOM (NUL in every other byte); then UTF-8 if it decodes
    strictly, else GB18030 (GBK's superset) if that does. Anything else is not a text table."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    candidates = ["utf-8", "gb18030"]
    sample = head[:4096]
    if sample.count(0) * 8 >= len(sample):  # UTF-16 without a BOM: ASCII characters (commas, digits) have a NUL byte
        candidates = ["utf-16-le", "utf-16-be"] if sample[1::2].count(0) >= sample[0::2].count(0) else \
            ["utf-16-be", "utf-16-le"]
    for codec in candidates:
        try:
            text = _decode_prefix(head, codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return codec
    raise UnreadableFile(_("This is not a spreadsheet: upload an .xlsx workbook or a CSV file."))


def _looks_like_text(text: str) -> bool:
    """Decoded binary data is full of control, unassigned and private characters; a table is not."""
    sample = text[:8192]
    odd = sum(1 for char in sample if char not in "\t\r\n" and unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"))
    return bool(sample.strip()) and odd <= len(sample) // 100


def _decode_prefix(head: bytes, codec: str) -> str:
    """Decode `head`, a prefix of the file that may end inside a character."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    return decoder.decode(head, final=False)


def _csv_rows(handle, codec):
    head = handle.read(CSV_SNIFF_BYTES)
    handle.seek(0)
    try:
        first = _decode_prefix(head, codec)
    except UnicodeDecodeError:
        raise UnreadableFile(_("The file is not valid %(encoding)s text; name its encoding with the upload.")
                             % {"encoding": codec}) from None
    lines = first.lstrip("\ufeff").splitlines()[:5]
    dialect = max((",", ";", "\t"), key=lambda sep: sum(line.count(sep) for line in lines))

    def rows():
        text = io.TextIOWrapper(getattr(handle, "file", handle), encoding=codec, errors="strict", newline="")
        reader = csv.reader(text, delimiter=dialect)
        try:
            for number, row in enumerate(reader, start=1):
                if number == 1 and row and row[0].startswith("\ufeff"):
                    row[0] = row[0][1:]
                yield number, tuple(row)
        except UnicodeDecodeError:
            raise UnreadableFile(_("The file is not valid %(encoding)s text; name its encoding with the upload.")
                                 % {"encoding": codec}) from None
        except csv.Error as exc:
            raise UnreadableFile(_("The CSV file is malformed near line %(line)s: %(error)s")
                                 % {"line": reader.line_num, "error": exc}) from None
        finally:
            text.detach()  # the caller closes its file

    return _until_long_blank_run(rows())


def _check_zip(handle):
    try:
        archive = zipfile.ZipFile(handle)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(_("The workbook is damaged (not a readable .xlsx file).")) from None
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_PACKING_RATIO:
        raise UnreadableFile(_("The workbook unpacks to far more data than a guest list holds; it is refused."))
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/worksheets/") for name in names):
        raise UnreadableFile(_("This is a zip archive but not an .xlsx workbook."))
    handle.seek(0)


def _xlsx_rows(handle):
    import openpyxl

    _check_zip(handle)
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        sheet = workbook.worksheets[0]
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise UnreadableFile(_("The workbook is damaged (not a readable .xlsx file).")) from None

    def rows():
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, tuple(_cell_value(value) for value in row)
        except UnreadableFile:
            raise
        except Exception:  # noqa: BLE001
            raise UnreadableFile(_("The workbook is damaged (not a readable .xlsx file).")) from None
        finally:
            workbook.close()

    return _until_long_blank_run(rows())


def _cell_value(value):
    """Text stays text (never stripped of its characters), numbers that are whole become integers
    (a passport number typed as a number), dates stay dates."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, int, float, str)) or value is None:
        return value
    return str(value)


def is_blank(row) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _until_long_blank_run(rows):
    """The rows, without blank rows at the end, stopping after MAX_BLANK_RUN blank rows in a row."""
    blanks = []
    for number, row in rows:
        if is_blank(row):
            blanks.append(number)
            if len(blanks) >= MAX_BLANK_RUN:
                return
            continue
        for blank in blanks:
            yield blank, ()
        blanks = []
        yield number, row
