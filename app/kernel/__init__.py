"""The UI process's side of a note's Jupyter kernel: start it, send requests, collect replies.

Owns ``session`` (one kernel's lifecycle and calls into ``app.engine.rpc`` over Jupyter messages, through
jupyter_client) and ``replies`` (collecting and unwrapping replies). Imports neither torch nor Qt; the Qt
owner object lives in ``app.ui.kernels``.
"""
