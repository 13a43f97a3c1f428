"""When Python's cycle collector does its full passes: while the reader
reads, not while a key waits.

A long article open in the reader keeps some 300,000 objects the collector
tracks (laid-out lines, drawn strips, entity mentions), and a full pass over
them took 50-240 ms: a page-down or a resize that happened to trigger one
waited that long (a dozen times in 40 s of paging a 10 MB article). Once the
next screen is laid out and the app is idle, what exists is frozen
(`gc.freeze`): automatic passes then scan only what came since (5-40 ms).
Frozen objects are still freed when nothing refers to them; only garbage in
reference cycles would be kept, so after a few seconds without scrolling,
everything is unfrozen and collected once, then frozen again.
"""

from __future__ import annotations

import gc

# Seconds without scrolling after which a full collection is made.
IDLE_COLLECTION_DELAY = 3.0


def settle() -> None:
    """Take what exists now out of the automatic passes."""
    gc.freeze()


def collect_while_idle() -> None:
    """A full collection of everything, frozen or not, then freeze again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def release() -> None:
    """Give everything back to the collector (the app is closing)."""
    gc.unfreeze()
