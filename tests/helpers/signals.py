"""Catch what a Django signal sends while a block runs."""
from contextlib import contextmanager


@contextmanager
def received(signal):
    """The keyword arguments of every send of `signal` inside the block, in order."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    signal.connect(receiver, weak=False)
    try:
        yield calls
    finally:
        signal.disconnect(receiver)
