"""Queued messages and large selections go to workers once their transaction has committed; letters
and kept mail leave with the event's personal data."""
from django.dispatch import receiver

from core.stored_files import delete_after_commit
from events.domain.signals import personal_data_purging

from .models import Letter, Message, MessageAttachment
from .signals import message_queued, run_started
from .storage import mail_storage


@receiver(message_queued, dispatch_uid="correspondence.queued_message_goes_to_the_mail_queue")
def send_queued_message(sender, message, countdown=0, **kwargs):
    from .tasks import send_message_task

    send_message_task.apply_async((message.pk,), countdown=countdown or None)


@receiver(run_started, dispatch_uid="correspondence.run_goes_to_a_worker")
def draft_in_a_worker(sender, run, **kwargs):
    from .tasks import build_drafts_task

    build_drafts_task.delay(run.pk)


@receiver(personal_data_purging, dispatch_uid="correspondence.letters_leave_with_retention")
def erase_letters_and_kept_mail(sender, event, dry_run=False, **kwargs) -> dict:
    """Letters print passport numbers and dates of birth, and a message kept in the file outbox holds
    its letters too: their files go when the event's retention ends (the records, names and states stay)."""
    letters = Letter.objects.filter(event=event).exclude(file_name="")
    attachments = MessageAttachment.objects.filter(message__event=event).exclude(file_name="")
    kept = Message.objects.filter(event=event, delivered_via__startswith="file:")
    names = set(letters.values_list("file_name", flat=True)) | set(attachments.values_list("file_name", flat=True))
    outbox = [where[len("file:"):] for where in kept.values_list("delivered_via", flat=True)]
    if not dry_run:
        letters.update(file_name="")
        attachments.update(file_name="", size=0)
        kept.update(delivered_via="file: (erased with the event's personal data)")
        for name in [*names, *outbox]:
            delete_after_commit(mail_storage(), name)
    return {"letters": len(names), "kept_messages": len(outbox)}
