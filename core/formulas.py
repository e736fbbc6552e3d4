"""Text that a spreadsheet would run as a formula, and how a CSV cell makes it inert. One rule for
every export (attendance CSV, spreadsheets' CSV and XLSX)."""

# Cells starting with these are formulas in Excel, LibreOffice or Google Sheets (incl. full-width forms).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def inert_csv_text(text: str) -> str:
    """CSV has no cell types: an apostrophe in front keeps the text readable and stops the formula."""
    return "'" + text if is_formula_like(text) else text
