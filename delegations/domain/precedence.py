"""Protocol order of delegations: alphabetical by country name in English (UN practice), in
Russian, or in Chinese by Hanyu Pinyin; optionally starting from a letter drawn by lot (the order
wraps around), with a manual position per delegation overriding it."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pypinyin import Style, pinyin

from core.countries import CHINESE, ENGLISH, RUSSIAN, country_name

CYRILLIC_ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _fold_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and (c.isalnum() or c == " ")).casefold()


def _fold_russian(text: str) -> str:
    # Ё sorts with Е in Russian dictionaries; in Unicode it sits outside the alphabet's range.
    return "".join(c for c in text.casefold().replace("ё", "е") if c.isalnum() or c == " ")


def _pinyin_syllables(text: str) -> list[str]:
    return [syllables[0] for syllables in pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=False)]


def sort_key(name: str, language: str):
    """(comparable key, the key as text shown to people)."""
    if language == RUSSIAN:
        folded = _fold_russian(name)
        return (folded, name), folded
    if language == CHINESE:
        syllables = _pinyin_syllables(name)
        parts = []
        for syllable, char in zip(syllables, name, strict=False):
            letters = syllable.rstrip("012345").casefold()
            tone = int(syllable[len(letters):] or 5) if syllable[len(letters):].isdigit() else 5
            parts.append((letters, tone, char))
        return (tuple(parts), name), " ".join(syllables)
    folded = _fold_latin(name)
    return (folded, name), folded


def normalize_start_letter(letter: str, language: str) -> str:
    """The start letter in the alphabet the keys use, or "" if it is not a letter of it."""
    letter = (letter or "").strip().casefold()[:1]
    if language == RUSSIAN:
        letter = letter.replace("ё", "е")
        return letter if letter in CYRILLIC_ALPHABET else ""
    letter = _fold_latin(letter)
    return letter if letter in LATIN_ALPHABET else ""


@dataclass
class PrecedenceEntry:
    position: int
    delegation: object
    country_name: str
    key: str
    override: int | None


@dataclass
class PrecedenceOrder:
    language: str
    start_letter: str
    start_letter_ignored: bool
    entries: list[PrecedenceEntry]

    @property
    def delegations(self):
        return [entry.delegation for entry in self.entries]


def precedence_order(event, delegations) -> PrecedenceOrder:
    """Order `delegations` (of `event`) for protocol. Ties between delegations of one country
    are broken by delegation name."""
    language = event.precedence_language if event.precedence_language in (ENGLISH, RUSSIAN, CHINESE) else ENGLISH
    start_letter = normalize_start_letter(event.precedence_start_letter, language)
    rows = []
    for delegation in delegations:
        name = country_name(delegation.country, language)
        key, key_text = sort_key(name, language)
        rows.append((key, key_text, name, delegation))

    def rotated(row):
        key, key_text = row[0], row[1]
        # Delegations from the drawn letter onwards come first, then the order wraps around to A.
        return (bool(start_letter) and key_text[:1] < start_letter, key, row[3].name, row[3].pk)

    natural = sorted((row for row in rows if row[3].precedence_override is None), key=rotated)
    overridden = sorted((row for row in rows if row[3].precedence_override is not None),
                        key=lambda row: (row[3].precedence_override, rotated(row)))
    ordered = list(natural)
    for row in overridden:
        ordered.insert(min(row[3].precedence_override - 1, len(ordered)), row)
    entries = [
        PrecedenceEntry(position=index, delegation=row[3], country_name=row[2], key=row[1], override=row[3].precedence_override)
        for index, row in enumerate(ordered, start=1)
    ]
    return PrecedenceOrder(
        language=language, start_letter=start_letter,
        start_letter_ignored=bool(event.precedence_start_letter.strip()) and not start_letter, entries=entries,
    )
