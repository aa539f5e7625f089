"""Where Tensornote keeps its files: the per-user cache and the bundled resources.

The cache location can be overridden with ``TENSORNOTE_CACHE_DIR`` so that tests and benchmarks
(``render_seed_cold_ms`` needs an empty math cache) never touch the user's real cache.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "tensornote"
PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_VAULT = REPO_DIR / "notes"


def cache_dir(*parts: str) -> Path:
    """Return (and create) a folder under the user cache dir, e.g. ``cache_dir("math")``."""
    root = os.environ.get("TENSORNOTE_CACHE_DIR")
    base = Path(root) if root else Path(platformdirs.user_cache_dir(APP_NAME))
    path = base.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
