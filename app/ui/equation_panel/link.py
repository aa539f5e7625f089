"""The UI side of linking: which equation was clicked, and what its symbols mean (``app.equations``).

Linking is pure Python and runs in the UI process, but never on the GUI thread when a note opens: a
2 MB note takes about a second to link (and to read its modules), which would hold up painting the note.
:meth:`LinkIndex.when_linked` links in a worker thread and calls back on the GUI thread; a click before
it is done waits for that same job (:meth:`LinkIndex.linked`). Results are cached per note file (path,
size, mtime) so repeated clicks cost nothing. Symbol chips are what the panel offers
to click: the linker's symbols, with the equation's left-hand side first when the linker left it out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")


def _norm(latex: str | None) -> str:
    return "".join((latex or "").split())


class LinkIndex:
    """``link_note`` results per note, refreshed when the file changes on disk."""

    POLL_MS = 30  # how often the GUI thread looks whether a background link is done

    def __init__(self) -> None:
        self._jobs: dict[str, tuple[tuple[int, int], Future[list[Any]]]] = {}
        self._lock = threading.Lock()

    def _job(self, path: Path) -> Future[list[Any]]:
        """The link job for the note as it is on disk now: the cached one, else a new worker thread."""
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            hit = self._jobs.get(str(path))
            failed = hit is not None and hit[1].done() and hit[1].exception() is not None
            if hit is not None and hit[0] == stamp and not failed:
                return hit[1]
            job: Future[list[Any]] = Future()
            self._jobs[str(path)] = (stamp, job)
        threading.Thread(target=_link, args=(path, job), name="link_note", daemon=True).start()
        return job

    def linked(self, path: Path) -> list[Any]:
        """The note's linked equations (waits for a background job already running for it).

        Raises OSError when the note can't be read, ValueError when it is not text."""
        return self._job(path).result()

    def when_linked(self, path: Path, context: QObject, done: Callable[[list[Any]], None]) -> None:
        """Link the note off the GUI thread, then call ``done(entries)`` on the GUI thread (not at all
        when the note can't be read, or once ``context`` is gone)."""
        try:
            job = self._job(path)
        except OSError:
            return

        def poll() -> None:
            if not job.done():
                QTimer.singleShot(self.POLL_MS, context, poll)
            elif job.exception() is None:
                done(job.result())

        poll()

    def find(self, path: Path, equation_id: str) -> Any | None:
        try:
            entries = self.linked(path)
        except OSError:
            return None
        return next((e for e in entries if e.equation.id == equation_id), None)

    @staticmethod
    def piece_latex(linked: Any, piece_id: str) -> str | None:
        for piece in linked.equation.pieces:
            if piece.id == piece_id:
                return str(piece.latex)
        return None

    def pieces_with_latex(self, path: Path, latex: str) -> list[str]:
        """Every math piece of the note written exactly like ``latex`` (ScholarPhi: all its uses)."""
        wanted = _norm(latex)
        try:
            entries = self.linked(path)
        except OSError:
            return []
        return [p.id for e in entries for p in e.equation.pieces if _norm(p.latex) == wanted]


def _link(path: Path, job: Future[list[Any]]) -> None:
    """Read the note, its modules (torch-free inference) and link its equations, into ``job``."""
    from app.engine.notecode import infer_note  # torch-free: the note's modules, in model order
    from app.equations import link_note
    from app.vault import read_note

    try:
        text = read_note(path).text
        job.set_result(link_note(text, modules=infer_note(text).modules))
    except BaseException as error:  # handed to whoever waits (OSError, ValueError …), never lost
        job.set_exception(error)


def symbol_count(path: Path, equation_id: str) -> int | None:
    """How many symbols (chips) the panel offers for equation ``equation_id`` of the note at ``path``
    (0 for an equation not linked to the model); None when the note has no such equation. Pure: the
    command line checks ``--symbol`` with it before Qt starts."""
    linked = LinkIndex().find(path, equation_id)
    if linked is None:
        return None
    return len(chips_for(linked)) if linked.quantity else 0


def chips_for(linked: Any) -> list[dict[str, Any]]:
    """Clickable symbols: (latex, quantity, transposed, tooltip), unique by LaTeX, result first."""
    chips: list[dict[str, Any]] = []
    seen: set[str] = set()
    for symbol in getattr(linked, "symbols", []) or []:
        key = _norm(symbol.latex)
        if not key or key in seen:
            continue
        seen.add(key)
        quantity = getattr(symbol, "quantity", None)
        transposed = bool(getattr(symbol, "transposed", False))
        if quantity:
            tip = (
                f"{quantity}"
                + (translate("EquationPanel", " (the transpose of PyTorch's weight)") if transposed else "")
                + translate("EquationPanel", " · click to see its values")
            )
        else:
            tip = translate("EquationPanel", "This symbol is not linked to a tensor of the model")
        chips.append({"latex": symbol.latex, "quantity": quantity, "transposed": transposed, "tip": tip})
    if not any(c["quantity"] == linked.quantity for c in chips):
        lhs = _lhs_latex(linked.equation.latex)
        chips.insert(
            0,
            {
                "latex": lhs,
                "quantity": linked.quantity,
                "transposed": False,
                "tip": translate("EquationPanel", "{0} · the equation's result").format(linked.quantity),
            },
        )
    return chips


def _lhs_latex(latex: str) -> str:
    head = latex.split("=", 1)[0]
    return head.replace("&", "").strip() or latex
