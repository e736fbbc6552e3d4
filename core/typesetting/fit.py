"""Fitting a text into a box: shrink, then wrap, then truncate with an ellipsis."""
import math
import re
import unicodedata
from typing import NamedTuple

from .bidi_levels import paragraph_level
from .fonts import is_ignorable
from .layout import clean_text, layout_line

ELLIPSIS = "\u2026"
_SPACES = re.compile(r"(\s)\s*")

# Characters a CJK line may not start with (closing punctuation, small kana,
# iteration and prolonged-sound marks) or end with (opening punctuation).
_NO_LINE_START = set("、。，．,.・·‧:;：；!?！？)]}）］｝〕〉》」』】〙〗ー々〻ゝゞヽヾ"
                     "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
                     "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
_NO_LINE_END = set("([{（［｛〔〈《「『【〘〖")
# Separators between the words of a transcribed name (阿卜杜勒·本·费萨尔): lines break after them first.
_WORD_SEPARATORS = set("·・‧")


class Fit(NamedTuple):
    lines: list        # [Line], all at `size`; empty if the text is empty
    size: float
    truncated: bool    # True if the text was cut and ends with an ellipsis


def fit_text(text, max_width, max_size, min_size, max_lines=2, bold=False, direction=None):
    """Lay out `text` in at most `max_lines` lines no wider than `max_width` points.

    In order of preference: one line at the largest size in [min_size, max_size];
    lines broken between words (at spaces and after name separators such as ·)
    at the largest size in [min_size, max_size] that fits; the same with breaks
    between any CJK characters too; finally lines at min_size, the last one cut
    with an ellipsis. Draw line i at baseline y - i * leading (e.g. 1.2 * size).
    """
    if not max_width > 0 or not 0 < min_size <= max_size or max_lines < 1:
        raise ValueError("need max_width > 0, 0 < min_size <= max_size, max_lines >= 1")
    text = _SPACES.sub(r"\1", clean_text(text)).strip()
    if not text:
        return Fit([], max_size, False)
    direction = direction or ("rtl" if paragraph_level(text) else "ltr")

    def width(s):  # at 1 pt
        return layout_line(s, 1, bold, direction).width

    def at(size, texts, truncated=False):
        return Fit([layout_line(t, size, bold, direction) for t in texts], size, truncated)

    size = _largest_size(max_width, max_size, width(text))
    if size >= min_size:
        return at(size, [text])

    if max_lines > 1:
        every_break = _break_positions(text)
        between_words = [i for i in every_break if _is_word_break(text, i)]
        for positions in (between_words, every_break) if between_words != every_break else (every_break,):
            lines = _balanced_lines(text, max_lines, width, positions)
            if len(lines) > 1:
                size = _largest_size(max_width, max_size, max(map(width, lines)))
                if size >= min_size:
                    return at(size, lines)

    # Too long even wrapped at min_size: fill lines, cut the last one.
    def fits(s):
        return width(s) * min_size <= max_width

    lines = []
    rest = text
    while rest:
        if fits(rest):
            lines.append(rest)
            return at(min_size, lines)
        cut = None
        if len(lines) < max_lines - 1:
            cut = (_longest(_break_positions(rest), lambda p, rest=rest: fits(rest[:p].rstrip()))
                   or _longest(_cluster_positions(rest), lambda p, rest=rest: fits(rest[:p])))
        if cut is None:
            lines.append(_ellipsize(rest, fits))
            break
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return at(min_size, [line for line in lines if line], truncated=True)


def _largest_size(max_width, max_size, width_at_1pt):
    if width_at_1pt <= 0:
        return max_size
    # Rounded down to 1/100 pt so that width * size stays <= max_width.
    return min(max_size, math.floor(max_width / width_at_1pt * 100) / 100)


def _balanced_lines(text, max_lines, width, positions):
    """Split at `positions` (where a line may start) into <= max_lines lines so
    that the widest is as narrow as possible (fewest lines on ties). Widths of
    the pieces are added up; the caller measures the chosen lines exactly."""
    cuts = [0, *positions, len(text)]
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    n = len(pieces)
    # Running totals of the pieces' widths without and with their trailing space.
    core, full = [0.0], [0.0]
    for piece in pieces:
        word = width(piece.rstrip())
        core.append(full[-1] + word)
        full.append(full[-1] + word + (width(piece[len(piece.rstrip()):]) if piece[-1:].isspace() else 0.0))

    def line_width(i, j):  # pieces i..j-1, without the last one's trailing space
        return core[j] - full[i]

    # best[m][j]: narrowest widest line for pieces[:j] in m lines; back[m][j]: its last cut.
    best = [[math.inf] * (n + 1) for _ in range(max_lines + 1)]
    back = [[0] * (n + 1) for _ in range(max_lines + 1)]
    best[0][0] = 0.0
    for m in range(1, max_lines + 1):
        for j in range(1, n + 1):
            for i in range(m - 1, j):
                if best[m - 1][i] < math.inf:
                    candidate = max(best[m - 1][i], line_width(i, j))
                    if candidate < best[m][j]:
                        best[m][j], back[m][j] = candidate, i
    m = min(range(1, max_lines + 1), key=lambda m: (best[m][n], m))
    bounds = [n]
    for k in range(m, 0, -1):
        bounds.append(back[k][bounds[-1]])
    bounds.reverse()
    return [text[cuts[a]:cuts[b]].strip() for a, b in zip(bounds, bounds[1:])]


def _is_cjk(ch):
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x2FDF or 0x3005 <= cp <= 0x3007 or 0x3021 <= cp <= 0x3029
            or 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0x3400 <= cp <= 0x4DBF
            or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF66 <= cp <= 0xFF9F
            or 0x20000 <= cp <= 0x3FFFF)


def _is_cluster_start(s, i):
    ch = s[i]
    if unicodedata.category(ch)[0] == "M" or is_ignorable(ord(ch)):
        return False
    before = s[i - 1]
    # No cut after a joiner or a virama (Devanagari ्, Tamil ், Khmer ្ ...).
    return before != "\u200d" and unicodedata.combining(before) != 9


def _break_positions(s):
    """Indices where a line may start: after whitespace, and between CJK characters."""
    positions = []
    for i in range(1, len(s)):
        if s[i - 1].isspace() and not s[i].isspace():
            positions.append(i)
        elif ((_is_cjk(s[i - 1]) or _is_cjk(s[i])) and not s[i].isspace()
              and not s[i - 1].isspace() and s[i] not in _NO_LINE_START
              and s[i - 1] not in _NO_LINE_END and _is_cluster_start(s, i)):
            positions.append(i)
    return positions


def _is_word_break(s, i):
    return s[i - 1].isspace() or s[i - 1] in _WORD_SEPARATORS


def _cluster_positions(s):
    """Indices where a word may be cut without separating a mark from its base."""
    return [i for i in range(1, len(s)) if _is_cluster_start(s, i)]


def _longest(positions, fits):
    """The largest position for which fits(position) holds (widths grow with it)."""
    best = None
    lo, hi = 0, len(positions) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(positions[mid]):
            best, lo = positions[mid], mid + 1
        else:
            hi = mid - 1
    return best


def _ellipsize(s, fits):
    cut = _longest(_cluster_positions(s), lambda p: fits(s[:p].rstrip() + ELLIPSIS))
    if cut is not None:
        return s[:cut].rstrip() + ELLIPSIS
    return ELLIPSIS if fits(ELLIPSIS) else ""
