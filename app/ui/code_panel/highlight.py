"""Python highlighting for the code panel: Pygments' lexer drives a QSyntaxHighlighter.

Qt re-highlights one line (text block) at a time, so each line is lexed on its own; the only state that
spans lines in Python, an open triple-quoted string, is carried in the block state. Pasted notes bring
invisible trouble too: U+00A0 (NBSP) and tabs in the indentation, which Python rejects. Those get a soft
yellow background here, so the fix the panel explains can be seen where it happens.
"""

from __future__ import annotations

from pygments.lexers import PythonLexer
from pygments.token import Token, _TokenType
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from app.ui.code_panel.theme import colour

# A calm light palette (GitHub-like), keyed by the most specific Pygments token type that matches.
PALETTE: list[tuple[_TokenType, str, bool, bool]] = [  # token, colour, bold, italic
    (Token.Comment, "#6a737d", False, True),
    (Token.Literal.String, "#0a3069", False, False),
    (Token.Literal.Number, "#0550ae", False, False),
    (Token.Keyword.Constant, "#0550ae", True, False),
    (Token.Keyword, "#cf222e", True, False),
    (Token.Operator.Word, "#cf222e", True, False),
    (Token.Name.Builtin.Pseudo, "#953800", False, True),  # self
    (Token.Name.Builtin, "#8250df", False, False),
    (Token.Name.Function, "#6639ba", True, False),
    (Token.Name.Class, "#953800", True, False),
    (Token.Name.Decorator, "#8250df", False, False),
    (Token.Name.Namespace, "#24292f", False, False),
    (Token.Operator, "#cf222e", False, False),
]
NO_STATE, IN_TRIPLE_DOUBLE, IN_TRIPLE_SINGLE = -1, 1, 2
DELIMS = {IN_TRIPLE_DOUBLE: '"""', IN_TRIPLE_SINGLE: "'''"}


def _format(colour: str, bold: bool, italic: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Pygments tokens as Qt formats, plus visible NBSP/tab indentation."""

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._lexer = PythonLexer(stripnl=False, ensurenl=False)
        self.theme = ""
        self.set_theme("light", rehighlight=False)

    def set_theme(self, theme: str, *, rehighlight: bool = True) -> None:
        """Token colours for "light" or "dark" (``app.ui.code_panel.theme``)."""
        if theme == self.theme:
            return
        self.theme = theme
        self._formats = [(token, _format(colour(c, theme), bold, italic))
                         for token, c, bold, italic in PALETTE]
        self._cache: dict[_TokenType, QTextCharFormat | None] = {}
        self._string = _format(colour("#0a3069", theme), False, False)
        self._odd_space = QTextCharFormat()
        self._odd_space.setBackground(QColor(colour("#fff3bf", theme)))
        if rehighlight:
            self.rehighlight()

    def _format_for(self, token: _TokenType) -> QTextCharFormat | None:
        if token not in self._cache:
            self._cache[token] = next((fmt for t, fmt in self._formats if token in t), None)
        return self._cache[token]

    def highlightBlock(self, text: str) -> None:
        start = 0
        self.setCurrentBlockState(NO_STATE)
        previous = self.previousBlockState()
        if previous in DELIMS:
            end = text.find(DELIMS[previous])
            if end < 0:
                self.setFormat(0, len(text), self._string)
                self.setCurrentBlockState(previous)
                self._mark_indent(text)
                return
            start = end + 3
            self.setFormat(0, start, self._string)
        self._lex(text, start)
        self._mark_indent(text)

    def _lex(self, text: str, start: int) -> None:
        skip_until = start
        for offset, token, value in self._lexer.get_tokens_unprocessed(text[start:]):
            pos = start + offset
            if pos < skip_until:
                continue
            delim = value[:3]
            if token in Token.Literal.String and delim in ('"""', "'''"):
                # A triple-quoted string: to its end on this line, or to the end of the line and beyond.
                close = text.find(delim, pos + 3)
                if close < 0:
                    self.setFormat(pos, len(text) - pos, self._string)
                    self.setCurrentBlockState(IN_TRIPLE_DOUBLE if delim == '"""' else IN_TRIPLE_SINGLE)
                    return
                skip_until = close + 3
                self.setFormat(pos, skip_until - pos, self._string)
                continue
            fmt = self._format_for(token)
            if fmt is not None:
                self.setFormat(pos, len(value), fmt)

    def _mark_indent(self, text: str) -> None:
        for pos, ch in enumerate(text):
            if ch not in " \t\u00a0":
                break
            if ch != " ":
                fmt = QTextCharFormat(self.format(pos))
                fmt.setBackground(self._odd_space.background())
                self.setFormat(pos, 1, fmt)
