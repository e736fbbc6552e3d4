import io

import pypdfium2
import pytest

from badges.admin import print_badges_action
from badges.models import AccessZone, Badge, BadgeBatch, BadgeTemplate
from events.models import Event, Guest
from tests import factories

pytestmark = pytest.mark.django_db


def test_print_badges_admin_action(event, client, django_capture_on_commit_callbacks):
    from django.contrib import admin

    user = factories.make_member(event, "protocol", is_staff=True)
    client.force_login(user)
    guests = [factories.make_guest(event) for _ in range(3)]
    # events/admin.py adds the action to GuestAdmin; here it is called as the admin would.
    guest_admin = admin.site._registry[Guest]
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/events/guest/")
    request.user = user
    request.session = client.session
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    with django_capture_on_commit_callbacks(execute=True):
        print_badges_action(guest_admin, request, Guest.objects.filter(pk__in=[g.pk for g in guests]))
    batch = BadgeBatch.objects.get()
    assert batch.status == "done" and batch.done == 3 and batch.created_by == user
    response = client.get(f"/admin/badges/badgebatch/{batch.pk}/change/")
    assert response.status_code == 200 and b"Download" in response.content


def test_print_badges_action_needs_the_right(event, client):
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    user = factories.make_member(event, "registration", is_staff=True)
    guest = factories.make_guest(event)
    request = RequestFactory().post("/admin/events/guest/")
    request.user = user
    request.session = client.session
    request._messages = FallbackStorage(request)
    print_badges_action(admin.site._registry[Guest], request, Guest.objects.filter(pk=guest.pk))
    assert not BadgeBatch.objects.exists()


def test_admin_pages_render(event, admin_client, zones, template):
    factories.make_guest(event)
    for path in ("badges/accesszone/", "badges/badgetemplate/", f"badges/badgetemplate/{template.pk}/change/",
                 "badges/badge/", "badges/badgebatch/"):
        assert admin_client.get(f"/admin/{path}").status_code == 200, path


def test_demo_seed_is_idempotent_and_prints(tmp_path):
    from badges import demo
    from events.demo import seed as seed_events

    seed_events()
    demo.seed()
    demo.seed()
    forum = Event.objects.get(slug=demo.DEMO_EVENT)
    assert sorted(AccessZone.objects.filter(event=forum).values_list("code", flat=True)) == ["ALL", "PLENARY", "PRESS", "VIP"]
    assert BadgeTemplate.objects.filter(event=forum).count() == 1
    approved = Guest.objects.filter(event=forum, status="approved").count()
    assert approved and Badge.objects.filter(event=forum).count() == approved

    from badges.domain.prepared import PreparedTemplate
    from badges.domain.printing import badges_for_printing, render_badges

    out = io.BytesIO()
    template = BadgeTemplate.objects.get(event=forum)
    badges = badges_for_printing(forum, list(Badge.objects.filter(event=forum).order_by("id").values_list("pk", flat=True)))
    report = render_badges(PreparedTemplate(template, forum), badges, out)
    assert report.problems == [] and len(report.printed) == approved
    document = pypdfium2.PdfDocument(out.getvalue())
    for index, page in enumerate(document):
        page.render(scale=200 / 72).to_pil().save(tmp_path / f"demo-sheet-{index}.png")
    assert (tmp_path / "demo-sheet-0.png").stat().st_size > 10_000
