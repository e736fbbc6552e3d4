"""The one substitution: names only, never executed; values escaped in HTML; literal braces."""
import pytest

from correspondence.domain.outbox import create_messages, queue_message
from correspondence.domain.placeholders import PlaceholderError, problems_in, substitute
from correspondence.models import Message, MessageState
from tests.correspondence.world import forum_guest

pytestmark = pytest.mark.django_db


def test_only_known_names_are_placeholders():
    assert problems_in("{guest.family_name} {{not one}} {event.dates}") == []
    assert problems_in("{guest.__class__} {guest.family_name!r} {0} {event.name:>10}") == [
        "Unknown placeholder {guest.__class__}.", "Unknown placeholder {guest.family_name!r}.", "Unknown placeholder {0}.",
        "Unknown placeholder {event.name:>10}."]
    assert substitute("{{x}} {guest.family_name}", {"guest.family_name": "{event.name}"}) == "{x} {event.name}"
    with pytest.raises(PlaceholderError):
        substitute("{nope}", {})


def test_django_template_syntax_is_just_text(event, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = ""
    guest = forum_guest(event, "DLAMINI", given_name="<script>alert(1)</script>")
    texts = {"en": {"subject": "{guest.family_name} {{% debug %}}", "body": "{{{{ settings.SECRET_KEY }}}} {guest.given_name}"}}
    run = create_messages(event=event, kind="free_text", selection={"guests": [guest.pk]}, texts=texts)
    message = Message.objects.get(run=run)
    assert message.subject == "DLAMINI {% debug %}"
    assert message.body_text == "{{ settings.SECRET_KEY }} <script>alert(1)</script>"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message.body_html and "<script>" not in message.body_html


def test_attachments_over_the_limit_fail_the_message_with_the_reason(event, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL, settings.MAIL_ATTACHMENTS_MAX_BYTES = "", 1000
    run = create_messages(event=event, kind="visa_letter_cover", selection={"guests": [forum_guest(event, "TAN").pk]}, letters=["visa"])
    with django_capture_on_commit_callbacks(execute=True):
        queue_message(Message.objects.get(run=run))
    message = Message.objects.get(run=run)
    assert message.state == MessageState.FAILED and message.attempts == 1
    assert message.last_error.startswith("Attachments of ") and message.last_error.endswith("exceed the limit of 1000 bytes.")
