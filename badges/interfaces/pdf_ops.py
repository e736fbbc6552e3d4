"""PDF content-stream helpers shared by the badge exporters."""


def fmt(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def hex_to_rgb(colour):
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def fill_op(colour):
    return "%s %s %s rg" % tuple(fmt(c) for c in hex_to_rgb(colour))


def contrasting_text(colour):
    r, g, b = hex_to_rgb(colour)
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.6 else "#FFFFFF"


def jpeg_components(data: bytes) -> int:
    """Number of colour components from the JPEG's SOF marker (3 for RGB, 1 for grey)."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xC0, 0xC1, 0xC2):
            return data[i + 9]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        i += 2 + length
    return 3

