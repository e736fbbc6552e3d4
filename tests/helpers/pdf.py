"""Text out of a PDF, the way a person copying it would get it: poppler's pdftotext (required in
CI), falling back to PDFium's text layer in a bare `make test` without poppler-utils."""
import os
import shutil
import subprocess
import unicodedata


def extract_text(pdf_bytes: bytes) -> str:
    if shutil.which("pdftotext"):
        command = ["pdftotext", "-enc", "UTF-8", "-", "-"]
        result = subprocess.run(command, input=pdf_bytes, capture_output=True, check=True)
        text = result.stdout.decode("utf-8")
    else:
        if os.environ.get("LIAISON_REQUIRE_SERVICES") == "1":
            raise RuntimeError("pdftotext (poppler-utils) is required in CI")
        import pypdfium2

        document = pypdfium2.PdfDocument(pdf_bytes)
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return normalize(text)


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())
