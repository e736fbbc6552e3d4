"""Mail: drafts for a 2 000-guest selection in six languages (the worker's path), sending over a real
local SMTP server (aiosmtpd in its own process, one connection per message as the worker does), and
letters (visa letter PDF with QR code).

Goals: a whole forum's invitations drafted in ≤ 10 s (≥ 200 drafts/s); ≥ 10 messages/s to a local
server from one worker (2 000 in under 4 minutes); a visa letter in ≤ 300 ms. Each message costs three
committed transactions by design (claim, hand-over mark, sent: see correspondence.domain.sending), so
sending is bound by the database's commit latency."""
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.common import print_goals, setup_django

N_GUESTS, N_SENT, N_LETTERS = 2000, 300, 20
LANGUAGES = ["zh-hans", "en", "ru", "fr", "ar", "es", "kk"]
NAMES = [("VOLKOVA", "Irina", "Ирина Волкова"), ("ABDELRAHMAN", "Mohamed", "محمد عبد الرحمن"), ("DLAMINI", "Sipho", "Sipho Dlamini"),
         ("TAN", "Wei Ming", "Tan Wei Ming 陈伟明"), ("NURLANULY", "Aidos", "Айдос Нұрланұлы")]


def build():
    from events.models import Event, Guest

    event = Event.objects.create(slug=f"bench-mail-{time.time_ns()}", name={"en": "Bench forum", "zh-hans": "基准论坛", "ru": "Форум"},
                                 start_date=datetime.date(2023, 10, 31), end_date=datetime.date(2023, 11, 3))
    guests = []
    for i in range(N_GUESTS):
        family, given, native = NAMES[i % len(NAMES)]
        guests.append(Guest(event=event, country="RU", family_name=f"{family}{i}", given_name=given, native_name=native,
                            language=LANGUAGES[i % len(LANGUAGES)], email=f"guest{i}@example.org", passport_number=f"P{1000000 + i}",
                            date_of_birth=datetime.date(1980, 1, 1), search_text=""))
    Guest.objects.bulk_create(guests)
    return event


def main():
    setup_django()
    from django.conf import settings

    from correspondence.domain.letters import issue_letter
    from correspondence.domain.outbox import create_messages, queue_message
    from correspondence.models import Message, MessageState
    from events.models import Guest
    from tests.correspondence.conftest import SmtpServer

    event = build()
    started = time.perf_counter()
    run = create_messages(event=event, kind="invitation", selection={"all": True}, deadline=datetime.date(2023, 10, 1))
    drafting = time.perf_counter() - started
    run.refresh_from_db()
    drafts_per_s = run.done / drafting
    print(f"  drafts: {run.done} in {drafting:.2f} s = {drafts_per_s:.0f}/s (status {run.status})")

    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-smtp-"))
    server = SmtpServer(folder)
    settings.EMAIL_URL = server.url
    try:
        messages = list(Message.objects.filter(run=run).order_by("id")[:N_SENT])
        started = time.perf_counter()
        for message in messages:
            queue_message(message)  # eager Celery: sent in-process, as one worker would
        sending = time.perf_counter() - started
        sent = Message.objects.filter(pk__in=[m.pk for m in messages], state=MessageState.SENT).count()
        received = len(list((folder / "received").glob("*.eml")))
    finally:
        server.stop()
    sent_per_s = sent / sending
    print(f"  sent: {sent} (server received {received}) in {sending:.2f} s = {sent_per_s:.0f}/s")

    guests = list(Guest.objects.filter(event=event).select_related("event", "delegation")[:N_LETTERS])
    times = []
    for guest in guests:
        started = time.perf_counter()
        issue_letter(guest, "visa")
        times.append((time.perf_counter() - started) * 1000)
    letter_ms = statistics.median(times)
    print(f"  visa letter: median {letter_ms:.0f} ms, worst {max(times):.0f} ms ({N_LETTERS} letters)")
    print_goals([
        (f"drafts ≥ 200/s ({drafts_per_s:.0f}/s)", drafts_per_s >= 200),
        (f"sending ≥ 10 messages/s to a local server ({sent_per_s:.0f}/s), each received once", sent_per_s >= 10 and received == sent == N_SENT),
        (f"visa letter ≤ 300 ms ({letter_ms:.0f} ms)", letter_ms <= 300),
    ])


if __name__ == "__main__":
    sys.exit(main())
