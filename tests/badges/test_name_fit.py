"""Issue 9, item 4: no badge drops part of a name without saying so.

Name lines wrap to two lines and shrink before anything is cut; a name that still does not fit is
not printed cut: coverage and the batch list the guest with the reason name_does_not_fit."""
import io
import unicodedata

import pytest

from badges.domain.coverage import coverage_report
from badges.domain.issuing import issue_badges
from badges.domain.prepared import PreparedTemplate, fit_in_box
from badges.domain.printing import badges_for_printing, render_badges
from badges.domain.templates import default_template_values
from tests import factories
from tests.helpers.pdf import extract_text

pytestmark = pytest.mark.django_db

# A Saudi royal's full nasab (57 characters), and the first 31 characters of its Chinese transcription.
NASAB = "عبدالعزيز بن عبدالرحمن بن فيصل بن تركي بن عبدالله آل سعود"
NASAB_ZH = "阿卜杜勒阿齐兹·本·阿卜杜勒拉赫曼·本·费萨尔·本·图尔基·本"
SIZES = [("id1", "landscape"), ("id1", "portrait"), ("a6", "portrait"), ("a6", "landscape"),
         ("4x3in", "landscape"), ("4x3in", "portrait")]


def test_the_test_names_are_as_long_as_the_issue_asks():
    assert len(NASAB) >= 40 and len(NASAB_ZH) >= 30


def url(event, path):
    return f"/api/v1/events/{event.slug}/{path}"


def make_template(event, size, orientation):
    return factories.BadgeTemplateFactory(event=event, name=f"{size} {orientation}",
                                          **default_template_values(size, orientation, back=True))


def render(event, template, guests):
    issued = issue_badges(event, guests)
    out = io.BytesIO()
    badges = badges_for_printing(event, [issued[g.pk].pk for g in guests])
    report = render_badges(PreparedTemplate(template, event), badges, out)
    return out.getvalue(), report


def without_spaces(text):
    """Also without the bidi embedding marks pdftotext puts around a right-to-left line."""
    return "".join(ch for ch in "".join(text.split()) if unicodedata.category(ch) != "Cf")


@pytest.mark.parametrize("size, orientation", SIZES)
def test_default_layouts_print_the_long_arabic_and_chinese_names_whole(event, zones, size, orientation):
    template = make_template(event, size, orientation)
    royal = factories.make_guest(event, family_name="AL SAUD", given_name="Abdulaziz bin Abdulrahman",
                                 native_name=NASAB, chinese_name=NASAB_ZH)
    chinese = factories.make_guest(event, family_name="AL SAUD", given_name="Faisal",
                                   native_name=NASAB_ZH, chinese_name="")
    for guest in (royal, chinese):
        pdf, report = render(event, template, [guest])
        assert report.problems == [] and len(report.printed) == 1
        text = extract_text(pdf)  # NFKC-normalised, whitespace collapsed
        assert "…" not in text
        for name in filter(None, (guest.native_name, guest.chinese_name)):
            # Wrapped or not, the whole name reads in its order (Chinese may wrap between any characters).
            assert without_spaces(name) in without_spaces(text), (size, orientation, text)
        for word in NASAB.split():
            assert guest == chinese or word in text, (size, orientation, word, text)


def test_name_lines_wrap_to_two_lines_and_shrink_before_cutting(event):
    template = make_template(event, "id1", "landscape")
    prepared = PreparedTemplate(template, event)
    native = next(box for box in prepared.front if box.field == "native_name")
    chinese = next(box for box in prepared.front if box.field == "chinese_name")
    assert native.element["max_lines"] == 2 and chinese.element["max_lines"] == 2
    fit = fit_in_box(NASAB, native)
    assert len(fit.lines) == 2 and not fit.truncated
    assert " ".join(line.text for line in fit.lines) == NASAB
    assert native.element["min_size"] <= fit.size < native.element["size"]
    fit = fit_in_box(NASAB_ZH, chinese)
    assert len(fit.lines) == 2 and not fit.truncated
    assert "".join(line.text for line in fit.lines) == NASAB_ZH
    short = fit_in_box("محمد عبد الرحمن", native)  # a usual name stays on one line at the designed size
    assert len(short.lines) == 1 and short.size == native.element["size"]


def test_a_name_that_cannot_fit_is_reported_by_coverage_and_the_batch(event, zones, as_role,
                                                                        django_capture_on_commit_callbacks):
    api = as_role("protocol")
    endless = factories.make_guest(event, family_name="ENDLESS", native_name="محمد بن " * 37 + "سعود",
                                   chinese_name="")
    endless_zh = factories.make_guest(event, family_name="ENDLESSZH", native_name="", chinese_name="阿" * 200)
    fine = factories.make_guest(event, family_name="FINE", native_name=NASAB, chinese_name=NASAB_ZH)
    assert len(endless.native_name) == 300  # the longest a native name may be

    body = api.get(url(event, "badges/coverage/")).json()
    unfit = {(p["guest_id"], p["field"]): p for p in body["problems"] if p["reason"] == "name_does_not_fit"}
    assert set(unfit) == {(endless.pk, "native_name"), (endless_zh.pk, "chinese_name")}
    assert unfit[(endless.pk, "native_name")]["guest"] == endless.full_name
    assert "2 lines" in unfit[(endless.pk, "native_name")]["message"]
    assert all(p["guest_id"] != fine.pk for p in body["problems"])

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url(event, "badge-batches/"), {"selection": {"all": True}}, format="json")
    batch = api.get(url(event, f"badge-batches/{response.json()['id']}/")).json()
    assert batch["status"] == "done" and batch["progress"] == {"done": 1, "total": 3}
    problems = {p["guest_id"]: p for p in batch["problems"]}
    assert set(problems) == {endless.pk, endless_zh.pk}
    assert problems[endless.pk]["reason"] == "name_does_not_fit" and "native_name" in problems[endless.pk]["problem"]
    assert problems[endless_zh.pk]["reason"] == "name_does_not_fit"
    text = extract_text(b"".join(api.get(batch["download_url"]).streaming_content))
    assert "FINE" in text and "ENDLESS" not in text and "…" not in text

    badge = api.post(url(event, "badges/"), {"guests": [endless.pk]}, format="json").json()["badges"][0]
    preview = api.get(url(event, f"badges/{badge['id']}/preview/pdf/"))
    assert preview.status_code == 422 and "native_name" in preview.json()["detail"]


def test_missing_glyphs_keep_their_own_reason(event, zones, template):
    hiero = factories.make_guest(event, family_name="HIERO", native_name="Ra \U00013000")
    report = coverage_report(event, template)
    assert [(p["guest_id"], p["reason"], p["field"]) for p in report["problems"]] == [
        (hiero.pk, "missing_glyphs", "native_name")]
    pdf, batch = render(event, template, [hiero])
    assert [(p["guest_id"], p["reason"]) for p in batch.problems] == [(hiero.pk, "missing_glyphs")]


def test_a_long_name_moved_up_by_fallback_is_checked_in_its_new_box(event, zones, template):
    """The landscape layout shows chinese_name in the native_name box when there is no native name."""
    guest = factories.make_guest(event, family_name="LONG", native_name="", chinese_name="阿" * 200)
    [problem] = coverage_report(event, template)["problems"]
    assert (problem["guest_id"], problem["reason"], problem["field"]) == (guest.pk, "name_does_not_fit", "chinese_name")


def test_a_wrapped_transcription_never_starts_a_line_with_its_separator():
    from core.typesetting import fit_text

    for width in range(20, 200, 3):
        for fit in (fit_text(NASAB_ZH, width, 10, 4, max_lines=3), fit_text(NASAB_ZH, width, 4, 4, max_lines=8)):
            assert all(not line.text.startswith("·") for line in fit.lines), (width, [line.text for line in fit.lines])
