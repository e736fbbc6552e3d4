"""Script-independent name search: fold case, compatibility forms and Latin diacritics, so that
"nurlanuly", "Нұрланұлы", "艾多斯" and "محمد" each find their guest on SQLite and PostgreSQL alike."""
import unicodedata

GUEST_NAME_FIELDS = ("family_name", "given_name", "native_name", "chinese_name", "honorific", "organization", "email")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Drop combining marks from Latin/Greek/Cyrillic only: in Indic, Thai, Arabic and other
    # scripts the marks are part of the spelling and must stay.
    kept = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and ord(kept[-1]) < 0x0530:
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


def guest_search_text(guest) -> str:
    return "\n".join(fold(getattr(guest, name) or "") for name in GUEST_NAME_FIELDS)
