"""Issue 9, item 5: badge templates made through the API work.

The validator and the renderer know the same layout options (badges.domain.layout.FIELD_OPTIONS):
what the validator returns, it accepts again, and the renderer draws; so a template the API
accepts previews, prints in a batch and survives a GET → PUT round trip unchanged."""
import pypdfium2
import pytest

from badges.domain import layout as layouts
from badges.domain.default_layouts import default_layout
from badges.domain.geometry import badge_size_mm
from badges.domain.templates import get_default_template
from badges.models import BadgeTemplate
from tests import factories
from tests.helpers.pdf import extract_text

pytestmark = pytest.mark.django_db

SIZES = [("id1", "landscape"), ("id1", "portrait"), ("a6", "portrait"), ("a6", "landscape"),
         ("4x3in", "landscape"), ("4x3in", "portrait")]


def url(event, path):
    return f"/api/v1/events/{event.slug}/{path}"


@pytest.fixture
def protocol(as_role):
    return as_role("protocol")


@pytest.fixture
def badge_id(event, zones, protocol):
    guest = factories.make_guest(event, family_name="ABDELRAHMAN", given_name="Mohamed",
                                 native_name="محمد عبد الرحمن", chinese_name="穆罕默德·阿卜杜勒拉赫曼",
                                 position="Deputy Minister of Foreign Affairs")
    return protocol.post(url(event, "badges/"), {"guests": [guest.pk]}, format="json").json()["badges"][0]["id"]


def page_count(pdf):
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


@pytest.mark.parametrize("size, orientation", SIZES)
def test_a_template_made_with_name_size_and_orientation_previews_prints_and_round_trips(
        event, protocol, badge_id, size, orientation, django_capture_on_commit_callbacks):
    created = protocol.post(url(event, "badge-templates/"), {"name": "Plain", "size": size, "orientation": orientation},
                            format="json")
    assert created.status_code == 201, created.json()
    template_id = created.json()["id"]

    pdf = protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"), {"template": template_id})
    assert pdf.status_code == 200, pdf.content[:300]
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-" and page_count(pdf.content) == 1
    text = extract_text(pdf.content)
    assert "Mohamed ABDELRAHMAN" in text and "محمد عبد الرحمن" in text
    png = protocol.get(url(event, f"badges/{badge_id}/preview/png/"), {"template": template_id, "dpi": 100})
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"

    with django_capture_on_commit_callbacks(execute=True):
        batch = protocol.post(url(event, "badge-batches/"), {"template": template_id, "selection": {"all": True}},
                              format="json")
    assert batch.status_code == 202, batch.json()
    body = protocol.get(url(event, f"badge-batches/{batch.json()['id']}/")).json()
    assert (body["status"], body["error"], body["problems"], body["progress"]) == ("done", "", [], {"done": 1, "total": 1})

    before = protocol.get(url(event, f"badge-templates/{template_id}/")).json()
    put = protocol.put(url(event, f"badge-templates/{template_id}/"), before, format="json")
    assert put.status_code == 200, put.json()
    after = protocol.get(url(event, f"badge-templates/{template_id}/")).json()
    before.pop("updated_at"), after.pop("updated_at")
    assert after == before


def test_a_new_template_can_be_the_default_and_the_default_renders(event, protocol, badge_id):
    created = protocol.post(url(event, "badge-templates/"),
                            {"name": "Mine", "size": "a6", "orientation": "portrait", "is_default": True}, format="json")
    assert created.status_code == 201, created.json()
    assert get_default_template(event).pk == created.json()["id"]
    assert protocol.get(url(event, f"badges/{badge_id}/preview/pdf/")).status_code == 200


def test_a_template_that_cannot_render_is_refused_as_default(event, protocol, template, badge_id):
    other = factories.BareBadgeTemplateFactory(event=event, name="Broken", front_layout=[])
    BadgeTemplate.objects.filter(pk=other.pk).update(front_layout=[{"field": "bogus", "x": 0, "y": 0, "w": 1, "h": 1}])
    response = protocol.patch(url(event, f"badge-templates/{other.pk}/"), {"is_default": True}, format="json")
    assert response.status_code == 400
    assert "unknown field 'bogus'" in response.json()["front_layout"][0]
    assert BadgeTemplate.objects.get(pk=other.pk).is_default is False
    assert get_default_template(event).pk == template.pk

    # Previews and coverage with it name the template as the problem, never a 500.
    for path in (f"badges/{badge_id}/preview/pdf/", f"badges/{badge_id}/preview/png/", "badges/coverage/"):
        response = protocol.get(url(event, path), {"template": other.pk})
        assert response.status_code == 400 and "unknown field 'bogus'" in response.json()["template"][0], path


def test_an_event_without_a_default_never_falls_back_to_a_template_that_cannot_render(event):
    broken = factories.BareBadgeTemplateFactory(event=event, name="Broken", front_layout=[])
    BadgeTemplate.objects.filter(pk=broken.pk).update(front_layout=[{"field": "bogus", "x": 0, "y": 0, "w": 1, "h": 1}])
    fallback = get_default_template(event)
    assert fallback.pk != broken.pk
    layouts.validate_template_values({name: getattr(fallback, name) for name in BadgeTemplate.LAYOUT_INPUTS})


def test_validated_layouts_validate_again_unchanged():
    for size, orientation in SIZES:
        width, height = badge_size_mm(size, orientation)
        for side in ("front", "back"):
            once = layouts.validate_layout(default_layout(width, height, side=side), width, height, side=side)
            assert layouts.validate_layout(once, width, height, side=side) == once


# --- every option the validator accepts, at its boundaries -----------------------------------------
BADGE_W, BADGE_H = badge_size_mm("a6", "portrait")  # roomy enough for a 96 pt line
MAXIMUM_SIZE = layouts.TEXT_OPTIONS["size"].maximum
NAME_FIELDS = {"name", "native_name", "chinese_name"}


def boundary_values(option):
    """The values at the edges of what `option` accepts."""
    if option.kind in ("number", "integer"):
        # A bound may name another option ("min_size" ≤ "size"): the test sets that one to its maximum.
        low, high = option.minimum, option.maximum
        return [MAXIMUM_SIZE if isinstance(value, str) else value for value in (low, high)]
    if option.kind == "boolean":
        return [False, True]
    if option.kind == "colour":
        return ["#000000", "#FFFFFF", *([""] if option.blank else [])]
    if option.kind == "choice":
        return list(option.choices)
    if option.kind == "text":
        return ["x", "本证件须全程佩戴 " + "W" * 291]
    raise AssertionError(f"a new kind of option: {option.kind}")


def option_cases():
    for field, options in layouts.FIELD_OPTIONS.items():
        for name, option in options.items():
            for value in boundary_values(option):
                yield field, name, value


CASES = list(option_cases())


def box(field, **options):
    element = {"field": field, "x": 2, "y": 2, "w": BADGE_W - 4, "h": 40, **options}
    if field == "text":
        element.setdefault("text", "Fixed text")
    return element


def test_every_option_is_covered():
    fields_with_options = {field for field, _, _ in CASES}
    assert fields_with_options == {field for field, options in layouts.FIELD_OPTIONS.items() if options}
    assert set(layouts.FIELD_OPTIONS) == set(layouts.FIELDS)
    assert len(CASES) > 100


def post_and_render(protocol, event, badge_id, name, front_layout, *, name_may_not_fit=False):
    created = protocol.post(url(event, "badge-templates/"), {"name": name, "size": "a6", "orientation": "portrait",
                                                             "front_layout": front_layout}, format="json")
    assert created.status_code == 201, (name, created.json())
    template_id = created.json()["id"]
    again = protocol.put(url(event, f"badge-templates/{template_id}/"), created.json(), format="json")
    assert again.status_code == 200 and again.json()["front_layout"] == created.json()["front_layout"], name
    pdf = protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"), {"template": template_id})
    if name_may_not_fit and pdf.status_code == 422:
        # e.g. a name line fixed at 96 pt: the guest is refused with the reason, never printed cut.
        assert "do not fit its box" in pdf.json()["detail"], name
        return created.json()["front_layout"]
    assert pdf.status_code == 200, (name, pdf.content[:300])
    assert page_count(pdf.content) == 1
    return created.json()["front_layout"]


def test_every_layout_option_at_its_boundaries_renders(event, protocol, badge_id):
    for number, (field, name, value) in enumerate(CASES):
        options = {name: value}
        if name == "min_size":
            options["size"] = MAXIMUM_SIZE  # min_size may go up to size
        [stored] = post_and_render(protocol, event, badge_id, f"case {number}", [box(field, **options)],
                                   name_may_not_fit=field in NAME_FIELDS)
        assert stored[name] == value, (field, name, value, stored)


def test_boxes_at_the_edges_of_the_badge_render(event, protocol, badge_id):
    corners = []
    for field in layouts.FIELDS:
        side = 12 if field == "qr" else 0.5
        corners.append({"field": field, "x": 0, "y": 0, "w": side, "h": side, **({"text": "T"} if field == "text" else {})})
        corners.append({"field": field, "x": BADGE_W - side, "y": BADGE_H - side, "w": side, "h": side,
                        **({"text": "T"} if field == "text" else {})})
    # Tiny boxes cannot show the name: the badge is refused with the reason, never drawn cut.
    names = {"name", "native_name", "chinese_name"}
    layout = [element for element in corners if element["field"] not in names]
    post_and_render(protocol, event, badge_id, "corners", layout)
    whole = [{"field": field, "x": 0, "y": 0, "w": BADGE_W, "h": BADGE_H, **({"text": "T"} if field == "text" else {})}
             for field in layouts.FIELDS]
    post_and_render(protocol, event, badge_id, "whole", whole)


def test_templates_saved_before_the_shared_schema_print_after_the_migration(event, protocol, badge_id):
    """The old validator wrote min_size and max_lines into zone_chips boxes, which the renderer refused."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("badges.migrations.0003_zone_chip_options")
    template = factories.BareBadgeTemplateFactory(event=event, name="Old", front_layout=[])
    old_layout = [{"field": "name", "x": 3, "y": 3, "w": 40, "h": 9, "size": 12, "min_size": 6, "max_lines": 2,
                   "bold": True, "align": "left"},
                  {"field": "category_band", "x": 0, "y": 40, "w": 53.98, "h": 7, "label": True, "size": 13,
                   "min_size": 6.5, "max_lines": 1, "bold": True, "align": "center"},
                  {"field": "zone_chips", "x": 3, "y": 50, "w": 47.98, "h": 4.4, "size": 6, "min_size": 4.0,
                   "max_lines": 1, "bold": True, "align": "center"}]
    BadgeTemplate.objects.filter(pk=template.pk).update(front_layout=old_layout)
    refused = protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"), {"template": template.pk})
    assert refused.status_code == 400 and "zone_chips" in refused.json()["template"][0]
    migration.drop_unknown_options(apps, None)
    chips = BadgeTemplate.objects.get(pk=template.pk).front_layout[2]
    assert chips == {"field": "zone_chips", "x": 3, "y": 50, "w": 47.98, "h": 4.4, "size": 6, "bold": True,
                     "align": "center"}
    assert protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"), {"template": template.pk}).status_code == 200


def test_a_template_with_a_logo_can_be_put_back_as_read(event, protocol, template, badge_id):
    from django.core.files.base import ContentFile

    from tests.badges.conftest import jpeg_bytes

    response = protocol.patch(url(event, f"badge-templates/{template.pk}/"),
                              {"logo": ContentFile(jpeg_bytes(size=(200, 200)), name="logo.jpg")}, format="multipart")
    assert response.status_code == 200
    before = protocol.get(url(event, f"badge-templates/{template.pk}/")).json()
    assert before["logo"].startswith("http://testserver/")
    put = protocol.put(url(event, f"badge-templates/{template.pk}/"), before, format="json")
    assert put.status_code == 200, put.json()
    after = protocol.get(url(event, f"badge-templates/{template.pk}/")).json()
    before.pop("updated_at"), after.pop("updated_at")
    assert after == before
    pdf = protocol.get(url(event, f"badges/{badge_id}/preview/pdf/")).content
    assert pdf.count(b"/Subtype /Image") == 1  # the logo is still there
    other = dict(before, logo="http://elsewhere.example/logo.png")
    refused = protocol.put(url(event, f"badge-templates/{template.pk}/"), other, format="json")
    assert refused.status_code == 400 and "logo" in refused.json()
    cleared = protocol.put(url(event, f"badge-templates/{template.pk}/"), dict(before, logo=None), format="json")
    assert cleared.status_code == 200 and cleared.json()["logo"] is None
