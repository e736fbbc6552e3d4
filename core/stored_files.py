"""Files follow their records: when a row that owns a stored file goes, so does the file — once
the transaction has committed (a rollback keeps both), and through the storage's API."""
from django.db import transaction
from django.db.models.signals import post_delete, pre_save


def delete_after_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def delete_replaced_file(instance, field_name: str, *, raw=False, update_fields=None) -> None:
    """For a pre_save receiver: if this save replaces or clears the file `field_name` held, the old
    file is deleted once the save has committed."""
    if raw or instance.pk is None or (update_fields is not None and field_name not in update_fields):
        return
    model = type(instance)
    old = model._base_manager.filter(pk=instance.pk).values_list(field_name, flat=True).first()
    field_file = getattr(instance, field_name)
    if old and old != field_file.name:
        delete_after_commit(field_file.storage, old)


def file_follows_row(model, field_name: str, *, dispatch_uid: str) -> None:
    """Connect the receivers that make the file in `model.field_name` follow its row: it goes once the
    row's deletion has committed (also with a cascade), or a save that replaces or clears it."""

    def delete_file_of_deleted_row(sender, instance, **kwargs):
        field_file = getattr(instance, field_name)
        delete_after_commit(field_file.storage, field_file.name)

    def delete_file_replaced(sender, instance, raw=False, update_fields=None, **kwargs):
        delete_replaced_file(instance, field_name, raw=raw, update_fields=update_fields)

    post_delete.connect(delete_file_of_deleted_row, sender=model, weak=False, dispatch_uid=f"{dispatch_uid}.row_deleted")
    pre_save.connect(delete_file_replaced, sender=model, weak=False, dispatch_uid=f"{dispatch_uid}.replaced")
