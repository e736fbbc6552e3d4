"""Default layouts: the ID-1 design, scaled to any badge size."""
ID1_LANDSCAPE = [
    {"field": "logo", "x": 3, "y": 2, "w": 8, "h": 8},
    {"field": "event_name", "x": 12.5, "y": 2, "w": 70, "h": 4.2, "size": 7.5, "min_size": 5, "bold": True},
    {"field": "event_name", "x": 12.5, "y": 6.2, "w": 70, "h": 3.8, "size": 6, "min_size": 4.5, "language": "en",
     "colour": "#444444"},
    {"field": "photo", "x": 3, "y": 12, "w": 20, "h": 25, "border": "#BBBBBB"},
    {"field": "name", "x": 26, "y": 12, "w": 35, "h": 9, "size": 11, "min_size": 5.5, "max_lines": 2, "bold": True},
    {"field": "native_name", "x": 26, "y": 21.3, "w": 35, "h": 6.2, "size": 10, "min_size": 5.5, "max_lines": 2,
     "fallback": "chinese_name"},
    {"field": "chinese_name", "x": 26, "y": 27.7, "w": 35, "h": 5.8, "size": 10, "min_size": 5.5, "max_lines": 2},
    {"field": "position", "x": 26, "y": 33.6, "w": 35, "h": 6, "size": 6.5, "min_size": 4.5, "max_lines": 2,
     "colour": "#333333"},
    {"field": "delegation", "x": 3, "y": 39.6, "w": 58, "h": 4.2, "size": 6.5, "min_size": 4.5, "colour": "#333333"},
    {"field": "qr", "x": 62.6, "y": 11.5, "w": 21, "h": 21},
    {"field": "badge_number", "x": 62.6, "y": 32.6, "w": 21, "h": 3.2, "size": 5, "min_size": 4, "align": "center",
     "colour": "#666666"},
    {"field": "category_band", "x": 0, "y": 45.5, "w": 85.6, "h": 8.48, "label": True, "size": 12, "bold": True,
     "align": "left"},
    {"field": "zone_chips", "x": 40, "y": 46.9, "w": 43.6, "h": 5.6, "size": 6.5, "bold": True, "align": "right"},
]

ID1_PORTRAIT = [
    {"field": "logo", "x": 3, "y": 2.5, "w": 8, "h": 8},
    {"field": "event_name", "x": 12.5, "y": 2, "w": 39, "h": 9, "size": 7, "min_size": 4.5, "max_lines": 2, "bold": True},
    {"field": "photo", "x": 3, "y": 13, "w": 20, "h": 25, "border": "#BBBBBB"},
    {"field": "qr", "x": 27, "y": 13.5, "w": 24, "h": 24},
    {"field": "name", "x": 3, "y": 40, "w": 48, "h": 9, "size": 12, "min_size": 6, "max_lines": 2, "bold": True,
     "align": "center"},
    {"field": "native_name", "x": 3, "y": 49.2, "w": 48, "h": 6.4, "size": 10.5, "min_size": 5.5, "max_lines": 2,
     "align": "center", "fallback": "chinese_name"},
    {"field": "chinese_name", "x": 3, "y": 55.8, "w": 48, "h": 6, "size": 10.5, "min_size": 5.5, "max_lines": 2,
     "align": "center"},
    {"field": "position", "x": 3, "y": 62, "w": 48, "h": 5.6, "size": 6.5, "min_size": 4.5, "max_lines": 2,
     "align": "center", "colour": "#333333"},
    {"field": "delegation", "x": 3, "y": 67.8, "w": 48, "h": 4, "size": 6, "min_size": 4.5, "align": "center",
     "colour": "#333333"},
    {"field": "category_band", "x": 0, "y": 73, "w": 53.98, "h": 7, "label": True, "size": 13, "bold": True},
    {"field": "category_band", "x": 0, "y": 80, "w": 53.98, "h": 5.6},
    {"field": "zone_chips", "x": 3, "y": 80.2, "w": 47.98, "h": 4.4, "size": 6, "bold": True},
    {"field": "badge_number", "x": 27, "y": 37.5, "w": 24, "h": 2.4, "size": 4.5, "min_size": 4, "align": "center",
     "colour": "#888888"},
]

BACK_ID1_LANDSCAPE = [
    {"field": "event_name", "x": 4, "y": 4, "w": 77.6, "h": 6, "size": 9, "min_size": 5, "bold": True, "align": "center"},
    {"field": "zone_chips", "x": 4, "y": 13, "w": 77.6, "h": 8, "size": 10, "bold": True, "align": "center"},
    {"field": "name", "x": 4, "y": 24, "w": 77.6, "h": 6, "size": 9, "min_size": 5, "align": "center"},
    {"field": "text", "x": 4, "y": 40, "w": 77.6, "h": 8, "size": 6, "min_size": 4.5, "max_lines": 2, "align": "center",
     "text": "This badge must be worn visibly at all times. If found, please return it to the registration desk. "
             "本证件须全程佩戴。如拾到请交还注册处。"},
    {"field": "category_band", "x": 0, "y": 49.98, "w": 85.6, "h": 4, "label": False},
]


def _scaled(layout, from_size, to_size):
    sx, sy = to_size[0] / from_size[0], to_size[1] / from_size[1]
    scale = min(sx, sy)
    out = []
    for element in layout:
        element = dict(element)
        element["x"], element["w"] = round(element["x"] * sx, 2), round(element["w"] * sx, 2)
        element["y"], element["h"] = round(element["y"] * sy, 2), round(element["h"] * sy, 2)
        for key in ("size", "min_size"):
            if key in element:
                element[key] = round(element[key] * scale, 1)
        if element["field"] == "qr":  # keep it square
            side = min(element["w"], element["h"])
            element["w"] = element["h"] = side
        out.append(element)
    return out


def default_layout(width_mm, height_mm, *, side="front"):
    """A sensible layout for any badge size: the ID-1 design scaled to the size."""
    landscape = width_mm >= height_mm
    if side == "back":
        return _scaled(BACK_ID1_LANDSCAPE, (85.6, 53.98), (width_mm, height_mm))
    if landscape:
        return _scaled(ID1_LANDSCAPE, (85.6, 53.98), (width_mm, height_mm))
    return _scaled(ID1_PORTRAIT, (53.98, 85.6), (width_mm, height_mm))

