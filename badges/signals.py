"""A deleted template's logo and a deleted batch's PDF are deleted too (also with their event)."""
from django.db.models.signals import post_delete
from django.dispatch import receiver

from backend.stored_files import delete_after_commit
from badges.domain.batches import batch_storage
from badges.models import BadgeBatch, BadgeTemplate


@receiver(post_delete, sender=BadgeTemplate, dispatch_uid="badges.logo_follows_template")
def delete_logo_of_deleted_template(sender, instance, **kwargs):
    delete_after_commit(instance.logo.storage, instance.logo.name)


@receiver(post_delete, sender=BadgeBatch, dispatch_uid="badges.sheet_follows_batch")
def delete_sheet_of_deleted_batch(sender, instance, **kwargs):
    delete_after_commit(batch_storage(), instance.file_name)
