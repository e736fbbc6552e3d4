"""Staff, vehicles, hotels and hotel stays: created, changed and deleted here (each in a
transaction, announced through logistics_changed once committed). Their rules are checks of the
values (a driver registered as driver, a unique plate, a stay that ends after it starts), made by
the serializers and the admin forms before these run."""
from django.db import transaction

from audit.domain.writes import create_recorded, delete_recorded, update_recorded

from .signals import logistics_changed, send_after_commit


@transaction.atomic
def create_record(model, values: dict, *, by=None, instance=None, **fixed):
    """A new Staff, Vehicle, Hotel or HotelStay from `values` and `fixed` (e.g. event=…);
    `instance`, when given, is the unsaved one to fill (the admin's form has made it)."""
    instance = instance or model()
    for name, value in fixed.items():
        setattr(instance, name, value)
    create_recorded(instance, values, by=by)
    send_after_commit(logistics_changed, model, instance=instance, action="created", fields=sorted(values), by=by)
    return instance


@transaction.atomic
def update_record(instance, values: dict, *, by=None, before: dict | None = None):
    """`before`: the values before, where the caller (the admin's form) has assigned them already."""
    update_recorded(instance, values, by=by, before=before)
    if values:
        send_after_commit(logistics_changed, type(instance), instance=instance, action="changed",
                          fields=sorted(values), by=by)
    return instance


@transaction.atomic
def delete_record(instance, *, by=None) -> None:
    delete_recorded(instance, by=by)
    send_after_commit(logistics_changed, type(instance), instance=instance, action="deleted", fields=[], by=by)
