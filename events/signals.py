"""A deleted guest's photo is deleted too (also when the guest goes with their event)."""
from django.db.models.signals import post_delete
from django.dispatch import receiver

from backend.stored_files import delete_after_commit
from events.models import Guest


@receiver(post_delete, sender=Guest, dispatch_uid="events.guest_photo_follows_guest")
def delete_photo_of_deleted_guest(sender, instance, **kwargs):
    delete_after_commit(instance.photo.storage, instance.photo.name)
