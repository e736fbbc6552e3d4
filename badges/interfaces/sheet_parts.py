"""One sheet PDF for any number of badges in bounded memory.

A reportlab canvas keeps every page until it saves, so a SheetRenderer's memory grows with its badges.
SheetInParts gives every `part_size` badges (whole pages) their own SheetRenderer writing a
temporary file, and finish() joins the parts page by page into the output: the same pages, in the
same order, as one SheetRenderer would draw.

    sheet = SheetInParts(prepared, output, part_size=500)   # output: a path or a binary file
    for content in contents:
        sheet.add(content)
    sheet.finish()   # or sheet.close() to give up: nothing is written to output
"""
import os
import shutil
import tempfile

from .pdf_join import join_pdfs
from .sheet_pdf import SheetRenderer


class SheetInParts:
    def __init__(self, prepared, output, *, part_size, title="Badges"):
        per_page = len(prepared.geometry.slots)
        self.part_size = max(1, -(-part_size // per_page)) * per_page  # rounded up to whole pages
        self.prepared = prepared
        self.output = output
        self.title = title
        self.pages = 0
        self._parts = []  # finished part files
        self._renderer = None
        self._file = None
        self._in_part = 0

    def make_room(self):
        """Finish the current part if it is full. Call it outside anything that treats an exception as
        one badge's problem: a part that cannot be written is the whole sheet's failure."""
        if self._in_part == self.part_size:
            self._finish_part()

    def add(self, content):
        self.make_room()
        if self._renderer is None:
            self._open_part()
        self._renderer.add(content)
        self._in_part += 1

    def finish(self):
        try:
            # A part is opened for a badge that then failed to draw: left out unless nothing else was drawn
            # (no badge at all gives one empty page, as one SheetRenderer does).
            if self._renderer is not None and (self._in_part or not self._parts):
                self._finish_part()
            elif not self._parts:
                self._open_part()
                self._finish_part()
            if len(self._parts) == 1:
                self._copy(self._parts[0])
            else:
                with _opened(self.output) as output:
                    join_pdfs(self._parts, output, title=self.title, creator="Liaison")
        finally:
            self.close()

    def close(self):
        """Delete the temporary parts."""
        for part in self._parts + ([self._file] if self._file else []):
            part.close()
        self._parts, self._file, self._renderer = [], None, None

    def _open_part(self):
        self._file = tempfile.TemporaryFile(prefix="badge-sheet-part-")
        self._renderer = SheetRenderer(self.prepared, self._file, title=self.title)
        self._in_part = 0

    def _finish_part(self):
        self._renderer.finish()
        self.pages += self._renderer.pages
        self._parts.append(self._file)
        self._renderer, self._file, self._in_part = None, None, 0

    def _copy(self, part):
        part.seek(0)
        with _opened(self.output) as output:
            shutil.copyfileobj(part, output)


class _opened:
    """A path opened for writing (and closed after), or a file as it is."""

    def __init__(self, output):
        self.output = output
        self.file = None

    def __enter__(self):
        if isinstance(self.output, (str, bytes, os.PathLike)):
            self.file = open(self.output, "wb")
            return self.file
        return self.output

    def __exit__(self, *exc):
        if self.file:
            self.file.close()
