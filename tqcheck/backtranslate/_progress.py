"""A progress bar on stderr that appears only when the work takes more than a moment."""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import Any

DELAY_SECONDS = 0.7


class DelayedProgress:
    """A transient rich progress bar, shown ``delay`` seconds after entering, on a TTY only.

    Quiet when ``enabled`` is false, stderr is not a terminal, or ``TQCHECK_NO_PROGRESS`` is set.
    """

    def __init__(self, enabled: bool, description: str, total: int, *, delay: float = DELAY_SECONDS) -> None:
        self.enabled = (
            enabled
            and bool(getattr(sys.stderr, "isatty", lambda: False)())
            and not os.environ.get("TQCHECK_NO_PROGRESS")
        )
        self._description = description
        self._total = total
        self._delay = delay
        self._lock = threading.Lock()
        self._closed = False
        self._started = False
        self._progress: Any = None
        self._task: Any = None
        self._timer: threading.Timer | None = None

    def __enter__(self) -> DelayedProgress:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task(self._description, total=self._total)
        self._timer = threading.Timer(self._delay, self._start)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _start(self) -> None:
        with self._lock:
            if not self._closed:
                self._progress.start()
                self._started = True

    def update(self, *, advance: int = 0, description: str | None = None) -> None:
        if self._progress is None:
            return
        if description is not None:
            self._progress.update(self._task, advance=advance, description=description)
        else:
            self._progress.update(self._task, advance=advance)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._started:
                self._progress.stop()
