"""Every change of a guest, an event or its organizers goes through one domain operation, which
tells other apps through events.domain.signals: after commit, once, with who acted."""
import ast
from pathlib import Path

import pytest
from django.db import transaction

from events.domain import event_setup, guest_status, guests, signals
from events.domain.deletion import delete_guests
from events.models import EventMembership, Guest, Role
from tests import factories
from tests.helpers.signals import received

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_events_imports_no_app_above_it():
    above = {"delegations", "badges", "feeds", "checkin"}
    offenders = []
    for path in (ROOT / "events").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] in above]
    assert offenders == []


def test_events_models_import_nothing_of_the_domain():
    for path in (ROOT / "events" / "models").glob("*.py"):
        assert "domain" not in path.read_text(), path.name


def test_an_approval_is_announced_after_commit_with_its_actor(event, django_capture_on_commit_callbacks):
    guest = factories.make_guest(event, status="registered")
    officer = factories.make_user()
    with received(signals.guest_status_changed) as calls:
        with django_capture_on_commit_callbacks(execute=True):
            guest_status.approve_guest(guest, by=officer)
            assert calls == []  # not before the commit
    assert calls == [{"signal": signals.guest_status_changed, "guest_ids": [guest.pk], "action": "approve",
                      "status": "approved", "by": officer}]


def test_a_transition_that_rolls_back_is_not_announced(event, django_capture_on_commit_callbacks):
    guest = factories.make_guest(event, status="registered")
    with received(signals.guest_status_changed) as calls:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                guest_status.cancel_guest(guest)
                raise RuntimeError
    assert calls == []
    assert Guest.objects.get(pk=guest.pk).status == "registered"


def test_a_refusing_receiver_undoes_the_status_change(event):
    guest = factories.make_guest(event, status="registered")

    def refuse(sender, **kwargs):
        raise RuntimeError("refused")

    signals.guest_status_changing.connect(refuse, weak=False)
    try:
        with pytest.raises(RuntimeError):
            guest_status.reject_guest(guest)
    finally:
        signals.guest_status_changing.disconnect(refuse)
    assert Guest.objects.get(pk=guest.pk).status == "registered"


def test_guest_create_edit_and_delete_are_announced(event, django_capture_on_commit_callbacks):
    user = factories.make_user()
    with received(signals.guest_created) as created, received(signals.guest_changed) as changed, \
            received(signals.guests_deleted) as deleted, django_capture_on_commit_callbacks(execute=True):
        guest = guests.create_guest(event, {"family_name": "VOLKOVA", "country": "RU"}, by=user)
        guests.update_guest(guest, {"position": "Minister"}, by=user)
        guests.update_guest(guest, {}, by=user)  # nothing changed, nothing said
        guest_id = guest.pk
        delete_guests([guest], by=user)
    assert [c["guest"] for c in created] == [guest]
    assert [(c["fields"], c["by"]) for c in changed] == [(["position"], user)]
    assert [(c["guest_ids"], c["event_id"]) for c in deleted] == [([guest_id], event.pk)]


def test_a_guest_edit_cannot_change_status_or_delegation(event):
    guest = factories.make_guest(event, status="registered")
    with pytest.raises(ValueError, match="status"):
        guests.update_guest(guest, {"status": "approved"})
    assert Guest.objects.get(pk=guest.pk).status == "registered"


def test_passport_numbers_are_cleaned_up_the_same_way_through_the_admin(client, event):
    """The admin used to store the number as typed (only the API cleaned it up)."""
    client.force_login(factories.make_member(event, "protocol", is_staff=True))
    response = client.post("/admin/events/guest/add/", {
        "event": event.pk, "category": "delegate", "family_name": "ALIYEV", "country": "KZ", "language": "en",
        "passport_number": "n 1234 567",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    guest = Guest.objects.get(family_name="ALIYEV")
    assert guest.passport_number == "N1234567"
    assert guest.status == "registered"
    api_guest = factories.make_guest(event, passport_number="n1234567")
    assert api_guest.passport_index == guest.passport_index


def test_the_last_owner_stays(event):
    EventMembership.objects.filter(event=event).delete()
    owner = factories.MembershipFactory(event=event, user=factories.make_user(), role=Role.OWNER)
    with pytest.raises(event_setup.LastOwner):
        event_setup.change_member(owner, {"role": Role.PROTOCOL})
    with pytest.raises(event_setup.LastOwner):
        event_setup.remove_member(owner)
    second = event_setup.add_member(event, {"user": factories.make_user(), "role": Role.OWNER})
    event_setup.remove_member(owner)
    assert list(EventMembership.objects.filter(event=event, role=Role.OWNER)) == [second]


def test_the_creator_of_an_event_owns_it(django_capture_on_commit_callbacks):
    import datetime

    user = factories.make_user()
    with received(signals.event_created) as created, django_capture_on_commit_callbacks(execute=True):
        event = event_setup.create_event({"slug": "new-forum", "name": {"en": "Forum"},
                                          "start_date": datetime.date(2030, 1, 1),
                                          "end_date": datetime.date(2030, 1, 2)}, by=user)
    assert EventMembership.objects.get(event=event).role == Role.OWNER
    assert [c["event"] for c in created] == [event]
