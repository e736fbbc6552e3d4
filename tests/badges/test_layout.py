import pytest
from django.core.exceptions import ValidationError

from badges.domain.category_styles import validate_category_styles
from badges.domain.default_layouts import default_layout
from badges.domain.geometry import MM, badge_size_mm, sheet_geometry
from badges.domain.layout import validate_layout, validate_template_values
from badges.domain.templates import default_template_values


def test_sizes():
    assert badge_size_mm("id1", "landscape") == (85.60, 53.98)
    assert badge_size_mm("id1", "portrait") == (53.98, 85.60)
    assert badge_size_mm("a6", "portrait") == (105.0, 148.0)
    assert badge_size_mm("4x3in", "landscape") == (101.6, 76.2)
    assert badge_size_mm("custom", "portrait", 90, 120) == (90.0, 120.0)
    with pytest.raises(ValidationError):
        badge_size_mm("custom", "portrait", 5, 120)
    with pytest.raises(ValidationError):
        badge_size_mm("credit-card", "portrait")


def test_id1_landscape_is_ten_up_on_a4_and_centred():
    g = sheet_geometry(85.6, 53.98)
    assert (g.columns, g.rows, len(g.slots)) == (2, 5, 10)
    assert round(g.page_width / MM) == 210 and round(g.page_height / MM) == 297
    left = g.slots[0][0]
    right_margin = g.page_width - (g.slots[1][0] + g.badge_width)
    assert abs(left - right_margin) < 0.01
    assert abs(g.mirrored_x(g.slots[0][0]) - g.slots[1][0]) < 0.01  # the back of column 1 is column 2


def test_gutter_bleed_and_other_sheets():
    portrait = sheet_geometry(53.98, 85.6)  # ID-1 portrait: 5 × 2 on a landscape A4 beats 3 × 3 on a portrait one
    assert (portrait.columns, portrait.rows, portrait.page_width > portrait.page_height) == (5, 2, True)
    assert len(sheet_geometry(105, 148).slots) == 2  # A6: two on a landscape A4
    g = sheet_geometry(85.6, 53.98, gutter_mm=4, bleed_mm=2)
    assert len(g.slots) == 10 and abs(g.slots[1][0] - g.slots[0][0] - (85.6 + 4) * MM) < 0.01
    with pytest.raises(ValidationError, match="gutter"):
        sheet_geometry(85.6, 53.98, gutter_mm=1, bleed_mm=2)
    with pytest.raises(ValidationError, match="A4"):
        sheet_geometry(250, 290)
    single = sheet_geometry(85.6, 53.98, layout="single", bleed_mm=2)
    assert single.single and abs(single.page_width - 89.6 * MM) < 0.01


@pytest.mark.parametrize("size, orientation", [("id1", "landscape"), ("id1", "portrait"), ("a6", "portrait"),
                                                ("a6", "landscape"), ("4x3in", "landscape"), ("4x3in", "portrait")])
def test_default_layouts_are_valid_for_every_size(size, orientation):
    values = default_template_values(size, orientation, back=True)
    validate_template_values(values)
    width, height = badge_size_mm(size, orientation)
    assert any(box["field"] == "qr" for box in default_layout(width, height))


@pytest.mark.parametrize("layout, message", [
    ([{"field": "nmae", "x": 1, "y": 1, "w": 10, "h": 5}], "unknown field 'nmae'"),
    ([{"field": "name", "x": 80, "y": 1, "w": 10, "h": 5}], "reaches outside the badge"),
    ([{"field": "name", "x": 1, "y": 50, "w": 10, "h": 5}], "reaches outside the badge"),
    ([{"field": "name", "x": -1, "y": 1, "w": 10, "h": 5}], "'x' must be at least 0"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10}], "'h' is missing"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5, "fnot": 3}], "unknown option 'fnot'"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5, "colour": "red"}], "#RRGGBB"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5, "size": "big"}], "'size' must be a number"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5, "size": float("nan")}], "finite"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5, "align": "justify"}], "'align'"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5, "bold": "yes"}], "'bold'"),
    ([{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5, "fallback": "passport_number"}], "'fallback'"),
    ([{"field": "qr", "x": 1, "y": 1, "w": 8, "h": 8}], "at least 12 × 12 mm"),
    ([{"field": "text", "x": 1, "y": 1, "w": 10, "h": 5}], "'text' must be a text"),
    ([{"field": "text", "x": 1, "y": 1, "w": 10, "h": 5, "text": "a\x00b"}], "'text' must be a text"),
    ([{"field": "event_name", "x": 1, "y": 1, "w": 10, "h": 5, "language": "xx"}], "unknown language"),
    (["name"], "must be an object"),
    ({"field": "name"}, "must be a list"),
    ([{"field": "rect", "x": 0, "y": 0, "w": 1, "h": 1}] * 61, "the limit is 60"),
])
def test_bad_layouts_are_explained(layout, message):
    with pytest.raises(ValidationError) as error:
        validate_layout(layout, 85.6, 53.98)
    assert message in " ".join(error.value.messages)


def test_errors_name_the_box():
    layout = [{"field": "name", "x": 1, "y": 1, "w": 10, "h": 5}, {"field": "photo", "x": 80, "y": 1, "w": 20, "h": 25}]
    with pytest.raises(ValidationError, match=r"front box 2 \(photo\)"):
        validate_layout(layout, 85.6, 53.98)


def test_category_styles():
    validate_category_styles({"minister": {"colour": "#C9A227", "label": "VIP"}, "*": {"colour": "#000000"}})
    for styles, message in [({"king": {}}, "Unknown guest category 'king'"), ({"media": {"colour": "green"}}, "#RRGGBB"),
                            ({"media": {"label": "x" * 41}}, "at most 40"), ({"media": {"font": 1}}, "unknown option"),
                            ([], "Must be an object")]:
        with pytest.raises(ValidationError, match=message):
            validate_category_styles(styles)


def test_template_values_report_each_field():
    values = default_template_values()
    values["front_layout"] = [{"field": "bogus", "x": 0, "y": 0, "w": 1, "h": 1}]
    values["category_styles"] = {"king": {}}
    values["bleed_mm"] = 9
    with pytest.raises(ValidationError) as error:
        validate_template_values(values)
    assert set(error.value.message_dict) == {"front_layout", "category_styles", "bleed_mm"}
