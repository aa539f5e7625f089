"""After a block runs, its shape comments are checked on the tensors its lines made (issue 10).

``# x:[N x L x Q] => rnn_out:[N x L x D]`` is a claim about two tensors of the run. When a run's result
arrives (``run.block`` / ``run.all``), the panel asks the same kernel for ``shapes.check_run`` (the
lines' tensors and the method's input go back with the code that ran; the kernel finds the comments and
judges them, ``app.engine.claims.runs``), off the UI thread. The answer becomes a ✓/✗ chip at each
comment's line in the editor, and, when the code that ran is the note's own (no unsaved edits, so the note
view's badges are the same claims), the note view's badges for those comments are filled too (the window's
shape-badges plugin, when installed).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from app.ui.code_panel.annotations import LineNote, claim_marks
from app.ui.common import i18n
from app.vault.save import normalize_source

log = logging.getLogger("tensornote.code")
CHANNEL = "code-panel:shapes"


def check_shapes(controller: Any, result: dict[str, Any], source: str | None, *, in_editor: bool) -> None:
    """Ask the kernel to judge the shape comments of the block ``result`` is the run of; ``in_editor``:
    that block is the one on screen (its chips go to the editor)."""
    handler, path = controller.handler, controller.path
    if handler is None or path is None or not isinstance(result, dict) or result.get("index") is None:
        return
    params = {"note_path": str(getattr(handler, "note", path)), "index": int(result["index"]),
              "lines": result.get("lines") or [], "bound": result.get("bound"), "source": source,
              "lang": i18n.current_language()}  # fmt: skip
    own = source is None or normalize_source(source) == controller.saved_source  # the note's code: same ids
    try:
        handle = handler.call("shapes.check_run", params, channel=f"{CHANNEL}:{params['index']}")
    except Exception:  # the chips stay away; the run itself is shown
        log.warning("shapes.check_run could not be sent", exc_info=True)
        return
    handle.done.connect(lambda checked: on_checked(controller, Path(path), checked, in_editor, own))
    handle.failed.connect(lambda reason: log.warning("shapes.check_run failed: %s", reason))


def on_checked(controller: Any, path: Path, checked: Any, in_editor: bool, own: bool) -> None:
    if not isinstance(checked, dict):
        return
    rows = [r for r in checked.get("claims") or [] if isinstance(r, dict)]
    controller.last_claims = rows
    block = controller.block
    if in_editor and controller.path == path and block is not None and block.index == checked.get("block"):
        notes = controller.editor.line_notes()
        for line, marks in claim_marks(rows).items():
            note = notes.get(line) or LineNote(line)
            note.claims = marks
            controller.editor.set_line_note(note)
    badges = getattr(controller.window, "shape_badges", None)
    if own and badges is not None and hasattr(badges, "on_run_checked"):
        badges.on_run_checked(path, rows)
