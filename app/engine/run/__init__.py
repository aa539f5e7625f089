"""Running a note's code block line by line in the kernel and reporting each line's tensors.

Owns the runner (``runner``: ``run.*`` RPC methods), the line tracer (``linetrace``) and the shape and error
descriptions (``shapes``). May import: torch, ``app.engine.rpc``, ``app.engine.notestate`` and the ``trace``,
``notecode`` and ``inputs`` packages through their ``__init__``.
"""

from app.engine.run.runner import run_block, runnable

__all__ = ["run_block", "runnable"]
