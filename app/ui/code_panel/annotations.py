"""What the code panel writes next to each line, made from the runner's JSON (no widgets here).

The runner (``app.engine.run.runner``, in the kernel) reports every line that ran: the tensors it assigned
or changed ``{name: {shape, dtype, device, preview}}`` and what it printed, plus an error with its line.
Lines are NOTE line numbers. This module turns that into short chips ("h0 (3, 1, 256)") and hover text,
kept apart from the painting so the wording is tested without a widget (Qt's translator gives the
wording in the UI language).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate collects translate("CodeAnnotations", "…")

MAX_CHIPS = 4  # more tensors on one line are summarised as "+N"


@dataclass(frozen=True)
class TensorChip:
    name: str
    shape: tuple[int, ...]
    dtype: str
    device: str
    preview: str

    @property
    def label(self) -> str:
        """``h0 (3, 1, 256)``, plus the dtype/device only when they are not the usual float32 on CPU."""
        shape = "(" + ", ".join(str(s) for s in self.shape) + ("," if len(self.shape) == 1 else "") + ")"
        extra = [x for x in (self.dtype if self.dtype != "float32" else "",
                             self.device if self.device != "cpu" else "") if x]
        return f"{self.name} {shape}" + (f" {' '.join(extra)}" if extra else "")

    def tooltip(self) -> str:
        """Rich text for hover: the full description and the value preview."""
        shape = " × ".join(str(s) for s in self.shape) or translate("CodeAnnotations", "scalar")
        rows = [
            f"<b>{html.escape(self.name)}</b>",
            translate("CodeAnnotations", "shape {0} · {1} · {2}").format(
                html.escape(shape), html.escape(self.dtype), html.escape(self.device)),
        ]
        if self.preview:
            rows.append(f"<span style='font-family:monospace'>{html.escape(self.preview)}</span>")
        return "<br>".join(rows)


@dataclass(frozen=True)
class ClaimMark:
    """A shape comment of the line checked on the run's tensor (``shapes.check_run``): ✓, ✗ or –."""

    subject: str  # the tensor's name in the code ("rnn_out")
    written: str  # the shape as the comment writes it ("[N x L x D]")
    holds: bool | None
    actual: tuple[int, ...] | None
    why: str  # the reason (✗), a remark (solved symbols, another sense) or why it was not judged

    @property
    def mark(self) -> str:
        return "✓" if self.holds else ("✗" if self.holds is False else "–")

    @property
    def kind(self) -> str:
        return "ok" if self.holds else ("bad" if self.holds is False else "na")

    @property
    def label(self) -> str:
        """``✓ rnn_out (1, 28, 256)``; ``– scores`` when not judged."""
        shape = "" if self.actual is None else " (" + ", ".join(str(v) for v in self.actual) + ")"
        return f"{self.mark} {self.subject}{shape}"

    def tooltip(self) -> str:
        head = translate("CodeAnnotations", "written {0}").format(html.escape(self.written))
        why = f"<br>{html.escape(self.why)}" if self.why else ""
        return f"<b>{html.escape(self.label)}</b><br>{head}{why}"


def claim_marks(rows: list[dict[str, Any]]) -> dict[int, list[ClaimMark]]:
    """``shapes.check_run``'s rows as marks per note line."""
    found: dict[int, list[ClaimMark]] = {}
    for row in rows or []:
        if not isinstance(row, dict) or not isinstance(row.get("line"), int):
            continue
        actual = row.get("actual")
        mark = ClaimMark(str(row.get("subject") or "?"), str(row.get("text") or ""), row.get("holds"),
                         tuple(int(v) for v in actual) if isinstance(actual, list) else None,
                         str(row.get("why") or ""))  # fmt: skip
        found.setdefault(int(row["line"]), []).append(mark)
    return found


@dataclass
class LineNote:
    """Everything shown at one note line."""

    line: int
    chips: list[TensorChip] = field(default_factory=list)
    stdout: str = ""
    error: str | None = None  # the one-line message, shown in red at the line
    claims: list[ClaimMark] = field(default_factory=list)  # its shape comments, checked after the run

    @property
    def overflow(self) -> int:
        return max(0, len(self.chips) - MAX_CHIPS)


def chips_from(tensors: dict[str, Any]) -> list[TensorChip]:
    chips = []
    for name, info in (tensors or {}).items():
        if not isinstance(info, dict):
            continue
        shape = tuple(int(s) for s in info.get("shape") or ())
        chips.append(TensorChip(str(name), shape, str(info.get("dtype", "")), str(info.get("device", "")),
                                str(info.get("preview", ""))))
    return chips


def merge_line(notes: dict[int, LineNote], entry: dict[str, Any]) -> LineNote | None:
    """Add one line record (a progress event or an entry of ``lines``); the newest values win."""
    try:
        line = int(entry["line"])
    except (KeyError, TypeError, ValueError):
        return None
    note = notes.setdefault(line, LineNote(line))
    chips = chips_from(entry.get("tensors") or {})
    if chips:
        by_name = {c.name: c for c in note.chips}
        by_name.update({c.name: c for c in chips})
        note.chips = list(by_name.values())
    stdout = entry.get("stdout") or ""
    if stdout:
        note.stdout = stdout
    return note


def error_summary(error: dict[str, Any]) -> str:
    """One line for the editor: the shape explanation when there is one, else ``Type: message``."""
    shapes = error.get("shapes")
    if shapes:
        return str(shapes).splitlines()[0]
    message = str(error.get("message") or "").strip().splitlines()
    first = message[0] if message else ""
    kind = str(error.get("type") or translate("CodeAnnotations", "Error"))
    return f"{kind}: {first}" if first and kind not in ("RunError",) else (first or kind)


def error_details(error: dict[str, Any]) -> str:
    """The text for the output pane: the message, a hint, and the traceback."""
    kind = error.get("type") or translate("CodeAnnotations", "Error")
    parts = [f"{kind}: {error.get('message') or ''}".rstrip()]
    if error.get("line"):
        parts.append(translate("CodeAnnotations", "(line {0})").format(error["line"]))
    if error.get("hint"):
        parts.append(str(error["hint"]))
    if error.get("traceback"):
        parts.append(str(error["traceback"]).rstrip())
    return "\n".join(parts)


def notes_from_result(result: dict[str, Any]) -> dict[int, LineNote]:
    """All line notes of a finished ``run.block`` result."""
    notes: dict[int, LineNote] = {}
    for entry in result.get("lines") or []:
        if isinstance(entry, dict):
            merge_line(notes, entry)
    error = result.get("error")
    if isinstance(error, dict) and error.get("line"):
        line = int(error["line"])
        notes.setdefault(line, LineNote(line)).error = error_summary(error)
    return notes
