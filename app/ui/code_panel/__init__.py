"""The code panel: edit a note's code block, run it in the note's kernel, see each line's tensors, save it.

Owns the controller (``panel``, a window plugin), the editor, highlighting, annotations, the view, saving and
the save-conflict dialog. May import: ``app.vault`` (saving), ``app.engine.notecode`` (torch-free),
``app.ui.common`` and ``app.ui.kernels`` through their ``__init__``.
"""
