"""Building the index on first start, in the background, with progress the page can show."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.service import Assistant


@dataclass
class BuildState:
    """How far the first-start index build has got."""

    done: int = 0
    total: int = 0
    current: str = ""
    finished: bool = False
    error: str = ""

    def describe(self) -> str:
        if self.error:
            return f"The index could not be built: {self.error}"
        if self.finished:
            return "Index ready."
        if self.total:
            return f"Building the index: file {self.done + 1} of {self.total} ({self.current})…"
        return "Building the index…"


class IndexBuilder:
    """Runs ``Assistant.ensure_index`` once, in a thread; every request waits for it."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.state = BuildState()
        self._finished = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the build unless it has started already (safe to call from any thread)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="wsoa-index", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        try:
            self.assistant.ensure_index(self._progress)
        except AssistantError as error:
            self.state.error = str(error)
        except Exception as error:  # keep the server up; the page shows the reason
            self.state.error = f"{error.__class__.__name__}: {error}"
        finally:
            self.state.finished = True
            self._finished.set()

    def _progress(self, done: int, total: int, filename: str) -> None:
        self.state.done, self.state.total, self.state.current = done, total, filename

    def wait(self, report: Callable[[BuildState], None] | None = None) -> None:
        """Block until the index is ready, calling ``report`` about twice a second."""
        self.start()
        while not self._finished.wait(0.5):
            if report is not None:
                report(self.state)
        if self.state.error:
            raise AssistantError(f"The index could not be built: {self.state.error}")
