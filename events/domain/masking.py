"""How sensitive values look to roles that may not see them."""

MASK = "••••"


def mask_passport(number: str) -> str:
    if not number:
        return ""
    return MASK + number[-4:] if len(number) > 4 else MASK


def mask_date(value) -> str | None:
    return None if value is None else MASK
