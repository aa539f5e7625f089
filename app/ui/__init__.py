"""The desktop UI (PySide6): the only layer that imports Qt.

Importing this package also works around a reference-counting bug of PySide6 6.12 on Python < 3.12:
every emission of a Qt signal carrying a ``bool`` (``loadFinished(bool)``, ``Signal(bool)``…), and a
Python ``acceptNavigationRequest`` override returning one, drops a reference to ``True``/``False``
that it never took (``None`` is hit similarly). After a few thousand page loads the interpreter aborts
with "Fatal Python error: bool_dealloc" at exit (measured: -1 ref of True per ``loadFinished``). From
Python 3.12 these singletons are immortal and the bug is harmless, so only older CPythons get a large
extra reference count on the three singletons; they are never freed anyway.
"""

from __future__ import annotations

import sys


def _protect_singletons() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (True, False, None):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_protect_singletons()
