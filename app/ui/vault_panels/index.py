"""Keeps a vault's index up to date from a worker thread, so the window paints before indexing ends.

The UI thread only ever searches (SQLite WAL lets it read while the worker writes); ``update()`` runs on
a plain Python thread and reports back through Qt signals, which Qt queues to the UI thread. Requests that
arrive while an update runs are folded into one follow-up update.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.vault.index import UpdateStats, VaultIndex

log = logging.getLogger("tensornote.vault")


class IndexController(QObject):
    """Owns a :class:`VaultIndex` and runs its updates in the background."""

    progress = Signal(int, int)  # done, total (notes to read in this update)
    updated = Signal(object)  # UpdateStats, after every update (also when nothing changed)
    failed = Signal(str)  # an update crashed; the message is for the status bar

    def __init__(self, root: Path, db_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index = VaultIndex(root, db_path)
        self._thread: threading.Thread | None = None
        self._again = False
        self._stop = threading.Event()
        self._guard = threading.Lock()
        self.busy = False

    @property
    def root(self) -> Path:
        return self.index.root

    def refresh(self) -> None:
        """Start an update now, or right after the running one."""
        with self._guard:
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._stop.clear()
            self.busy = True
            self._thread = threading.Thread(target=self._run, name="vault-index", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                stats = self.index.update(progress=self.progress.emit, cancelled=self._stop.is_set)
            except Exception as exc:  # a bug or a full disk: report it, never take the app down
                log.warning("vault index update failed", exc_info=True)
                with self._guard:
                    self.busy = False
                self.failed.emit(str(exc))
                return
            with self._guard:
                again = self._again and not self._stop.is_set()
                self._again = False
                if not again:
                    self.busy = False
            self.updated.emit(stats)
            if not again:
                return

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the running update ends (tests, shutdown); True when it did."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def close(self) -> None:
        """Stop after the current batch, then close the database."""
        self._stop.set()
        self.wait(10)
        self.index.close()


def describe(stats: UpdateStats) -> str:
    """A short English summary for logs (the UI formats its own translated message)."""
    return (
        f"added {stats.added}, changed {stats.changed}, removed {stats.removed}, "
        f"failed {stats.failed} in {stats.seconds:.1f} s"
    )
