"""The code panel plugin: ``install(window)`` docks it; a click on a code block opens it here.

Flow: ``MainWindow.codeClicked(id)`` → the note is read (bytes remembered for a safe save) and the block
shown in the editor. Run sends the editor's text to the note's kernel (``run.block`` with ``source``;
the note file is not touched); the runner streams one progress event per line that ran, which becomes
the tensor chips, and stdout/stderr as it arrives. Save writes only this block back
(``app.vault.save``): refused with a diff dialog when the file changed on disk meanwhile. The window
reloads the note after the save (it watches the file); the panel then keeps its block even though its
id (a content hash) changed, by matching on index and line. Saving, the conflict dialog's choices and
reloading live in ``code_panel_save`` (``BlockSaving``, which the controller inherits).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from app.engine.notecode import fix_indentation, fix_notes
from app.markup.blocks import CodeBlock, find_code_blocks
from app.ui.code_panel.annotations import error_details, merge_line, notes_from_result
from app.ui.code_panel.claims import check_shapes
from app.ui.code_panel.conflict import ConflictDialog
from app.ui.code_panel.inputbar import input_words
from app.ui.code_panel.save import BlockSaving
from app.ui.code_panel.view import CodePanel
from app.vault.save import NoteSnapshot, SaveError, normalize_source, read_snapshot

log = logging.getLogger("tensornote.code")
DOCK_TITLE = QT_TRANSLATE_NOOP("CodePanel", "Code Panel")  # translated in install()
translate = QCoreApplication.translate  # lupdate collects translate("CodePanel", "…")
CHANNEL = "code-panel"


class CodePanelController(BlockSaving, QObject):
    """What the code panel shows and asks of the kernel; one per window (saving: ``BlockSaving``)."""

    # A run built or changed a recurrent module ("model.rnn: LSTM(28, 64, batch_first=True)"): the
    # equation panel traces that object from now on (issue 5, linking).
    modelBuilt = Signal(str)

    def __init__(self, window: Any, panel: CodePanel, dock: QDockWidget | None = None):
        super().__init__(panel)
        self.window, self.panel, self.dock = window, panel, dock
        self.path: Path | None = None
        self.snapshot: NoteSnapshot | None = None
        self.block: CodeBlock | None = None
        self.saved_source = ""
        self.drafts: dict[tuple[Path, str], str] = {}  # unsaved text of blocks the user left
        self.handler: Any = None
        self._run: Any = None  # the CallHandle of the run in flight
        self._run_index: int | None = None
        self._sent_sha: str | None = None  # the note text the kernel was last told
        self.conflict_dialog: ConflictDialog | None = None
        self.ask_save_path: Callable[[Path], Path | None] = self._ask_save_path
        self.last_result: dict[str, Any] | None = None
        self.last_claims: list[dict[str, Any]] | None = None  # the shape comments checked after a run
        self._run_source: str | None = None  # the code of the run in flight (None: the saved note's)
        self._fix_timer = QTimer(self, singleShot=True, interval=250)
        self._fix_timer.timeout.connect(self.update_fixes)
        window.codeClicked.connect(self.open_block)
        window.noteOpened.connect(self.on_note_opened)
        panel.runClicked.connect(self.run)
        panel.runAllClicked.connect(self.run_all)
        panel.interruptClicked.connect(self.interrupt)
        panel.restartClicked.connect(self.restart)
        panel.saveClicked.connect(self.save)
        panel.fix_bar.applyRequested.connect(self.apply_fix)
        panel.input_bar.kindChosen.connect(self.run_with_input)
        panel.editor.textChanged.connect(self._on_text_changed)

    # --- opening a block ------------------------------------------------------------------------

    @property
    def editor(self) -> Any:
        return self.panel.editor

    def dirty(self) -> bool:
        return self.block is not None and normalize_source(self.editor.code()) != self.saved_source

    def open_block(self, code_id: str) -> None:
        """Show block ``code_id`` of the window's current note."""
        path = self.window.current_note()
        if path is None:
            return
        try:
            snap = read_snapshot(path)
        except SaveError as exc:
            self.panel.show_message(str(exc), "error")
            return
        blocks = find_code_blocks(snap.text)
        block = next((b for b in blocks if b.id == code_id), None)
        if block is None:
            missing = translate("CodePanel", "Code block {0} is not in this note.")
            self.window.show_status(missing.format(code_id), 6000)
            return
        self.show_block(Path(path), snap, block)

    def show_block(self, path: Path, snap: NoteSnapshot, block: CodeBlock) -> None:
        if self.dock is not None:  # in front whatever tab hides it
            self.window.bring_to_front(self.dock)
        same = self.block is not None and self.path == path and self.block.id == block.id
        if same and self.snapshot is not None and self.snapshot.sha256 == snap.sha256:
            self.editor.setFocus()
            return
        if self.block is not None and self.path is not None and self.dirty():
            self.drafts[(self.path, self.block.id)] = self.editor.code()
        self.path, self.snapshot, self.block = path, snap, block
        self.saved_source = block.source
        draft = self.drafts.pop((path, block.id), None)
        self.editor.set_code(block.source, block.content_lines[0])
        if draft is not None:
            self.editor.replace_code(draft)
            self.panel.show_message(translate("CodePanel", "Restored your unsaved edits."), "info")
        else:
            self.panel.show_message("")
        self.panel.set_block_loaded(True)
        self._update_header()
        self.update_fixes()
        self.attach_kernel()
        self.editor.setFocus()

    def _update_header(self) -> None:
        if self.block is None or self.path is None:
            return
        block = self.block
        first, last = block.content_lines
        lang = block.lang or translate("CodePanel", "no language tag")
        self.panel.set_header(
            translate("CodePanel", "Code block {0}").format(block.index + 1),
            translate("CodePanel", "{0} · lines {1}–{2} · {3}").format(self.path.name, first, last, lang),
        )
        self.panel.title.setToolTip(translate(
            "CodePanel", "Shown counted from 1; the command line counts from 0: run NOTE --block {0}"
        ).format(block.index))
        self.panel.set_dirty(self.dirty())

    def _on_text_changed(self) -> None:
        self.panel.set_dirty(self.dirty())
        self._fix_timer.start()

    def update_fixes(self) -> None:
        """The indentation the runner will repair, shown before anything runs."""
        if self.block is None:
            self.panel.fix_bar.show_fixes([])
            return
        _fixed, notes = fix_notes(self.editor.code(), self.editor.first_line)
        self.panel.fix_bar.show_fixes(notes)  # coded notes: worded in the UI's language

    def apply_fix(self) -> None:
        fixed, notes = fix_indentation(self.editor.code(), self.editor.first_line)
        if notes:
            self.editor.replace_code(fixed)
            fixed_text = translate("CodePanel", "Indentation fixed. Save to write it to the note.")
            self.window.show_status(fixed_text, 6000)

    # --- kernel -----------------------------------------------------------------------------------

    def attach_kernel(self) -> Any:
        """The note's KernelHandler (started in the background if needed); None when unavailable."""
        if self.path is None:
            return None
        try:
            from app.ui.kernels import kernel_pool

            handler = kernel_pool(self.window).for_note(self.path)
        except Exception as exc:  # no kernel support: editing and saving still work
            log.warning("no kernel for %s", self.path, exc_info=True)
            self.panel.set_kernel_state("none")
            cannot = translate("CodePanel", "The kernel cannot start: {0}")
            self.panel.show_message(cannot.format(exc), "error")
            return None
        if handler is not self.handler:
            if self.handler is not None:
                for signal, slot in self._kernel_slots():
                    with contextlib.suppress(RuntimeError, TypeError):
                        getattr(self.handler, signal).disconnect(slot)
            self.handler = handler
            self._sent_sha = None
            for signal, slot in self._kernel_slots():
                getattr(handler, signal).connect(slot)
        self.panel.set_kernel_state(handler.state)
        return handler

    def _kernel_slots(self) -> list[tuple[str, Any]]:
        return [("stateChanged", self.panel.set_kernel_state), ("stream", self.on_stream),
                ("died", self.on_died), ("progress", self.on_progress)]

    def _sync_note(self, handler: Any) -> None:
        """Tell the kernel the note's text as the panel read it (after a save or a reload)."""
        if self.snapshot is None or self._sent_sha == self.snapshot.sha256:
            return
        handler.call("state.set_note", {"path": str(handler.note), "text": self.snapshot.text},
                     channel=f"{CHANNEL}:note")
        self._sent_sha = self.snapshot.sha256

    def run(self) -> None:
        """Run the editor's text as this block, bound to the note's model when it is a method block."""
        if self.block is not None:
            header = "▶ " + translate("CodePanel", "Run block {0} (from line {1})").format(
                self.block.index + 1, self.block.content_lines[0])
            self._start(header, "run.block", {"index": self.block.index, "source": self.editor.code()},
                        self.on_block_done)

    def run_with_input(self, kind: str) -> None:
        """One click on the input bar: the kernel's sample input becomes ``kind`` (``state.set_input``,
        queued before the run on the same kernel) and the block runs again on it."""
        handler = self.attach_kernel()
        if handler is None or self.block is None:
            return
        handler.call("state.set_input", {"kind": kind}, channel=f"{CHANNEL}:input")
        self.run()

    def run_all(self) -> None:
        """Run the note's blocks in order (the saved note, as a notebook's Run All)."""
        if self.block is not None:
            header = "▶▶ " + translate("CodePanel", "Run all code blocks of the note")
            self._start(header, "run.all", {}, self.on_all_done, note_unsaved=True)

    def _start(self, header: str, method: str, params: dict[str, Any], done: Any,
               *, note_unsaved: bool = False) -> None:
        """One run on the note's kernel: the note's text first, then ``method``; ``done`` gets its result."""
        assert self.block is not None
        handler = self.attach_kernel()
        if handler is None:
            return
        self._sync_note(handler)
        self.editor.clear_notes()
        self.panel.show_message("")
        self.panel.output.line(header, "info")
        if handler.state != "starting":
            self.panel.footer.setText(translate("CodePanel", "Running…"))
        else:
            self.panel.footer.setText(
                translate("CodePanel",
                          "Starting the kernel… (the first time takes a few seconds to load torch)"))
        if note_unsaved and self.dirty():
            self.panel.output.line(
                translate("CodePanel", "(Unsaved edits to this block are not part of Run All)"), "info")
        self._run_index = self.block.index
        self._run_source = params.get("source")
        self.panel.input_bar.set_busy(True)
        handle = handler.call(method, params, channel=f"{CHANNEL}:run")
        handle.done.connect(done)
        handle.failed.connect(lambda message, h=handle: self.on_failed(h, message))
        self._run = handle

    def interrupt(self) -> None:
        if self.handler is not None:
            self.handler.interrupt()
            self.panel.output.line("■ " + translate("CodePanel", "Interrupt requested."), "info")

    def restart(self) -> None:
        if self.handler is not None:
            self.handler.restart()
            self._sent_sha = None
            self.editor.clear_notes()
            self.panel.output.line(
                "↻ " + translate("CodePanel", "Restarting the kernel. All of the note's variables are gone."),
                "info")

    # --- kernel events ----------------------------------------------------------------------------

    def on_stream(self, name: str, text: str) -> None:
        if self._run is not None:
            self.panel.output.write(text, "stderr" if name == "stderr" else "stdout")

    def on_progress(self, event: Any) -> None:
        if self._run is None or not isinstance(event, dict):
            return
        if event.get("event") == "block" and event.get("index") is not None:
            block = translate("CodePanel", "Block {0}").format(int(event["index"]) + 1)
            self.panel.output.line(f"── {block} ──", "info")
        elif event.get("event") == "line" and event.get("block") == self._run_index:
            note = merge_line(self.editor.line_notes(), event)
            if note is not None:
                self.editor.set_line_note(note)

    def on_died(self, reason: str) -> None:
        self._run = None
        self.panel.input_bar.set_busy(False)
        self.panel.footer.setText("")
        self.panel.output.line(translate("CodePanel", "The kernel died: {0}").format(reason), "error")
        self.panel.show_message(
            translate("CodePanel", "The kernel died. Press ↻ Restart to run again in a new kernel."), "error"
        )

    def on_failed(self, handle: Any, message: str) -> None:
        if handle is not self._run:
            return
        self._run = None
        self.panel.input_bar.set_busy(False)
        error = getattr(handle, "error", None)
        details = getattr(error, "traceback", "") or ""
        self.panel.output.line(message, "error")
        if details:
            self.panel.output.line(details.rstrip(), "error")
        self.panel.footer.setText(translate("CodePanel", "Could not run."))

    def on_block_done(self, result: Any) -> None:
        if not isinstance(result, dict):
            return
        self._run = None
        self.show_result(result)
        check_shapes(self, result, self._run_source, in_editor=True)
        ms = result.get("elapsed_ms")
        if result.get("error"):
            status = translate("CodePanel", "Stopped on an error")
        else:
            status = translate("CodePanel", "Done")
        self.panel.footer.setText(f"{status}" + (f" · {ms:.0f} ms" if isinstance(ms, int | float) else ""))

    def on_all_done(self, result: Any) -> None:
        if not isinstance(result, dict):
            return
        self._run = None
        self.panel.input_bar.set_busy(False)
        blocks = [b for b in result.get("blocks") or [] if isinstance(b, dict)]
        ours = next((b for b in blocks if b.get("index") == self._run_index), None)
        for block in blocks:
            if block is not ours and block.get("error"):
                error = block["error"]
                where = translate("CodePanel", "Block {0}").format(int(block["index"]) + 1)
                self.panel.output.line(f"{where}: {error_details(error)}", "error")
        if ours is not None:
            self.show_result(ours)
        for block in blocks:  # Run All runs the saved note: every block's comments, ours in the editor too
            check_shapes(self, block, None, in_editor=block is ours and not self.dirty())
        built = [b["model"] for b in blocks if b is not ours and b.get("model")]
        if built:
            self._announce_model(str(built[-1]))
        failed = any(b.get("error") for b in blocks)
        if failed:
            outcome = translate("CodePanel", "Stopped on an error")
        else:
            outcome = translate("CodePanel", "finished")
        ran = translate("CodePanel", "Ran %n block(s)", None, len(blocks))
        self.panel.footer.setText(f"{ran} · {outcome}")

    def _announce_model(self, described: str) -> None:
        traced = translate("CodePanel", "The equations now show your object: {0}")
        self.panel.output.line(traced.format(described), "info")
        self.modelBuilt.emit(described)

    def show_result(self, result: dict[str, Any]) -> None:
        """Chips at every line that ran, the error at its line, its traceback below."""
        self.last_result = result
        if result.get("model"):
            self._announce_model(str(result["model"]))
        self.editor.clear_notes()
        for note in notes_from_result(result).values():
            self.editor.set_line_note(note)
        bound = result.get("bound")
        self.panel.input_bar.show_input(bound if isinstance(bound, dict) else None)
        if isinstance(bound, dict) and isinstance(bound.get("input"), dict):
            self.panel.output.line(bound_input_line(bound), "info")
        fixes = result.get("fix_details") or result.get("fixes") or []
        if fixes:
            self.panel.fix_bar.show_fixes(fixes)
        error = result.get("error")
        if isinstance(error, dict):
            self.panel.output.line(error_details(error), "error")
            where = translate("CodePanel", "Line {0}: ").format(error["line"]) if error.get("line") else ""
            self.panel.show_message(f"{where}{error.get('message') or error.get('type')}", "error")
            line = error.get("line")
            if isinstance(line, int):
                block = self.editor.block_for_line(line)
                if block.isValid():
                    cursor = self.editor.textCursor()
                    cursor.setPosition(block.position())
                    self.editor.setTextCursor(cursor)

    def on_note_opened(self, path: object, _rendered: object) -> None:
        """The window (re)rendered a note: after a change on disk, keep our block in step."""
        if path is None or self.path is None or Path(str(path)).resolve() != self.path.resolve():
            return
        self.reload_from_disk()


def install(window: Any) -> CodePanelController:
    panel = CodePanel()
    title = translate("CodePanel", str(DOCK_TITLE))
    dock = window.add_dock(panel, title, Qt.DockWidgetArea.BottomDockWidgetArea)
    dock.setObjectName("dock-codePanel")
    dock.hide()  # shown by the first click on a code block
    controller = CodePanelController(window, panel, dock)
    window.code_panel = controller
    if hasattr(window, "themeChanged"):  # a docked widget does not always get the palette change
        panel.set_theme(window.theme)
        window.themeChanged.connect(panel.set_theme)
    equations = getattr(window, "equation_panel", None)  # installed first (app.ui.window.plugins)
    if equations is not None and hasattr(equations, "on_user_model"):
        controller.modelBuilt.connect(equations.on_user_model)
    return controller


def bound_input_line(bound: dict[str, Any]) -> str:
    """``model(x), x = token ids (1, 28) (0 ≤ id < 50; …)``: what a method block was called with, worded
    from the runner's code (``app.engine.notecode.inputs``) in the UI language."""
    return f"{bound.get('class', '')}: model(x), x = {input_words(bound)}"
