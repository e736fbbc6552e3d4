"""What a cell may hold when it leaves: text that a spreadsheet would run as a formula is made inert
(in XLSX by storing it as text, marked quote-prefixed, so its characters stay exactly as they are;
in CSV, which has no types, by an apostrophe in front); widths that fit CJK text (two columns per
wide character)."""
import unicodedata

MAX_WIDTH = 60


def display_width(value) -> int:
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        longest = max(longest, sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line))
    return longest


def column_widths(headers, rows, *, sample=2000) -> list[float]:
    widths = [display_width(header) for header in headers]
    for row in rows[:sample]:
        for index, value in enumerate(row):
            if hasattr(value, "hour"):
                width = 16
            elif hasattr(value, "year"):
                width = 10
            else:
                width = display_width(value)
            widths[index] = max(widths[index], width)
    return [min(width + 2, MAX_WIDTH) for width in widths]
