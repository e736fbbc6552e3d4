"""A template's logo goes when the template is deleted (also with its event) or the logo is replaced
or cleared; a batch's PDF goes with the batch."""
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from core.stored_files import delete_after_commit, delete_replaced_file
from badges.domain.batches import batch_storage
from badges.models import BadgeBatch, BadgeTemplate


@receiver(post_delete, sender=BadgeTemplate, dispatch_uid="badges.logo_follows_template")
def delete_logo_of_deleted_template(sender, instance, **kwargs):
    delete_after_commit(instance.logo.storage, instance.logo.name)


@receiver(pre_save, sender=BadgeTemplate, dispatch_uid="badges.replaced_logo_goes")
def delete_replaced_logo(sender, instance, raw=False, update_fields=None, **kwargs):
    delete_replaced_file(instance, "logo", raw=raw, update_fields=update_fields)


@receiver(post_delete, sender=BadgeBatch, dispatch_uid="badges.sheet_follows_batch")
def delete_sheet_of_deleted_batch(sender, instance, **kwargs):
    delete_after_commit(batch_storage(), instance.file_name)
