"""Receivers: a template's logo goes when the template is deleted (also with its event) or the logo
is replaced or cleared; a batch's PDF goes with the batch; a queued batch goes to a worker."""
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from core.stored_files import delete_after_commit, delete_replaced_file
from badges.models import BadgeBatch, BadgeTemplate
from badges.signals import batch_queued
from badges.storage import sheet_storage


@receiver(post_delete, sender=BadgeTemplate, dispatch_uid="badges.logo_follows_template")
def delete_logo_of_deleted_template(sender, instance, **kwargs):
    delete_after_commit(instance.logo.storage, instance.logo.name)


@receiver(pre_save, sender=BadgeTemplate, dispatch_uid="badges.replaced_logo_goes")
def delete_replaced_logo(sender, instance, raw=False, update_fields=None, **kwargs):
    delete_replaced_file(instance, "logo", raw=raw, update_fields=update_fields)


@receiver(post_delete, sender=BadgeBatch, dispatch_uid="badges.sheet_follows_batch")
def delete_sheet_of_deleted_batch(sender, instance, **kwargs):
    delete_after_commit(sheet_storage(), instance.file_name)


@receiver(batch_queued, dispatch_uid="badges.queued_batch_goes_to_a_worker")
def send_batch_to_a_worker(sender, batch, **kwargs):
    from badges.tasks import print_badge_batch

    print_badge_batch.delay(batch.pk)
