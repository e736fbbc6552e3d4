"""What the badge operations announce, each sent once its transaction has committed (for the audit
trail, mail, and other apps' reactions). Every signal has sender=Badge or BadgeBatch."""
from django.dispatch import Signal

badges_issued = Signal()  # event, badges (the new ones, a list)
badge_reprinted = Signal()  # badge (its new version), reason
badge_revoked = Signal()  # badge, reason
batch_queued = Signal()  # batch (new, or a failed one retried); a receiver hands it to a worker
batch_finished = Signal()  # batch (done or failed)
batch_downloaded = Signal()  # batch, user
batch_parts_ready = Signal()  # batch, part_ids: parts to render; a receiver sends one task per part
batch_parts_rendered = Signal()  # batch: every part is rendered; a receiver has the sheet joined
