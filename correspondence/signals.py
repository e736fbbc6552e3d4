"""What the correspondence operations announce, once their transaction has committed (sender=Message
or Letter). A receiver hands queued messages and selection runs to workers (receivers.py); the
audit trail can listen to letter_generated and letter_revoked."""
from django.dispatch import Signal

run_started = Signal()  # run (a SelectionRun whose drafts a worker makes)
message_queued = Signal()  # message (queued for the first time, retried, or after a transient failure), countdown
message_state_changed = Signal()  # message, old, new
letter_generated = Signal()  # letter, by
letter_revoked = Signal()  # letter, by
# Asked, not announced: a placeholder's link for one guest from an app above this one (sender=the
# placeholder's name, e.g. "portal_link"; guest). The first non-empty answer is used; none means an
# empty link. Links of apps below (the calendar link of feeds) are called directly.
link_wanted = Signal()  # guest
