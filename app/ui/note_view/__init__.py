"""The note view: the rendered note in a QWebEngineView, its page, the click bridge and the URL scheme.

Owns ``view`` (NoteView), ``pages`` (page HTML in the UI's language), ``rendering`` (background rendering),
``bridge`` (QWebChannel clicks) and ``scheme``. May import: ``app.markup``, ``app.vault`` and
``app.ui.common``.
"""

from app.ui.note_view import pages, scheme
from app.ui.note_view.rendering import Renderer, RenderResult
from app.ui.note_view.view import NoteView

__all__ = ["NoteView", "RenderResult", "Renderer", "pages", "scheme"]
