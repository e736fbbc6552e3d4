"""Joining finished PDF files page by page into one PDF, streaming: each part is read with pypdf, its
pages and everything they use are written out at once under new object numbers, and only the byte
offsets of the written objects stay in memory. (pypdf's PdfWriter keeps every copied page until it
writes, so its memory grows with the batch.)"""
import io
import itertools
import re

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    create_string_object,
)

CATALOG, PAGES, INFO = 1, 2, 3
SUBSET_TAG = re.compile(r"^/([A-Z]{6})\+")  # a font subset's name: every part starts again at AAAAAA


class _Output:
    def __init__(self, file):
        self.file = file
        self.position = 0
        self.offsets = {}  # object number -> byte offset

    def write(self, data: bytes):
        self.file.write(data)
        self.position += len(data)

    def write_object(self, number, obj):
        self.offsets[number] = self.position
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        self.write(b"%d 0 obj\n%s\nendobj\n" % (number, buffer.getvalue()))


def join_pdfs(parts, output, *, title="", creator="") -> int:
    """Write the pages of the PDF files `parts` (binary files, in order) into `output` as one PDF.
    Returns the number of pages."""
    out = _Output(output)
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    next_number = [INFO + 1]
    kids = []
    tags = _subset_tags()
    for part in parts:
        part.seek(0)
        _copy_pages(PdfReader(part), out, kids, next_number, tags)
    out.write_object(PAGES, DictionaryObject({
        NameObject("/Type"): NameObject("/Pages"), NameObject("/Count"): NumberObject(len(kids)),
        NameObject("/Kids"): ArrayObject(IndirectObject(number, 0, None) for number in kids),
    }))
    out.write_object(CATALOG, DictionaryObject({
        NameObject("/Type"): NameObject("/Catalog"), NameObject("/Pages"): IndirectObject(PAGES, 0, None),
    }))
    out.write_object(INFO, DictionaryObject({
        NameObject("/Title"): create_string_object(title), NameObject("/Creator"): create_string_object(creator),
        NameObject("/Producer"): create_string_object("Liaison (reportlab, pypdf)"),
    }))
    size = next_number[0]
    xref = out.position
    rows = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    rows.extend(b"%010d 00000 n \n" % out.offsets[number] for number in range(1, size))
    rows.append(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, CATALOG, INFO, xref))
    out.write(b"".join(rows))
    return len(kids)


def _subset_tags():
    """AAAAAA, AAAAAB, …: a new tag for every font subset of the joined file."""
    for number in itertools.count():
        letters = ""
        for _ in range(6):
            number, digit = divmod(number, 26)
            letters = chr(65 + digit) + letters
        yield letters


def _copy_pages(reader, out, kids, next_number, tags):
    """Write the reader's pages and the objects they use; each object once, under a new number."""
    numbers = {}  # this part's object number -> the joined file's
    pending = []
    renamed = {}  # this part's subset tag -> the joined file's

    def renumbered(ref):
        number = numbers.get(ref.idnum)
        if number is None:
            number = numbers[ref.idnum] = next_number[0]
            next_number[0] += 1
            pending.append(ref)
        return IndirectObject(number, 0, None)

    def remap(obj):  # in place: each object of this part is written once, then dropped with the reader
        if isinstance(obj, IndirectObject):
            return renumbered(obj)
        if isinstance(obj, DictionaryObject):
            for key, value in list(dict.items(obj)):
                dict.__setitem__(obj, key, remap(value))
            for key in ("/BaseFont", "/FontName"):
                name = dict.get(obj, key)
                match = SUBSET_TAG.match(name) if isinstance(name, NameObject) else None
                if match:
                    if match[1] not in renamed:
                        renamed[match[1]] = next(tags)
                    tag = renamed[match[1]]
                    dict.__setitem__(obj, key, NameObject(f"/{tag}+{name[8:]}"))
        elif isinstance(obj, ArrayObject):
            for index, value in enumerate(list.__iter__(obj)):
                list.__setitem__(obj, index, remap(value))
        return obj

    pages = set()
    for page in reader.pages:  # pypdf copies inherited attributes (resources, boxes) into each page
        kids.append(renumbered(page.indirect_reference).idnum)
        pages.add(page.indirect_reference.idnum)
    while pending:
        ref = pending.pop()
        obj = reader.get_object(ref)
        if ref.idnum in pages:  # its parent is the joined file's page tree, not this part's
            dict.pop(obj, "/Parent", None)
            obj = remap(obj)
            dict.__setitem__(obj, NameObject("/Parent"), IndirectObject(PAGES, 0, None))
        else:
            obj = remap(obj)
        out.write_object(numbers[ref.idnum], obj)
