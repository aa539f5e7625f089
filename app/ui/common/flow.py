"""A layout that wraps its items onto new lines, like words, instead of widening its parent.

Panels in a side dock get whatever width the window leaves them (the dock is capped at a share of the
window). A row laid out with ``QHBoxLayout`` forces the sum of its items' minimum widths on the whole
panel, so a narrow dock clipped the row's end; a :class:`FlowLayout` only needs its widest item.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping to the next line when the width runs out (height for width).

    An item wider than the line is narrowed to it (down to its own minimum width), so a wrapping label
    placed here takes one full line rather than spilling out.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 8, line_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, *widgets: QWidget) -> FlowLayout:
        """Add ``widgets`` in order; returns the layout for chaining."""
        for widget in widgets:
            self.addWidget(widget)
        return self

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """One line of everything (what the row would like), at its height."""
        m = self.contentsMargins()
        shown = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """Only the widest item's minimum: everything else can go to a new line."""
        m = self.contentsMargins()
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            widget = item.widget()  # a contained label ignores its width hint in layouts; here it counts
            hint = widget.sizeHint() if widget is not None else item.sizeHint()
            natural = _one_line_width(widget) if isinstance(widget, QLabel) else hint.width()
            width = max(item.minimumSize().width(), min(natural, area.width()))
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if x > area.x() and x + width > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + self._line_spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + self._spacing
            line_height = max(line_height, height)
        return y + line_height - rect.y() + m.bottom()


def _one_line_width(label: QLabel) -> int:
    """The width ``label`` needs to show its text on one line (a word-wrapping label's size hint is a
    guess that wraps a short title needlessly)."""
    if not label.wordWrap() or not label.text():
        return label.sizeHint().width()
    label.ensurePolished()  # the style sheet's font (a bold, larger title) is the one drawn
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    if label.textFormat() == Qt.TextFormat.PlainText or (
        label.textFormat() == Qt.TextFormat.AutoText and not QtGui.Qt.mightBeRichText(label.text())
    ):
        document.setPlainText(label.text())
    else:
        document.setHtml(label.text())
    m = label.contentsMargins()
    width = int(document.idealWidth()) + 2 * label.margin() + m.left() + m.right() + 2 * label.indent()
    one_line = label.heightForWidth(100_000)
    for _ in range(24):  # the label lays its text out a little differently: widen until it keeps one line
        if label.heightForWidth(width) <= one_line:
            break
        width += 2
    return width


def flow(*widgets: QWidget, spacing: int = 8) -> QWidget:
    """A widget holding ``widgets`` in a :class:`FlowLayout` (for a row inside another layout)."""
    holder = QWidget()
    FlowLayout(holder, spacing=spacing).add(*widgets)
    return holder


def pair(*widgets: QWidget) -> QWidget:
    """``widgets`` kept together on one line (a label and its field) as one item of a flow."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    for widget in widgets:
        row.addWidget(widget)
    return holder


def compact(combo: QComboBox, characters: int = 10) -> QComboBox:
    """Let a combo box be narrower than its longest entry (it elides), so it never widens its row."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


__all__ = ["FlowLayout", "compact", "flow", "pair"]
