"""The guest list: pages read by id after an index-ordered id query, a small list representation,
and (on PostgreSQL) indexes that serve its orderings and its search."""
import pytest
from django.db import connection

from events.api.views import GuestViewSet
from events.models import Guest
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(as_role):
    return as_role("protocol")


def url(event):
    return f"/api/v1/events/{event.slug}/guests/"


def test_pages_follow_the_order_and_never_repeat_or_skip_a_guest(event, officer):
    for i in range(7):
        factories.make_guest(event, family_name=f"NAME{i % 3}", given_name="Same", country="KZ" if i % 2 else "KG")
    for ordering in ("", "country", "-country", "-family_name", "status"):
        seen = []
        for page in (1, 2, 3):
            body = officer.get(url(event), {"page_size": 3, "page": page, "ordering": ordering}).json()
            assert body["count"] == 7
            seen += [row["id"] for row in body["results"]]
        assert sorted(seen) == sorted(Guest.objects.values_list("pk", flat=True)), ordering
    names = [row["family_name"] for row in officer.get(url(event), {"ordering": "-family_name"}).json()["results"]]
    assert names == sorted(names, reverse=True)
    assert officer.get(url(event), {"page": 99}).status_code == 404


def test_list_rows_are_small_and_the_detail_keeps_every_field(event, officer):
    delegation = factories.DelegationFactory(event=event, name="Delegation of Kazakhstan", country="KZ")
    guest = factories.make_guest(event, family_name="NURLANULY", given_name="Aidos", native_name="Айдос Нұрланұлы",
                                 chinese_name="艾多斯", passport_number="KZ7424363")
    Guest.objects.filter(pk=guest.pk).update(delegation=delegation)
    row = officer.get(url(event)).json()["results"][0]
    assert set(row) == {
        "id", "status", "full_name", "honorific", "family_name", "given_name", "native_name", "chinese_name",
        "category", "delegation", "delegation_name", "country", "language", "photo", "has_passport", "updated_at",
    }
    assert (row["native_name"], row["chinese_name"], row["full_name"]) == ("Айдос Нұрланұлы", "艾多斯", "Aidos NURLANULY")
    assert (row["delegation"], row["delegation_name"]) == (delegation.pk, "Delegation of Kazakhstan")
    detail = officer.get(f"{url(event)}{guest.pk}/").json()
    assert {"warnings", "allowed_actions", "internal_notes", "email", "arrival_flight", "dietary"} <= set(detail)


@pytest.mark.postgres
def test_page_query_walks_an_index_and_search_has_a_trigram_index(event):
    Guest.objects.bulk_create([Guest(event=event, family_name=f"G{i:04d}", country="KZ", search_text=f"g{i:04d}")
                               for i in range(2000)])
    ordered = Guest.objects.filter(event=event).order_by(*GuestViewSet.ordering).values_list("pk", flat=True)
    plan = ordered[2950:3000].explain()
    assert "guest_event_name_idx" in plan and "Sort" not in plan, plan
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Guest._meta.db_table)
    assert indexes["guest_search_text_trgm_idx"]["type"] == "gin"


@pytest.mark.parametrize("role", ["protocol", "registration"])  # passport data shown / masked in the detail
def test_each_list_row_is_the_detail_restricted_to_the_list_fields(event, as_role, role):
    import datetime

    from django.core.files.base import ContentFile

    from tests.checkin.test_desk_browser import portrait_jpeg

    delegation = factories.DelegationFactory(event=event, name="Delegation of Kazakhstan", country="KZ")
    pictured = factories.make_guest(event, family_name="NURLANULY", given_name="Aidos", honorific="H.E.",
                                    passport_number="KZ7424363", date_of_birth=datetime.date(1971, 5, 2))
    pictured.photo.save("portrait.jpg", ContentFile(portrait_jpeg()), save=True)
    Guest.objects.filter(pk=pictured.pk).update(delegation=delegation)
    factories.make_guest(event, family_name="LI", given_name="", passport_number="", date_of_birth=None, category="media")
    factories.make_guest(event, family_name="ZHAO", passport_number="X12")
    client = as_role(role)
    rows = client.get(url(event)).json()["results"]
    assert len(rows) == 3
    details = {}
    for row in rows:
        detail = details[row["family_name"]] = client.get(f"{url(event)}{row['id']}/").json()
        assert row == {name: detail.get(name) for name in row} | {
            "delegation_name": row["delegation_name"], "has_passport": bool(detail["passport_number"])}
    names = {row["family_name"]: row for row in rows}
    assert names["NURLANULY"]["delegation_name"] == "Delegation of Kazakhstan"
    assert names["LI"]["delegation_name"] is None and names["LI"]["full_name"] == "LI"
    assert names["NURLANULY"]["photo"].startswith("http://testserver/photos/guest-photos/")
    assert [names[name]["has_passport"] for name in ("NURLANULY", "ZHAO", "LI")] == [True, True, False]
    masked = role == "registration"
    assert details["NURLANULY"]["passport_number"] == ("••••4363" if masked else "KZ7424363")
    assert details["NURLANULY"]["date_of_birth"] == ("••••" if masked else "1971-05-02")
    assert details["ZHAO"]["passport_number"] == ("••••" if masked else "X12")
    assert details["LI"]["passport_number"] == "" and details["LI"]["date_of_birth"] is None


@pytest.mark.parametrize("role", ["owner", "protocol", "registration", "viewer"])
def test_the_list_carries_no_passport_data_masked_or_not_and_records_no_passport_read(event, as_role, role):
    from audit.models import AuditEntry

    factories.make_guest(event, family_name="NURLANULY", passport_number="KZ7424363", date_of_birth="1971-05-02")
    factories.make_guest(event, family_name="LI", passport_number="", date_of_birth=None)
    for size in (1, 50, 500):
        answer = as_role(role).get(url(event), {"page_size": size})
        text = answer.content.decode()
        assert answer.status_code == 200 and "4363" not in text and "1971" not in text and "••••" not in text
        assert not {"passport_number", "date_of_birth"} & {name for row in answer.json()["results"] for name in row}
    assert not AuditEntry.objects.filter(action="guest.passport_viewed").exists()


@pytest.mark.parametrize("search", [False, True])
def test_a_page_costs_the_same_queries_whatever_its_size(event, officer, search):
    from django.test.utils import CaptureQueriesContext

    delegations = [factories.DelegationFactory(event=event, name=f"D{i}", country="KZ") for i in range(3)]
    for i in range(40):
        guest = factories.make_guest(event, family_name=f"NAME{i:02d}", passport_number=f"KZ{i:07d}")
        Guest.objects.filter(pk=guest.pk).update(delegation=delegations[i % 3])
    counts = {}
    for size in (2, 40):
        params = {"page_size": size, **({"search": "name"} if search else {})}
        officer.get(url(event), params)  # the token's last use, the rights cache
        with CaptureQueriesContext(connection) as queries:
            body = officer.get(url(event), params).json()
        assert len(body["results"]) == size
        counts[size] = len(queries)
    # token, event and role, and the page's rows (with the delegation's name and the list's count) by
    # its ids (subqueries); no passport data, so no audit entry
    assert counts == {2: 3, 40: 3}


def test_the_count_is_the_lists_on_every_page_filtered_or_not_and_beyond_the_last_is_404(event, officer):
    for i in range(7):
        factories.make_guest(event, family_name=f"NAME{i}", country="KZ" if i < 5 else "KG")
    factories.make_guest(factories.make_event(slug="other"), family_name="NAME9", country="KZ")  # another event's
    for params, count in (({}, 7), ({"country": "KZ"}, 5), ({"search": "name"}, 7), ({"search": "nobody"}, 0),
                          ({"country": "KG", "search": "name5"}, 1)):
        pages = [officer.get(url(event), {**params, "page_size": 2, "page": page}) for page in (1, 2, 3, 4)]
        last = -(-count // 2) or 1
        for number, answer in enumerate(pages, 1):
            if number > last:
                assert answer.status_code == 404, (params, number)
                continue
            body = answer.json()
            assert body["count"] == count and len(body["results"]) == min(2, count - 2 * (number - 1)), (params, number)
            assert (body["next"] is None) == (number == last)
        last_page = officer.get(url(event), {**params, "page_size": 2, "page": "last"}).json()
        assert last_page["count"] == count and last_page["next"] is None
    for page in ("0", "x", "1.5", "-1", "99999999999999999999", str(2**63 // 50 + 2)):  # past PostgreSQL's bigint OFFSET too
        assert officer.get(url(event), {"page": page}).status_code == 404, page


def test_the_rows_the_list_writes_are_the_rows_its_schema_declares(event, officer):
    from events.api.serializers import GuestListSerializer

    factories.make_guest(event, family_name="NURLANULY")
    row = officer.get(url(event)).json()["results"][0]
    assert set(row) == set(GuestListSerializer().fields)


def test_a_page_statement_compiled_for_one_event_serves_another_with_only_its_own_guests(as_role):
    """The page's statement is compiled once per shape (core.api.pagination.PAGE_STATEMENTS) and run with
    each request's values: another event, another search, another filter value of the same shape."""
    from core.api.pagination import PAGE_STATEMENTS

    forum, visit = factories.make_event(slug="forum"), factories.make_event(slug="state-visit")
    for i in range(5):
        factories.make_guest(forum, family_name=f"FORUM{i}", country="KZ" if i % 2 else "KG", native_name="Айдос")
    for i in range(3):
        factories.make_guest(visit, family_name=f"VISIT{i}", country="KZ", native_name="محمد")
    officer_of = {event.slug: as_role("protocol", event) for event in (forum, visit)}
    own = {event.slug: set(Guest.objects.filter(event=event).values_list("pk", flat=True)) for event in (forum, visit)}
    requests = [({}, {"forum": 5, "state-visit": 3}), ({"country": "KZ"}, {"forum": 2, "state-visit": 3}),
                ({"country": "KG"}, {"forum": 3, "state-visit": 0}), ({"search": "айдос"}, {"forum": 5, "state-visit": 0}),
                ({"search": "محمد"}, {"forum": 0, "state-visit": 3}), ({"ordering": "-country"}, {"forum": 5, "state-visit": 3})]
    for params, counts in requests:
        for slug, count in counts.items():
            body = officer_of[slug].get(f"/api/v1/events/{slug}/guests/", {**params, "page_size": 2}).json()
            ids = {row["id"] for row in body["results"]}
            assert (body["count"], len(ids)) == (count, min(count, 2)) and ids <= own[slug], (params, slug)
    shapes = len(PAGE_STATEMENTS)
    for slug in ("forum", "state-visit"):
        officer_of[slug].get(f"/api/v1/events/{slug}/guests/", {"country": "KG", "page_size": 2})
    assert len(PAGE_STATEMENTS) == shapes  # the same shapes again: nothing compiled anew


def test_answers_from_compiled_page_statements_are_those_compiled_afresh(as_role):
    """Many shapes and values, each asked once with no compiled statement (compiled from its own
    request) and again after every other request has filled the statements: the same guests, order and
    count, never another event's."""
    import random

    from core.api.pagination import PAGE_STATEMENTS

    forum, visit = factories.make_event(slug="forum"), factories.make_event(slug="state-visit")
    names = ["Айдос Нұрланұлы", "محمد عبد الرحمن", "佐藤 健", "João Conceição", "Aidos", "𠮷田"]
    for event, count in ((forum, 23), (visit, 9)):
        delegations = [factories.DelegationFactory(event=event, name=f"D{i}", country="KZ") for i in range(3)]
        for i in range(count):
            guest = factories.make_guest(event, family_name=f"N{(i * 7) % count:02d}", native_name=names[i % 6],
                                         country=["KZ", "KG", "UZ"][i % 3], category=["delegate", "minister"][i % 2])
            Guest.objects.filter(pk=guest.pk).update(delegation=delegations[i % 3])
    clients = {event.slug: as_role("protocol", event) for event in (forum, visit)}
    rng = random.Random(11)
    requests = []
    for _ in range(60):
        params = {"page_size": rng.choice([1, 2, 5, 50]), "page": rng.choice([1, 1, 2, 3])}
        for name, values in (("country", ["KZ", "KG", "UZ", "CN"]), ("category", ["delegate", "minister"]),
                             ("search", ["айдос", "محمد", "佐藤", "joao", "n0", "𠮷", "nobody"]),
                             ("ordering", ["country", "-family_name", "status", "-created_at"])):
            if rng.random() < 0.4:
                params[name] = rng.choice(values)
        requests.append((rng.choice(["forum", "state-visit"]), params))

    def ask(slug, params):
        answer = clients[slug].get(f"/api/v1/events/{slug}/guests/", params)
        body = answer.json() if answer.status_code == 200 else {}
        return answer.status_code, body.get("count"), [row["id"] for row in body.get("results", [])]

    afresh = []
    for slug, params in requests:
        PAGE_STATEMENTS.clear()
        afresh.append(ask(slug, params))
    for (slug, params), expected in zip(requests, afresh):
        assert ask(slug, params) == expected, (slug, params)
        own = set(Guest.objects.filter(event__slug=slug).values_list("pk", flat=True))
        assert set(expected[2]) <= own
    assert sum(1 for status, count, ids in afresh if status == 200 and ids) > 30  # the requests found guests
