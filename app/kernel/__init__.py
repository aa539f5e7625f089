"""The UI process's side of a note's Jupyter kernel: start it, send requests, collect replies.

Owns ``session`` (one kernel's lifecycle and calls into ``app.engine.rpc`` over Jupyter messages, through
jupyter_client), ``replies`` (collecting and unwrapping replies), ``homes`` (where a vault's kernel runs:
saved servers and each vault's choice, no tokens) and ``tokens`` (server tokens in the system keyring).
The feature package ``providers`` puts a kernel on this computer, on a Jupyter Server or behind a connection
file, all behind :class:`~app.kernel.session.KernelSession`. Imports neither torch nor Qt; the Qt owner
object lives in ``app.ui.kernels``.
"""
