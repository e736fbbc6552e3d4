"""Unicode bidi (UAX #9) for one line: embedding levels and visual run order.

python-bidi's Rust get_display() only returns the reordered string; to shape
runs we need the level of every character, so we run the steps of its
pure-Python implementation (bidi.algorithm) up to the resolved levels.
"""
import re

from bidi import algorithm as uax9
from bidi import get_base_level

# Anything that can make a level odd. Text without it (and with an LTR
# paragraph) is all level 0 and skips the algorithm.
_MAY_BE_RTL = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def paragraph_level(text, direction=None):
    """0 for left-to-right, 1 for right-to-left; `direction` "ltr"/"rtl"/None (auto)."""
    if direction is None:
        return get_base_level(text) if _MAY_BE_RTL.search(text) else 0
    if direction not in ("ltr", "rtl"):
        raise ValueError(f"direction must be 'ltr', 'rtl' or None, not {direction!r}")
    return 1 if direction == "rtl" else 0


def embedding_levels(text, base_level):
    """Resolved embedding level of every character of a single-line paragraph."""
    if base_level == 0 and not _MAY_BE_RTL.search(text):
        return [0] * len(text)
    storage = uax9.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = "LR"[base_level]
    uax9.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uax9.explicit_embed_and_overrides(storage)  # X9 drops embedding codes and BN
    uax9.resolve_weak_types(storage)
    uax9.resolve_neutral_types(storage, False)
    uax9.resolve_implicit_levels(storage, False)

    levels = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    # Characters removed by X9 (ZWJ, ZWNJ, embedding codes) take a neighbour's level.
    previous = base_level
    for i, level in enumerate(levels):
        if level is None:
            following = next((lv for lv in levels[i + 1:] if lv is not None), previous)
            levels[i] = previous if i else following
        previous = levels[i]
    # L1: whitespace at the end of the line goes back to the paragraph level.
    i = len(text) - 1
    while i >= 0 and text[i].isspace():
        levels[i] = base_level
        i -= 1
    return levels


def visual_order(levels):
    """Rule L2: indices of runs (given their levels, in logical order) left to right."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order
