"""The code panel's widgets: header, buttons, kernel state, the fix bar, the editor and the output pane.

Only layout and presentation live here; what happens on Run/Save is the controller's (code_panel.py).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.notecode import FixNote
from app.ui.code_panel.editor import CodeEditor, code_font
from app.ui.code_panel.inputbar import InputBar
from app.ui.code_panel.theme import colour, current_theme, themed
from app.ui.common import FlowLayout, contain, plain, tip

translate = QCoreApplication.translate  # lupdate collects translate("CodePanelView", "…")

STATE_STYLE = {  # kernel state -> (label, dot colour); English source labels, translated when shown
    "starting": (QT_TRANSLATE_NOOP("CodePanelView", "Kernel starting"), "#d4a72c"),
    "idle": (QT_TRANSLATE_NOOP("CodePanelView", "Kernel idle"), "#2da44e"),
    "busy": (QT_TRANSLATE_NOOP("CodePanelView", "Running"), "#0969da"),
    "dead": (QT_TRANSLATE_NOOP("CodePanelView", "Kernel stopped"), "#cf222e"),
    "none": (QT_TRANSLATE_NOOP("CodePanelView", "No kernel"), "#8c959f"),
}
MAX_FIX_NOTES = 6
RUN_ALL_TIP = QT_TRANSLATE_NOOP(
    "CodePanelView", "Run all of the note's code blocks in order (the saved content)"
)
UNTOUCHED = QT_TRANSLATE_NOOP("CodePanelView", "The note's own text does not change until you save.")
FIX_CHANGES = {  # app.engine.notecode.extract.FixChange codes; {0}, {1}: the change's numbers
    "nbsp": QT_TRANSLATE_NOOP("CodePanelView", "replaced {0} no-break space(s) (U+00A0) with spaces"),
    "tab": QT_TRANSLATE_NOOP("CodePanelView", "replaced {0} tab(s) with spaces"),
    "block-body": QT_TRANSLATE_NOOP("CodePanelView", "indented one level as a block body"),
    "indent-width": QT_TRANSLATE_NOOP("CodePanelView", "indentation {0} → {1} columns"),
    "inline-backticks": QT_TRANSLATE_NOOP("CodePanelView", "removed the inline-code backticks (`)"),
    "unclosed-backtick": QT_TRANSLATE_NOOP(
        "CodePanelView", "no closing backtick (`): read as code to the end of the line"
    ),
}


def fix_note_text(note: str | FixNote | Mapping[str, Any]) -> str:
    """One fix note in the UI language: a ``FixNote`` or the runner's ``fix_details`` entry is worded by
    its change codes; a plain string (or a change with an unknown code) keeps the Korean text."""
    if isinstance(note, str):
        return note
    if isinstance(note, FixNote):
        line, message = note.line, note.message
        changes = [(c.code, list(c.args)) for c in note.changes]
    else:
        line, message = int(note.get("line", 0)), str(note.get("message", ""))
        changes = [(str(c.get("code")), list(c.get("args") or [])) for c in note.get("changes") or []]
    words = message  # a code this UI does not know: the Korean message (worded per line as below)
    if changes and all(code in FIX_CHANGES for code, _ in changes):
        words = ", ".join(
            translate("CodePanelView", str(FIX_CHANGES[code])).format(*args) for code, args in changes
        )
    return translate("CodePanelView", "line {0}: {1}").format(line, words)


STYLE = """
#codePanel { background: #f6f8fa; }
#codeTitle { font-size: 14px; font-weight: 700; color: #1f2328; }
#codeSubtitle { color: #57606a; font-size: 12px; }
#dirty { color: #9a6700; font-size: 12px; font-weight: 700; }
#kernelState { color: #57606a; font-size: 12px; }
QPushButton#runButton { background: #1f883d; color: white; border: 1px solid #1a7f37; border-radius: 6px;
    padding: 4px 12px; font-weight: 700; }
QPushButton#runButton:hover { background: #1a7f37; }
QPushButton#runButton:disabled { background: #94d3a2; border-color: #94d3a2; }
QPushButton[flat="panel"] { background: #ffffff; border: 1px solid #d0d7de; border-radius: 6px;
    padding: 4px 10px; color: #24292f; }
QPushButton[flat="panel"]:hover { background: #f3f4f6; }
QPushButton[flat="panel"]:disabled { color: #8c959f; }
#inputBar { background: #ffffff; border: 1px solid #d0d7de; border-radius: 6px; }
#inputLabel { color: #24292f; font-size: 12px; }
#inputBar QToolButton { border: 1px solid #d0d7de; border-radius: 4px; padding: 1px 6px; font-size: 11px; }
#inputBar QToolButton:checked { background: #ddf4ff; border-color: #54aeff; color: #0a3069; }
#fixBar { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 8px; }
#fixBar QLabel { color: #4d2d00; font-size: 12px; }
#fixTitle { font-weight: 700; }
#message { border-radius: 8px; padding: 6px 10px; font-size: 12px; }
#message[kind="error"] { background: #ffebe9; color: #82071e; border: 1px solid #ff8182; }
#message[kind="info"] { background: #ddf4ff; color: #0a3069; border: 1px solid #54aeff; }
#message[kind="ok"] { background: #dafbe1; color: #116329; border: 1px solid #4ac26b; }
#codeEditor { border: 1px solid #d0d7de; border-radius: 6px; background: #ffffff; }
#output { border: 1px solid #d0d7de; border-radius: 6px; background: #ffffff; }
#outputTitle { color: #57606a; font-size: 11px; font-weight: 700; }
#footer { color: #57606a; font-size: 11px; }
"""


def _label(text: str, name: str, wrap: bool = False) -> QLabel:
    label = plain(QLabel(text))  # run errors, note names: text, never HTML (issue 11, F3)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return contain(label) if wrap else label


class FixBar(QFrame):
    """Yellow bar: the indentation the runner repairs, line by line, and a button to apply it."""

    applyRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fixBar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        top = FlowLayout()  # the button goes under the title in a narrow dock
        self.title = _label(translate("CodePanelView", "Running with fixed indentation"), "fixTitle")
        top.addWidget(self.title)
        self.apply = QToolButton()
        self.apply.setText(translate("CodePanelView", "Apply to Editor"))
        self.apply.setToolTip(
            translate(
                "CodePanelView",
                "Put the fixed indentation into the editor (undoable; save to write it to the note)",
            )
        )
        self.apply.clicked.connect(self.applyRequested)
        top.addWidget(self.apply)
        layout.addLayout(top)
        self.notes = _label("", "fixNotes", wrap=True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.notes)
        self.hide()

    def show_fixes(self, fixes: Sequence[str | FixNote | Mapping[str, Any]]) -> None:
        """Korean strings are shown as they are; ``FixNote``s and ``fix_details`` entries in the UI
        language."""
        notes = [fix_note_text(f) for f in fixes]
        if not notes:
            self.hide()
            return
        shown = " · ".join(html.escape(n) for n in notes[:MAX_FIX_NOTES])
        more = ""
        if len(notes) > MAX_FIX_NOTES:
            hidden = len(notes) - MAX_FIX_NOTES
            more = " · … " + translate("CodePanelView", "and %n more line(s)", None, hidden)
        self.title.setText(
            translate("CodePanelView", "Running with fixed indentation (%n line(s))", None, len(notes))
        )
        self.notes.setText(
            translate(
                "CodePanelView",
                "Python cannot read indentation that mixes tabs and no-break spaces (U+00A0, in yellow), "
                "so it is fixed before running.",
            )
            + f"<br><span style='color:{colour('#7d4e00', current_theme())}'>{shown}{more}</span><br>"
            f"<i>{translate('CodePanelView', str(UNTOUCHED))}</i>"
        )
        self.notes.setToolTip(tip("\n".join(notes)))
        self.show()


class OutputPane(QPlainTextEdit):
    """stdout/stderr as it arrives, errors and tracebacks in red, run headers in grey."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("output")
        self.setReadOnly(True)
        self.setFont(code_font(9))
        self.setPlaceholderText(
            translate("CodePanelView", "Run a block and its print output and errors appear here.")
        )
        self.setMaximumBlockCount(5000)
        self.set_theme("light")

    def set_theme(self, theme: str) -> None:
        """Colours of new output; what is already written is recoloured by kind."""
        self._formats = {
            name: self._fmt(colour(c, theme))
            for name, c in (
                ("stdout", "#1f2328"),
                ("stderr", "#bc4c00"),
                ("error", "#cf222e"),
                ("info", "#57606a"),
                ("ok", "#1a7f37"),
            )
        }
        by_colour = {
            QColor(c).name(): name
            for theme_ in ("light", "dark")
            for name, c in (
                ("stdout", colour("#1f2328", theme_)),
                ("stderr", colour("#bc4c00", theme_)),
                ("error", colour("#cf222e", theme_)),
                ("info", colour("#57606a", theme_)),
            )
        }
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                kind = by_colour.get(fragment.charFormat().foreground().color().name())
                if kind is not None:
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    end = fragment.position() + fragment.length()
                    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(self._formats[kind])
                it += 1
            block = block.next()

    @staticmethod
    def _fmt(colour: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(colour))
        return fmt

    def write(self, text: str, kind: str = "stdout") -> None:
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text, self._formats.get(kind, self._formats["stdout"]))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def line(self, text: str, kind: str = "info") -> None:
        """A whole line of its own (starts on a fresh line)."""
        if self.toPlainText() and not self.toPlainText().endswith("\n"):
            self.write("\n", "stdout")
        self.write(text + "\n", kind)


class CodePanel(QWidget):
    """The dock's content."""

    runClicked = Signal()
    runAllClicked = Signal()
    interruptClicked = Signal()
    restartClicked = Signal()
    saveClicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("codePanel")
        self.theme = "light"
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        root = QVBoxLayout(self)
        root.setContentsMargins(10, 8, 10, 8)
        root.setSpacing(6)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = contain(_label(translate("CodePanelView", "Code block"), "codeTitle"))
        self.subtitle = _label(
            translate("CodePanelView", "Click a code block in the note to edit and run it here."),
            "codeSubtitle",
        )
        contain(self.subtitle)  # the note's name and path: wraps, never widens the panel or the window
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        self.dirty = _label("", "dirty")
        head.addWidget(self.dirty)
        self.state_dot = QLabel()
        self.state_label = _label("", "kernelState")
        head.addSpacing(8)
        head.addWidget(self.state_dot)
        head.addWidget(self.state_label)
        root.addLayout(head)

        bar = FlowLayout(spacing=6)  # the buttons wrap in a narrow dock
        self.run_button = QPushButton("▶ " + translate("CodePanelView", "Run"))
        self.run_button.setObjectName("runButton")
        self.run_button.setToolTip(
            translate("CodePanelView", "Run this block in the note's kernel (Ctrl+Enter)")
        )
        self.run_all_button = self._button(
            "▶▶ " + translate("CodePanelView", "Run All"), translate("CodePanelView", str(RUN_ALL_TIP))
        )
        self.interrupt_button = self._button(
            "■ " + translate("CodePanelView", "Interrupt"),
            translate("CodePanelView", "Stop the running code"),
        )
        self.restart_button = self._button(
            "↻ " + translate("CodePanelView", "Restart"),
            translate("CodePanelView", "Start a new kernel (all variables are gone)"),
        )
        self.save_button = self._button(
            translate("CodePanelView", "Save"),
            translate("CodePanelView", "Save only this block to the note file (Ctrl+S)"),
        )
        for widget in (self.run_button, self.run_all_button, self.interrupt_button, self.restart_button):
            bar.addWidget(widget)
        bar.addWidget(self.save_button)
        root.addLayout(bar)
        self.run_button.clicked.connect(self.runClicked)
        self.run_all_button.clicked.connect(self.runAllClicked)
        self.interrupt_button.clicked.connect(self.interruptClicked)
        self.restart_button.clicked.connect(self.restartClicked)
        self.save_button.clicked.connect(self.saveClicked)

        self.message = _label("", "message", wrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        root.addWidget(self.message)
        self.input_bar = InputBar()  # what model(x) got, and the inputs its class takes (method blocks)
        root.addWidget(self.input_bar)
        self.fix_bar = FixBar()
        root.addWidget(self.fix_bar)

        self.editor = CodeEditor()
        self.output = OutputPane()
        out_box = QWidget()
        out_layout = QVBoxLayout(out_box)
        out_layout.setContentsMargins(0, 4, 0, 0)
        out_layout.setSpacing(2)
        out_layout.addWidget(_label(translate("CodePanelView", "Output"), "outputTitle"))
        out_layout.addWidget(self.output)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.editor)
        split.addWidget(out_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)
        self.footer = _label("", "footer", wrap=True)
        root.addWidget(self.footer)

        for keys, signal in (
            ("Ctrl+Return", self.runClicked),
            ("Ctrl+Enter", self.runClicked),
            ("Ctrl+S", self.saveClicked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(signal)
        self.editor.runRequested.connect(self.runClicked)
        self.set_kernel_state("none")
        self.set_theme(current_theme())
        self.set_block_loaded(False)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("flat", "panel")
        button.setToolTip(tip)
        return button

    # --- presentation ---------------------------------------------------------------------------

    def set_block_loaded(self, loaded: bool) -> None:
        for widget in (self.run_button, self.run_all_button, self.save_button, self.editor):
            widget.setEnabled(loaded)

    def set_header(self, title: str, subtitle: str) -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)

    def set_dirty(self, dirty: bool) -> None:
        self.dirty.setText("● " + translate("CodePanelView", "Not saved") if dirty else "")
        self.save_button.setEnabled(dirty)

    def set_theme(self, theme: str) -> None:
        """Light or dark colours for the whole panel (stylesheet, editor, output)."""
        if theme == self.theme:
            return
        self.theme = theme
        self.setStyleSheet(themed(STYLE, theme))
        self.editor.set_theme(theme)
        self.output.set_theme(theme)

    def changeEvent(self, event: QEvent) -> None:
        """Follow View → Theme (``app.ui.common.theme.apply`` changes the application palette)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self.set_theme(current_theme())

    def set_kernel_state(self, state: str) -> None:
        label, colour = STATE_STYLE.get(state, STATE_STYLE["none"])
        self.state_dot.setText(f"<span style='color:{colour}; font-size:14px'>●</span>")
        self.state_label.setText(translate("CodePanelView", str(label)))
        self.state_label.setProperty("state", state)
        busy = state == "busy"
        self.interrupt_button.setEnabled(busy)
        self.restart_button.setEnabled(state in ("idle", "busy", "dead", "starting"))

    def show_message(self, text: str, kind: str = "info") -> None:
        if not text:
            self.message.hide()
            return
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
