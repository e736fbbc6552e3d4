"""Where mail attachments, letters and the file outbox are kept: the named storage "mail"
(settings.STORAGES), by default on disk under MAIL_ROOT (var/mail), never at a public URL: letters
hold passport numbers, so they are served only by views that check rights."""
from core.private_storage import PrivateFolderStorage, named_storage


class MailStorage(PrivateFolderStorage):
    root_setting, folder = "MAIL_ROOT", "mail"
    no_url = "Mail files have no public URL."


def mail_storage():
    return named_storage("mail", MailStorage)
