"""Text is text: note and user text reaches Qt labels and tooltips as plain text, never as HTML.

Why (issue 11, F3): Qt guesses. A QLabel, a tooltip or a message box in ``Qt.AutoText`` shows its text
as HTML when it merely *looks* like HTML (``Qt.mightBeRichText``), so a search for
``<h1 style="color:red">BIG</h1>`` printed a big red heading in "no notes contain …", and a note or file
named like a tag would be drawn as markup in the tree's tooltip.

The rules, applied wherever note or user text (queries, note and folder names, paths, headings, link
targets, warnings, kernel and run messages, tensor and module names) reaches Qt:
- a label that shows such text is :func:`plain` (``Qt.PlainText``); a label that mixes our own markup
  with such text stays rich and escapes the text with ``html.escape`` (the search and switcher results);
- a tooltip gets :func:`tip`: the text converted to rich text that shows it literally (Qt's own
  ``convertFromPlainText``), because a tooltip has no text format of its own;
- status-bar messages, window titles, item texts and combo-box items are always plain in Qt.

:func:`shown` says what Qt will display for a text in a format; ``tests/ui/test_text_is_text.py`` feeds
HTML through every path and checks it with it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

__all__ = ["plain", "shown", "tip"]


def plain(label: QLabel) -> QLabel:
    """Make ``label`` show its text literally, whatever it looks like; returns it for chaining."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def tip(text: object) -> str:
    """``text`` as a tooltip that Qt shows literally (line breaks kept); "" stays "" (no tooltip).

    Text Qt would not take for rich text (``Qt.mightBeRichText``, the test the tooltip itself applies)
    is returned as it is, so a plain tooltip stays the same string as the chip or label it repeats;
    only text that looks like markup is converted."""
    value = "" if text is None else str(text)
    if not value or not GuiQt.mightBeRichText(value):
        return value
    return GuiQt.convertFromPlainText(value, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt displays for ``text`` in ``text_format`` (AutoText: rich when it looks rich), as plain text."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()
