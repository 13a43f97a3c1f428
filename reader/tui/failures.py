"""Where a failure in the background is written down for the reader to send us."""

from __future__ import annotations

import time
from pathlib import Path


def report_failure(what: str, error: BaseException | None) -> Path:
    """Append a background failure's traceback to the user's log; the log's path."""
    import traceback

    from platformdirs import user_log_path

    log = user_log_path("reader", appauthor=False) / "errors.log"
    lines = traceback.format_exception(error) if error is not None else ["(no exception)\n"]
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {what}\n{''.join(lines)}")
    except OSError:
        pass
    return log
