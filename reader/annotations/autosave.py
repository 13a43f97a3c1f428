"""When to save: soon after a change, and never later than a set time after
the first unsaved one.

A plain debounce (save half a second after the last change) waits for a
pause that a reader tagging every 0.3 s never makes: nothing reached the disk
until they stopped, and a kill lost it all. Here each change may push the
save back, but not past `max_wait` after the first change not yet saved.
"""

from __future__ import annotations

from dataclasses import dataclass

SAVE_DELAY = 0.5  # seconds after a change
SAVE_MAX_WAIT = 0.8  # seconds after the first unsaved change, however many follow


@dataclass(slots=True)
class SaveSchedule:
    delay: float = SAVE_DELAY
    max_wait: float = SAVE_MAX_WAIT
    unsaved_since: float | None = None

    def changed(self, now: float) -> float:
        """A change at `now`: in how many seconds to save."""
        if self.unsaved_since is None:
            self.unsaved_since = now
        due = min(now + self.delay, self.unsaved_since + self.max_wait)
        return max(due - now, 0.0)

    def saved(self) -> None:
        """A save was made (or tried): the next change starts a new wait."""
        self.unsaved_since = None
