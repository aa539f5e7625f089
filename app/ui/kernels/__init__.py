"""The UI side of the notes' kernels: one Qt owner object per note kernel, and its status-bar widget.

Owns ``handler`` (KernelHandler, the pool) and ``status`` (the status-bar plugin). May import: ``app.kernel``
(jupyter_client, no torch) and ``app.ui.common``.
"""

from app.ui.kernels.handler import KernelHandler, kernel_pool, state_label

__all__ = ["KernelHandler", "kernel_pool", "state_label"]
