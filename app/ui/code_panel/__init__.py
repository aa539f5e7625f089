"""The code panel: edit a note's code block, run it in the note's kernel, see each line's tensors, save it.

Owns the controller (``panel``, a window plugin), the editor, highlighting, annotations, the view, saving,
the save-conflict dialog, ``claims`` (a run's shape comments checked by the kernel, as ✓/✗ chips) and
``inputbar`` (what a method block's ``model(x)`` got, changed with one click). May import: ``app.vault``
(saving), ``app.engine.notecode`` (torch-free),
``app.ui.common`` and ``app.ui.kernels`` through their ``__init__``.
"""
