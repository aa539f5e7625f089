"""Tensornote: a desktop study-note app in which every equation is alive.

Layers, lowest first (a layer imports only layers below it; tests/test_layers.py enforces this):

- ``app.vault``, ``app.markup``, ``app.equations``: pure Python. No Qt, no torch.
- ``app.engine``: torch. Runs in the note's Jupyter kernel and in the CLI, never in the UI process.
  Its torch-free modules (``config``, ``notecode``) may be imported anywhere.
- ``app.kernel``: the UI process's side of the Jupyter kernel (jupyter_client); no torch, no Qt.
- ``app.ui``: the only package that imports PySide6.
- ``app.cli``: the headless twins of every GUI capability (``python -m app render|check|...``).
"""

__version__ = "0.1.0"
