"""Writing values onto a row: the one way the domain operations and the API's model serializer save
a new row or a change (plain fields first, many-to-many links once the row is saved)."""
from django.db.models.fields.related_descriptors import ReverseManyToOneDescriptor

from core.calendar import columns_to_save


def assign_fields(instance, values: dict) -> dict:
    """Set the plain fields of `instance`; returns the to-many ones (many-to-many links, either
    side, and reverse foreign keys, by their attribute names), to set after the save."""
    links = {}
    for name, value in values.items():
        if isinstance(getattr(type(instance), name, None), ReverseManyToOneDescriptor):
            links[name] = value
        else:
            setattr(instance, name, value)
    return links


def _set_links(instance, links: dict) -> None:
    for name, value in links.items():
        getattr(instance, name).set(value)


def save_new(instance, values: dict):
    """Fill an unsaved row with `values`, save it, then set its links."""
    links = assign_fields(instance, values)
    instance.save()
    _set_links(instance, links)
    return instance


def save_changes(instance, values: dict) -> list[str]:
    """Change these fields and links of a saved row, writing only the columns among them (and
    auto_now ones: core.calendar.columns_to_save), so a concurrent change of other columns
    survives. Returns the columns written (empty when `values` is)."""
    links = assign_fields(instance, values)
    columns = columns_to_save(instance, values)
    if columns:
        instance.save(update_fields=columns)
    _set_links(instance, links)
    return columns
