"""core.compiled_queries: a fixed-shape queryset compiled once, then run with each call's values,
gives what the queryset itself gives, in one statement, and refuses what could change its shape."""
import threading

import pytest
from django.db import connection, connections
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from core.compiled_queries import CompiledQuery
from delegations.models import Delegation
from events.domain import access
from events.models import Event, Guest
from tests import factories

pytestmark = pytest.mark.django_db


def member_events(slug, user_id):
    return (Event.objects.filter(slug=slug, memberships__user_id=user_id)
            .annotate(member_role=F("memberships__role")).order_by())


def test_rows_and_annotations_are_the_querysets_own_for_every_value():
    first, second = factories.make_event(slug="forum-2026"), factories.make_event(slug="dialogue-2026")
    owner, guard = factories.make_user(), factories.make_user()
    factories.make_member(first, "owner", user=owner)
    factories.make_member(second, "checkin", user=guard)
    factories.make_member(first, "viewer", user=guard)
    compiled = CompiledQuery(member_events, slug="sample", user_id=-(2**62))
    for slug in ("forum-2026", "dialogue-2026", "no-such-event", "forum-2026' OR 1=1 --", "𠮷-محمد"):
        for user in (owner, guard):
            expected = [(e.pk, e.slug, e.name, e.member_role) for e in member_events(slug, user.pk)]
            got = [(e.pk, e.slug, e.name, e.member_role) for e in compiled(slug=slug, user_id=user.pk)]
            assert got == expected
    assert [e.member_role for e in compiled(slug="dialogue-2026", user_id=guard.pk)] == ["checkin"]
    assert compiled(slug="forum-2026", user_id=owner.pk)[0] == first  # model instances, as the ORM makes them


def test_built_and_compiled_once_then_one_statement_per_call():
    event = factories.make_event(slug="forum-2026")
    delegation = factories.DelegationFactory(event=event, name="Делегация Казахстана")
    factories.make_guest(event, family_name="NURLANULY", delegation=delegation)
    builds = []

    def guests_of(event_id):
        builds.append(event_id)
        return Guest.objects.filter(event_id=event_id).select_related("delegation").values("family_name", "delegation__name")

    compiled = CompiledQuery(guests_of, event_id=-(2**62))
    compiled(event_id=event.pk)
    with CaptureQueriesContext(connection) as captured:
        rows = compiled(event_id=event.pk)
    assert rows == [{"family_name": "NURLANULY", "delegation__name": "Делегация Казахстана"}]
    assert len(captured) == 1 and str(event.pk) in captured[0]["sql"]
    assert builds == [-(2**62)]  # built once, with the sample value


@pytest.mark.parametrize("values, problem", [
    ({"slug": None, "user_id": 1}, "slug must be str, not NoneType"),
    ({"slug": "forum", "user_id": "1"}, "user_id must be int, not str"),
    ({"slug": "forum", "user_id": True}, "user_id must be int, not bool"),
    ({"slug": "forum"}, "values for ['slug', 'user_id'] expected"),
])
def test_a_value_that_could_change_the_statement_is_refused(values, problem):
    compiled = CompiledQuery(member_events, slug="sample", user_id=-(2**62))
    with pytest.raises(TypeError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        compiled(**values)


def test_a_sample_the_statement_does_not_carry_as_a_parameter_is_refused():
    transformed = CompiledQuery(lambda name: Delegation.objects.filter(name__icontains=name), name="sample")
    with pytest.raises(ValueError, match="'name' is not among the statement's parameters"):
        transformed(name="Kazakhstan")
    shared = CompiledQuery(lambda a, b: Delegation.objects.filter(name=a, country=b), a="KZ", b="KZ")
    with pytest.raises(ValueError, match="distinct sample"):
        shared(a="x", b="y")


@pytest.mark.django_db(transaction=True)
def test_each_thread_runs_the_shared_statement_on_its_own_connection():
    event = factories.make_event(slug="forum-2026")
    compiled = CompiledQuery(lambda slug: Event.objects.filter(slug=slug), slug="sample")
    compiled(slug="forum-2026")  # compiled here, on this thread's connection
    found, statements = [], []

    def look_up():
        try:
            with CaptureQueriesContext(connections["default"]) as captured:  # the thread's own connection
                found.extend(compiled(slug="forum-2026"))
            statements.extend(query["sql"] for query in captured.captured_queries)
        finally:
            connections.close_all()

    thread = threading.Thread(target=look_up)
    thread.start()
    thread.join()
    assert found == [event] and len(statements) == 1 and "forum-2026" in statements[0]


def test_get_event_for_gives_members_their_role_and_others_404():
    from django.http import Http404

    event = factories.make_event(slug="forum-2026")
    other = factories.make_event(slug="secret-visit")
    member = factories.make_member(event, "registration")
    superuser = factories.make_user(is_superuser=True)
    assert access.get_event_for(member, "forum-2026") == event
    assert access.rights_for(member, event) == access.ROLE_RIGHTS["registration"]
    assert access.get_event_for(superuser, "secret-visit") == other
    for slug in ("secret-visit", "no-such-event", "FORUM-2026", "forum-2026\x00"):
        with pytest.raises(Http404):
            access.get_event_for(member, slug)


def test_statements_keep_at_most_their_size_the_oldest_leaving_first():
    from core.compiled_queries import Statement, Statements

    statements = Statements(size=2)
    for key in ("forum", "dialogue", "visit"):
        statements.add(key, Statement(Event.objects.filter(slug=key)))
    assert (statements.get("forum"), statements.get("dialogue").parameters, statements.get("visit").parameters) == (
        None, ("dialogue",), ("visit",))
    assert len(statements) == 2
    statements.clear()
    assert (len(statements), statements.get("visit")) == (0, None)
