"""A guest's photo file goes when the guest is deleted (also with their event) or the photo is
replaced or cleared."""
from core.stored_files import file_follows_row
from events.models import Guest

file_follows_row(Guest, "photo", dispatch_uid="events.guest_photo")
