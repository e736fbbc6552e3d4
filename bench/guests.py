"""Guest list API on 5 000 guests: latency of one page of 50 and of 500, and of a name search."""
import time

from bench.common import setup_django, timed


def main():
    setup_django()
    from django.db import connection
    from rest_framework.test import APIClient

    from events.models import Guest
    from tests import factories

    event = factories.make_event(slug=f"bench-{int(time.time())}")
    user = factories.make_member(event, "protocol")
    Guest.objects.bulk_create(
        [Guest(event=event, family_name=f"GUEST{i:05d}", given_name="Айдос", native_name="Айдос Нұрланұлы",
               chinese_name="艾多斯", country="KZ", search_text=f"guest{i:05d}\nаидос нұрланұлы\n艾多斯",
               passport_number=f"KZ{i:07d}")
         for i in range(5000)], batch_size=1000)
    client = APIClient()
    client.force_authenticate(user)
    url = f"/api/v1/events/{event.slug}/guests/"
    for label, params in [("page of 50", {}), ("page of 500", {"page_size": 500}), ("search 'нұрлан'", {"search": "нұрлан"})]:
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *args, queries=queries: queries.append(sql) or execute(sql, *args)):
            response = client.get(url, params)
        assert response.status_code == 200, response.content[:300]
        median, worst, _cpu = timed(lambda params=params: client.get(url, params), repeat=20)
        print(f"guest list, 5000 guests, {label:18s}: median {median:7.1f} ms, max {worst:7.1f} ms, {len(queries)} SQL queries")


if __name__ == "__main__":
    main()
