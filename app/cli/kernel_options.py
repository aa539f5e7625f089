"""The kernel options every kernel-using subcommand shares: where its kernel runs.

``--kernel URL`` (or ``TENSORNOTE_KERNEL=URL``) runs it on a Jupyter Server or Kernel Gateway; the token
comes from ``TENSORNOTE_TOKEN`` only (never a flag: a flag shows in ``ps`` and in shell history).
``--kernel-file kernel.json`` attaches to an existing kernel (e.g. one behind ``ssh -L``). Without them,
the kernel is local, as ever. ``--send-engine`` is the user's consent to send this app's engine to a
remote kernel that lacks it or has another version; without it such a kernel is refused with a message
and nothing runs there.

Used by ``run``, ``trace``, ``grad`` and ``train``: ``add_kernel_arguments(parser)`` then
``open_kernel(args, cwd)`` (started, ready, engine checked; the caller shuts it down).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.i18n import messages, text
from app.kernel.homes import KernelHome, url_warnings
from app.kernel.providers import EngineMismatch, ensure_engine, open_session
from app.kernel.session import KernelSession, KernelStartError

messages({
    "cli.kernel_file_missing": (
        "커널 연결 파일이 없습니다: {path}", "No such kernel connection file: {path}"
    ),
    "cli.send_engine_hint": (
        "--send-engine을 주면 이 앱의 엔진을 이번 세션에만 보냅니다.",
        "With --send-engine, this app's engine is sent for this session only.",
    ),
    "cli.remote_kernel": ("커널: {where} (원격)", "Kernel: {where} (remote)"),
})


def add_kernel_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--kernel", metavar="URL", default=None,
        help="run on a Jupyter Server / Kernel Gateway (token from TENSORNOTE_TOKEN; "
             "default: TENSORNOTE_KERNEL, else a local kernel)",
    )
    where.add_argument("--kernel-file", metavar="KERNEL_JSON", type=Path,
                       help="attach to an existing kernel through its connection file (e.g. over ssh -L)")
    parser.add_argument("--send-engine", action="store_true",
                        help="agree to send this app's engine to a remote kernel that lacks it "
                             "(this session only)")


def kernel_home(args: argparse.Namespace) -> KernelHome | None:
    """The home the options ask for; None for a local kernel. ValueError (worded) for a bad one."""
    file = getattr(args, "kernel_file", None)
    if file is not None:
        if not Path(file).is_file():
            raise ValueError(text("cli.kernel_file_missing", path=file))
        return KernelHome.from_file(file)
    url = getattr(args, "kernel", None) or os.environ.get("TENSORNOTE_KERNEL", "")
    if not url:
        return None
    return KernelHome.server(url, token=os.environ.get("TENSORNOTE_TOKEN", ""))


def open_kernel(args: argparse.Namespace, cwd: str | Path, timeout: float = 90.0) -> KernelSession:
    """A started, ready kernel where the options say, its engine checked. Raises KernelStartError (and
    ValueError) with a worded message; the caller shuts the session down."""
    home = kernel_home(args)
    if home is not None and home.url:
        for warning in url_warnings(home.url):
            sys.stderr.write(f"tensornote: {warning}\n")
    session = open_session(home, cwd)
    try:
        session.start()
        session.wait_ready(timeout)
        consent = (lambda _status: True) if getattr(args, "send_engine", False) else None
        ensure_engine(session, home, consent)
    except EngineMismatch as exc:
        session.shutdown()
        raise KernelStartError(f"{exc}\n{text('cli.send_engine_hint')}") from exc
    except BaseException:
        session.shutdown()
        raise
    if home is not None:
        sys.stderr.write(text("cli.remote_kernel", where=home.label) + "\n")
    return session


def is_remote(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "kernel_file", None) or getattr(args, "kernel", None)
                or os.environ.get("TENSORNOTE_KERNEL"))
