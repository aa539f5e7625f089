"""The engine: torch code that runs in the note's Jupyter kernel (and in the CLI), never in the UI process.

Feature packages, each with one job: ``trace`` (every gate at every step, verified against PyTorch),
``notecode`` (the note's code read without running it; torch-free), ``inputs`` (sample inputs), ``run``
(running a code block line by line), ``serve`` (the equation panel's kernel side) and ``train`` (training the
note's model, its weights). Below them, shared by all:
``config`` (RecurrentConfig), ``devices``, ``rpc`` (the UI's remote calls) and ``notestate`` (the kernel's
per-note state). This ``__init__`` imports nothing: the UI imports ``app.engine.notecode`` and must not
load torch.
"""
