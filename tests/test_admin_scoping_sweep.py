"""Issue 9, item 1, swept over every admin: for each role profile, every list, every admin URL and
every choice field of A stays out of reach where the role in A lacks the right."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from events.admin_scope import EventScopedAdmin
from events.models import Event, EventMembership, Guest, Role
from tests import factories
from tests.admin_scoping_world import (  # noqa: F401 - fixtures
    event_pk_of,
    login,
    may,
    post_data_for,
    profile,
    refused,
    request_for,
    scoped_admins,
    staff_user,
    state_of,
    url,
    world,
)

pytestmark = pytest.mark.django_db


def test_every_list_shows_only_records_of_events_where_the_user_holds_its_right(world, profile):
    user, role_a, role_b = profile
    client = login(user)
    a, b = world["A"]["event"], world["B"]["event"]
    for model, model_admin in admin.site._registry.items():
        response = client.get(url(model, "changelist"))
        if not isinstance(model_admin, EventScopedAdmin):
            assert response.status_code == 403, model  # Django's own models: model permissions only
            continue
        expected = {event.pk for event, role in ((a, role_a), (b, role_b)) if may(role, model_admin.view_right)}
        if not expected:
            assert response.status_code == 403, model
            continue
        assert response.status_code == 200, model
        shown = {model_admin.event_of(obj).pk for obj in response.context["cl"].queryset}
        assert shown == expected, (model, shown, expected)


def test_no_admin_url_writes_into_a_where_the_role_lacks_the_right(world, profile):
    """Add with A's ids, change B's records into A, change and delete A's records, bulk actions on
    A's records: A's data stays byte for byte the same unless the role in A allows the change."""
    user, role_a, role_b = profile
    client = login(user)
    a_objects, b_objects = world["A"], world["B"]
    a = a_objects["event"]
    for model, model_admin in scoped_admins():
        if may(role_a, model_admin.change_right):
            continue
        key = next(k for k, v in a_objects.items() if type(v) is model)
        record_a, record_b = a_objects[key], b_objects[key]
        data_a = post_data_for(model_admin, record_a)
        before = state_of(a)

        if model is not Event:
            response = client.post(url(model, "add"), data_a)
            assert refused(response), (model, "add", response.status_code)
            assert state_of(a) == before, (model, "add")
            # Move B's record (which the user may change) into A.
            client.post(url(model, "change", record_b.pk), data_a)
            assert state_of(a) == before, (model, "move")
            record_b.refresh_from_db()
            assert model_admin.event_of(record_b) == b_objects["event"], model

        # The same data posted back: any save would still touch A's rows (updated_at, LogEntry…).
        response = client.post(url(model, "change", record_a.pk), data_a)
        assert refused(response), (model, "change", response.status_code)
        response = client.post(url(model, "delete", record_a.pk), {"post": "yes"})
        assert refused(response), (model, "delete", response.status_code)
        for action in list(model_admin.get_actions(request_for(user))):
            client.post(url(model, "changelist"), {"action": action, "_selected_action": [record_a.pk],
                                                   "index": 0, "post": "yes"})
        assert state_of(a) == before, model


def test_every_choice_field_lists_only_objects_where_the_user_holds_the_admins_right(world, profile):
    user, role_a, role_b = profile
    a, b = world["A"]["event"], world["B"]["event"]
    request = request_for(user)
    for model, model_admin in scoped_admins():
        if not model_admin.has_add_permission(request):
            continue
        allowed = {event.pk for event, role in ((a, role_a), (b, role_b)) if may(role, model_admin.change_right)}
        form = model_admin.get_form(request, None, change=False)()
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            related = queryset.model
            if related is get_user_model():
                if name not in model_admin.any_user_fields:  # only people of those events
                    assert all(EventMembership.objects.filter(user=u, event_id__in=allowed).exists()
                               for u in queryset), (model, name)
                continue
            if related._meta.app_label == "auth":
                continue
            for obj in queryset:
                event_pk = obj.pk if related is Event else event_pk_of(obj)
                assert event_pk in allowed, (model, name, obj)


def test_every_admin_model_is_covered_by_the_fixture(world):
    covered = {type(v) for v in world["A"].values()}
    assert {model for model, _ in scoped_admins()} <= covered


def test_scoping_a_list_costs_the_same_queries_for_many_records_as_for_few(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = staff_user("counter")
    factories.MembershipFactory(event=world["A"]["event"], user=user, role=Role.CHECKIN)
    factories.MembershipFactory(event=world["B"]["event"], user=user, role=Role.OWNER)
    client = login(user)
    client.get(url(Guest, "changelist"))  # warm up (session, content types)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(Guest, "changelist")).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        factories.make_guest(world["B"]["event"])
        factories.make_guest(world["A"]["event"])
    assert queries() == few
