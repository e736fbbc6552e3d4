"""A guest's photo file goes when the guest is deleted (also with their event) or the photo is
replaced or cleared."""
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from core.stored_files import delete_after_commit, delete_replaced_file
from events.models import Guest


@receiver(post_delete, sender=Guest, dispatch_uid="events.guest_photo_follows_guest")
def delete_photo_of_deleted_guest(sender, instance, **kwargs):
    delete_after_commit(instance.photo.storage, instance.photo.name)


@receiver(pre_save, sender=Guest, dispatch_uid="events.replaced_guest_photo_goes")
def delete_replaced_photo(sender, instance, raw=False, update_fields=None, **kwargs):
    delete_replaced_file(instance, "photo", raw=raw, update_fields=update_fields)
