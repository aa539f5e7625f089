"""The code panel's editor: note line numbers, Python highlighting, 4-space Tab, and tensor chips per line.

Line numbers in the gutter are the NOTE's lines (the block's first content line is not 1), because the
runner, its errors and the note view all speak in note lines. After a run, each line that assigned or
changed tensors gets chips at the end ("h0 (3, 1, 256)"), lined up in one column like a right-hand
gutter, with the values on hover; the failing line gets a red marker and its message.

Chips are stored on the text blocks themselves (``QTextBlockUserData``), so they move with their line
while the user inserts lines above; any edit fades them until the next run (they describe the code as
it ran, not as it is now).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextBlockUserData,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from app.ui.code_panel.annotations import MAX_CHIPS, LineNote
from app.ui.code_panel.highlight import PythonHighlighter
from app.ui.code_panel.theme import colour as themed_colour
from app.ui.common import tip as plain_tip

INDENT = "    "
CHIP_GAP = 28.0  # px between the longest line and the chip column
CHIP_COLUMN_MAX = 64  # characters: longer lines put their chips right after their own end
GUTTER_MARK = 14  # px on the gutter's left for the run/error marker

COLOURS = {
    "gutter_bg": "#f6f8fa", "gutter_fg": "#8c959f", "gutter_fg_current": "#1f2328",
    "current_line": "#f3f6fb", "ran": "#2da44e", "error": "#cf222e", "error_line": "#ffebe9",
    "chip_bg": "#ddf4ff", "chip_border": "#54aeff", "chip_fg": "#0a3069",
    "error_bg": "#ffebe9", "error_border": "#ff8182", "error_fg": "#82071e",
    "ok_bg": "#dafbe1", "ok_border": "#4ac26b", "ok_fg": "#116329",  # a shape comment that holds
    "na_bg": "#f6f8fa", "na_border": "#d0d7de", "na_fg": "#57606a",  # … not judged
}


def code_font(point_size: int = 10) -> QFont:
    """A monospace font that still has Hangul (comments in Korean): mono first, the app's font next."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    families = [font.family(), "DejaVu Sans Mono", "NanumGothicCoding", "NanumGothic", "Noto Sans CJK KR"]
    font.setFamilies(list(dict.fromkeys(families)))
    font.setPointSize(point_size)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


class _LineData(QTextBlockUserData):
    """The run's findings for one line, riding on its text block."""

    def __init__(self, note: LineNote):
        super().__init__()
        self.note = note


class _Gutter(QWidget):
    def __init__(self, editor: CodeEditor):
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_gutter(self, event)


class CodeEditor(QPlainTextEdit):
    """A small Python editor for one note block."""

    runRequested = Signal()  # Ctrl+Enter (also bound by the panel; the editor must not eat it)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("codeEditor")
        self.first_line = 1
        self.stale = False
        self._chip_rects: list[tuple[QRectF, str]] = []
        self._keep: list[_LineData] = []
        self.setFont(code_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(QFontMetricsF(self.font()).horizontalAdvance(" ") * len(INDENT))
        self.colours = dict(COLOURS)
        self.highlighter = PythonHighlighter(self.document())
        self.gutter = _Gutter(self)
        self.blockCountChanged.connect(lambda _n: self._update_margins())
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._update_selections)
        self.document().contentsChange.connect(self._on_contents_change)
        self._error_line: int | None = None
        self._update_margins()
        self._update_selections()

    # --- content --------------------------------------------------------------------------------

    def set_code(self, source: str, first_line: int) -> None:
        """Show a block (a fresh undo history): ``first_line`` is the note line of its first line."""
        self.first_line = first_line
        self.setPlainText(source)
        self.clear_notes()
        self._update_margins()

    def replace_code(self, source: str) -> None:
        """Replace all text as one undoable edit (a reload from disk can be undone)."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(source)
        cursor.endEditBlock()

    def code(self) -> str:
        """The text exactly as typed: ``toPlainText`` would turn U+00A0 into spaces, losing the note's
        own indentation on save, so the raw text is read and only its paragraph separators mapped."""
        return self.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")

    def block_for_line(self, line: int) -> QTextBlock:
        return self.document().findBlockByNumber(line - self.first_line)

    # --- run findings ---------------------------------------------------------------------------

    def clear_notes(self) -> None:
        block = self.document().firstBlock()
        while block.isValid():
            if block.userData() is not None:
                block.setUserData(None)  # type: ignore[arg-type]
            block = block.next()
        self._keep.clear()
        self._error_line = None
        self.stale = False
        self._update_selections()
        self.viewport().update()
        self.gutter.update()

    def set_line_note(self, note: LineNote) -> None:
        """Attach (or replace) what a run found at a note line."""
        block = self.block_for_line(note.line)
        if not block.isValid():
            return
        data = _LineData(note)
        self._keep.append(data)
        block.setUserData(data)
        if note.error:
            self._error_line = note.line
            self._update_selections()
        self.viewport().update()
        self.gutter.update()

    def line_notes(self) -> dict[int, LineNote]:
        """The notes shown, keyed by the note line their block is at NOW (after edits)."""
        found: dict[int, LineNote] = {}
        block = self.document().firstBlock()
        while block.isValid():
            data = block.userData()
            if isinstance(data, _LineData):
                found[self.first_line + block.blockNumber()] = data.note
            block = block.next()
        return found

    def _on_contents_change(self, _pos: int, removed: int, added: int) -> None:
        if (removed or added) and self._keep:
            self.stale = True
            self.viewport().update()

    # --- keys -----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & Qt.KeyboardModifier.ControlModifier:
            self.runRequested.emit()
            return
        if key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ControlModifier:
            self._indent()
            return
        if key == Qt.Key.Key_Backtab:
            self._dedent()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            self._newline()
            return
        super().keyPressEvent(event)

    def _selected_blocks(self) -> list[QTextBlock]:
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart())
        last = doc.findBlock(cursor.selectionEnd())
        if cursor.hasSelection() and last.position() == cursor.selectionEnd() and last != first:
            last = last.previous()  # a selection ending at a line start does not include that line
        blocks = [first]
        while blocks[-1] != last and blocks[-1].isValid():
            blocks.append(blocks[-1].next())
        return blocks

    def _indent(self) -> None:
        """Tab: 4 spaces at the cursor, or 4 more at the start of every selected line."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or cursor.block() == self.document().findBlock(cursor.anchor()):
            column = cursor.positionInBlock()
            cursor.insertText(" " * (len(INDENT) - column % len(INDENT)))
            return
        cursor.beginEditBlock()
        for block in self._selected_blocks():
            edit = QTextCursor(block)
            edit.insertText(INDENT)
        cursor.endEditBlock()

    def _dedent(self) -> None:
        """Shift+Tab: up to 4 columns of indentation (spaces, a tab or NBSP) off each selected line."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for block in self._selected_blocks():
            text = block.text()
            n = 0
            while n < len(INDENT) and n < len(text) and text[n] in " \u00a0":
                n += 1
            if n == 0 and text[:1] == "\t":
                n = 1
            if n:
                edit = QTextCursor(block)
                edit.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, n)
                edit.removeSelectedText()
        cursor.endEditBlock()

    def _newline(self) -> None:
        """Enter keeps the line's indentation, one level deeper after a ``:``."""
        cursor = self.textCursor()
        text = cursor.block().text()[: cursor.positionInBlock()]
        indent = text[: len(text) - len(text.lstrip(" \t\u00a0"))]
        if text.rstrip().endswith(":"):
            indent += INDENT
        cursor.insertText("\n" + indent)
        self.ensureCursorVisible()

    # --- gutter ---------------------------------------------------------------------------------

    def gutter_width(self) -> int:
        last = self.first_line + max(1, self.blockCount()) - 1
        digits = max(3, len(str(last)))
        return GUTTER_MARK + int(self.fontMetrics().horizontalAdvance("9") * digits) + 10

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, gutter: QWidget, event: QPaintEvent) -> None:
        painter = QPainter(gutter)
        painter.fillRect(event.rect(), QColor(self.colours["gutter_bg"]))
        painter.setFont(self.font())
        current = self.textCursor().blockNumber()
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + self.blockBoundingRect(block).height()
            if block.isVisible() and bottom >= event.rect().top():
                number = block.blockNumber()
                colour = self.colours["gutter_fg_current"] if number == current else self.colours["gutter_fg"]
                painter.setPen(QColor(colour))
                painter.drawText(QRectF(0, top, gutter.width() - 8, height), Qt.AlignmentFlag.AlignRight,
                                 str(self.first_line + number))
                data = block.userData()
                if isinstance(data, _LineData):
                    self._paint_mark(painter, data.note, top, height)
            block = block.next()
            top = bottom
        painter.end()

    def _paint_mark(self, painter: QPainter, note: LineNote, top: float, height: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        if note.error:
            painter.setBrush(QColor(self.colours["error"]))
            painter.drawEllipse(QPointF(GUTTER_MARK / 2 + 1, top + height / 2), 4.5, 4.5)
        else:
            colour = QColor(self.colours["ran"])
            colour.setAlpha(110 if self.stale else 255)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(4, top + 2, 3, height - 4), 1.5, 1.5)

    # --- chips ------------------------------------------------------------------------------------

    def set_theme(self, theme: str) -> None:
        """Gutter, current line, chips and tokens in the light or dark colours."""
        self.colours = {key: themed_colour(value, theme) for key, value in COLOURS.items()}
        self.highlighter.set_theme(theme)
        self._update_selections()
        self.viewport().update()

    def _update_selections(self) -> None:
        selections = []
        line = QTextEdit.ExtraSelection()
        line.format.setBackground(QColor(self.colours["current_line"]))  # type: ignore[attr-defined]
        line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)  # type: ignore[attr-defined]
        line.cursor = self.textCursor()  # type: ignore[attr-defined]
        line.cursor.clearSelection()  # type: ignore[attr-defined]
        selections.append(line)
        if self._error_line is not None:
            block = self.block_for_line(self._error_line)
            if block.isValid():
                error = QTextEdit.ExtraSelection()
                error.format.setBackground(QColor(self.colours["error_line"]))  # type: ignore[attr-defined]
                error.format.setProperty(QTextFormat.Property.FullWidthSelection, True)  # type: ignore[attr-defined]
                error.cursor = QTextCursor(block)  # type: ignore[attr-defined]
                selections.append(error)
        self.setExtraSelections(selections)
        self.gutter.update()

    def _chip_column(self) -> float:
        """x (document coordinates) where chips start: after the longest line, within reason."""
        metrics = QFontMetricsF(self.font())
        longest = 0.0
        block = self.document().firstBlock()
        while block.isValid():
            layout = block.layout()
            if layout is not None and layout.lineCount():
                longest = max(longest, layout.lineAt(0).naturalTextWidth())
            block = block.next()
        cap = metrics.horizontalAdvance("x") * CHIP_COLUMN_MAX
        return min(longest, cap) + CHIP_GAP

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._chip_rects = []
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.86)
        painter.setFont(small)
        metrics = QFontMetricsF(small)
        offset = self.contentOffset()
        margin = self.document().documentMargin()
        column = self._chip_column()
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > event.rect().bottom():
                break
            data = block.userData()
            if isinstance(data, _LineData) and (data.note.chips or data.note.error or data.note.claims):
                layout = block.layout()
                end = layout.lineAt(0).naturalTextWidth() if layout and layout.lineCount() else 0.0
                x = offset.x() + margin + max(column, end + CHIP_GAP / 2)
                self._paint_chips(painter, metrics, data.note, x, geometry.top(),
                                  self.fontMetrics().height())
            block = block.next()
        painter.end()

    def _paint_chips(self, painter: QPainter, metrics: QFontMetricsF, note: LineNote, x: float,
                     top: float, height: float) -> None:
        pad, gap = 6.0, 5.0
        h = min(height - 2, metrics.height() + 3)
        y = top + (height - h) / 2
        items: list[tuple[str, str, str]] = []  # (label, tooltip, kind)
        if note.error:
            items.append((f"✖ {note.error}", note.error, "error"))
        items += [(claim.label, claim.tooltip(), claim.kind) for claim in note.claims]  # shape comments
        items += [(chip.label, chip.tooltip(), "chip") for chip in note.chips[:MAX_CHIPS]]
        if note.overflow:
            more = "<br>".join(chip.tooltip() for chip in note.chips[MAX_CHIPS:])
            items.append((f"+{note.overflow}", more, "chip"))
        alpha = 120 if self.stale else 255
        for label, tip, kind in items:
            width = metrics.horizontalAdvance(label) + 2 * pad
            rect = QRectF(x, y, width, h)
            palette = {"error": "error", "bad": "error", "ok": "ok", "na": "na"}.get(kind, "chip")
            bg, border, fg = (f"{palette}_bg", f"{palette}_border", f"{palette}_fg")
            colours = [QColor(self.colours[c]) for c in (bg, border, fg)]
            for colour in colours:
                colour.setAlpha(alpha)
            painter.setPen(colours[1])
            painter.setBrush(colours[0])
            painter.drawRoundedRect(rect, h / 2, h / 2)
            painter.setPen(colours[2])
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            self._chip_rects.append((rect, tip))
            x += width + gap

    def chip_labels(self) -> list[str]:
        """What the chips painted last say (for tests and accessibility)."""
        return [tip for _rect, tip in self._chip_rects]

    def claim_labels(self) -> dict[int, list[str]]:
        """The shape-comment chips per note line (``✓ rnn_out (1, 28, 256)``), painted or not (tests)."""
        notes = self.line_notes().items()
        return {line: [c.label for c in note.claims] for line, note in notes if note.claims}

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            for rect, tip in self._chip_rects:
                if rect.contains(QPointF(pos)):
                    QToolTip.showText(event.globalPos(), plain_tip(tip),  # type: ignore[attr-defined]
                                      self.viewport())
                    return True
            QToolTip.hideText()
            return True
        return super().viewportEvent(event)
