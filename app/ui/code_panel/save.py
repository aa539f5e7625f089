"""Saving the code panel's block back into its note, and what follows a save refused by a conflict.

Kept apart from the controller (code_panel.py) because it is the one part that writes the user's file:
``save`` writes only the block's lines (``app.vault.save``), a note changed on disk meanwhile opens the
diff dialog (reload / overwrite / save as), and ``reload_from_disk`` keeps the block in step when the
window re-reads the note. ``CodePanelController`` inherits it; the state it uses is the controller's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog

from app.markup.blocks import CodeBlock, find_code_blocks
from app.ui.code_panel.conflict import ConflictDialog
from app.vault.save import (
    NoteSnapshot,
    SaveConflict,
    SaveError,
    match_block,
    normalize_source,
    overwrite,
    read_snapshot,
    save_as,
    save_block,
)

if TYPE_CHECKING:
    from app.ui.code_panel.view import CodePanel

translate = QCoreApplication.translate  # lupdate collects translate("CodePanel", "…")


class BlockSaving:
    """The controller's save / conflict / reload behaviour (a mixin of ``CodePanelController``)."""

    # The controller's state this part reads and writes (set in CodePanelController.__init__).
    window: Any
    panel: CodePanel
    path: Path | None
    snapshot: NoteSnapshot | None
    block: CodeBlock | None
    saved_source: str
    handler: Any
    conflict_dialog: ConflictDialog | None
    ask_save_path: Callable[[Path], Path | None]  # tests swap in their own

    if TYPE_CHECKING:  # the controller's methods this part calls

        @property
        def editor(self) -> Any: ...

        def dirty(self) -> bool: ...

        def _update_header(self) -> None: ...

        def _sync_note(self, handler: Any) -> None: ...

    def save(self) -> bool:
        """Write this block back into the note (only its lines). True when the note now holds it."""
        if self.block is None or self.snapshot is None:
            return False
        if not self.dirty():
            self.window.show_status(translate("CodePanel", "Nothing has changed."), 3000)
            return True
        try:
            result = save_block(self.snapshot, self.block, self.editor.code())
        except SaveConflict as conflict:
            self.show_conflict(conflict)
            return False
        except SaveError as exc:
            self.panel.show_message(str(exc), "error")
            return False
        self._adopt(result.snapshot, self.block, normalize_source(self.editor.code()))
        self.panel.show_message("")
        name = result.snapshot.path.name
        saved = translate("CodePanel", "Saved the block to {0} (%n line(s)).", None, result.changed_lines)
        self.window.show_status(saved.format(name), 5000)
        return True

    def _adopt(self, snap: NoteSnapshot, previous: CodeBlock, source: str | None = None) -> None:
        """Make ``snap`` the note the panel edits against; find our block in it again (``source``: the
        text we just wrote into it, when we did)."""
        blocks = find_code_blocks(snap.text)
        before = find_code_blocks(self.snapshot.text) if self.snapshot is not None else []
        if source is None and len(blocks) == len(before) and previous.index < len(blocks):
            block: Any = blocks[previous.index]  # same blocks, one edited elsewhere: ids may have moved
        else:
            block = match_block(blocks, previous.id, previous.index, previous.first_line, source)
        self.snapshot = snap
        if block is None:
            self.panel.show_message(translate("CodePanel", "This code block is gone from the note."), "error")
            self.block = None
            self.panel.set_block_loaded(False)
            return
        assert isinstance(block, CodeBlock)
        self.block = block
        self.saved_source = block.source
        self.editor.first_line = block.content_lines[0]
        self.editor.gutter.update()
        self._update_header()
        if self.handler is not None:
            self._sync_note(self.handler)

    def show_conflict(self, conflict: SaveConflict) -> None:
        dialog = ConflictDialog(str(conflict), conflict.diff, self.panel)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.chosen.connect(lambda choice: self.resolve_conflict(conflict, choice))
        self.conflict_dialog = dialog
        dialog.open()

    def resolve_conflict(self, conflict: SaveConflict, choice: str) -> None:
        self.conflict_dialog = None
        if self.block is None or self.path is None:
            return
        try:
            if choice == "reload":
                self.reload_from_disk(force=True)
            elif choice == "overwrite":
                self._adopt(overwrite(conflict), self.block, normalize_source(self.editor.code()))
                self.window.show_status(translate("CodePanel", "Saved over the changes on disk."), 5000)
            elif choice == "save_as":
                target = self.ask_save_path(self.path)
                if target is not None:
                    code = self.editor.code()
                    copy = save_as(conflict.snapshot, self.block, code, target)
                    copied = translate("CodePanel", "Saved a copy: {0} (the original note is unchanged)")
                    self.panel.show_message(copied.format(copy.path.name), "ok")
        except SaveError as exc:
            self.panel.show_message(str(exc), "error")

    def _ask_save_path(self, path: Path) -> Path | None:
        suggested = path.with_name(translate("CodePanel", "{0} (copy)").format(path.stem) + path.suffix)
        name, _ = QFileDialog.getSaveFileName(self.panel, translate("CodePanel", "Save As"), str(suggested),
                                              translate("CodePanel", "Notes (*.md)"))
        return Path(name) if name else None

    def reload_from_disk(self, force: bool = False) -> None:
        """Read the note again; take the disk's version of the block (undoable) unless there are edits."""
        if self.path is None or self.block is None:
            return
        try:
            snap = read_snapshot(self.path)
        except SaveError as exc:
            self.panel.show_message(str(exc), "error")
            return
        if self.snapshot is not None and snap.sha256 == self.snapshot.sha256:
            return
        if self.dirty() and not force:
            self.panel.show_message(
                translate("CodePanel", "The note file changed elsewhere. Saving shows you the differences."),
                "info",
            )
            return
        previous = self.block
        self._adopt(snap, previous)
        if self.block is not None and normalize_source(self.editor.code()) != self.block.source:
            self.editor.replace_code(self.block.source)
            self.panel.show_message(
                translate("CodePanel", "Reloaded this block from the note on disk (Ctrl+Z to undo)."), "info"
            )
