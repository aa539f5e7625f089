"""Labels that show user or note text never widen their panel, their dock or the window.

A QLabel asks its layout for the width of its longest unbreakable run of text: a 1,000-character search
query with no hits made the search dock (and the window, and the saved state) 9,000 px wide. A label
that shows a query, a note's name, a path, a warning or a formula's source is *contained*: it wraps at
its width, breaks a run with no spaces anywhere, and tells its layout it needs no width of its own
(``QSizePolicy.Ignored`` horizontally, height-for-width kept), so the column decides its width, never the
text. :func:`contained_width` is the width a label forces on its layout; tests hold it under a bound.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy

__all__ = ["contain", "contained_width"]


def contain(label: QLabel) -> QLabel:
    """Make ``label`` wrap inside whatever width its layout gives it; returns it for chaining."""
    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    label.setMinimumWidth(0)
    label.setProperty("tensornote-contained", True)
    return label


def contained_width(label: QLabel) -> int:
    """The width ``label`` forces on its layout: its own minimum when the policy ignores its hints,
    else the larger of that and its minimum size hint."""
    if label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
        return label.minimumWidth()
    return max(label.minimumWidth(), label.minimumSizeHint().width())
