"""What the spreadsheets app tells others (sent once the operation has committed):
- import_queued(guest_import): an upload waits for its dry run (the receiver queues the task).
- import_committed(guest_import, by): an import was applied (one guest_created/guest_changed each).
- exported(event, kind, columns, by): a list left the system (an export or a printed list)."""
from django.dispatch import Signal

import_queued = Signal()
import_committed = Signal()
exported = Signal()
