"""The kernel options every kernel-using subcommand shares: where its kernel runs.

``--kernel URL`` (or ``TENSORNOTE_KERNEL=URL``) runs it on a Jupyter Server or Kernel Gateway; the token
comes from ``TENSORNOTE_TOKEN`` only (never a flag: a flag shows in ``ps`` and in shell history).
``--kernel-file kernel.json`` attaches to an existing kernel (e.g. one behind ``ssh -L``). Without them,
the kernel is local, as ever. ``--send-engine`` is the user's consent to send this app's engine to a
remote kernel that lacks it or has another version; without it such a kernel is refused with a message
and nothing runs there.

Used by ``run``, ``trace``, ``grad`` and ``train``: ``add_kernel_arguments(parser)`` then
``open_kernel(args, cwd)`` (started, ready, engine checked; the caller shuts it down). A subcommand that
computes in its own process (``train``, ``grad``) runs remotely with :func:`main_in_kernel`: the same
``main`` runs inside the kernel, on the note's text (sent along, since the kernel's disk is not this one),
and its output streams back.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.i18n import language, messages, text
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
    parser.add_argument("--kernel-name", metavar="NAME", default="python3",
                        help="the server's kernelspec to start (default python3)")
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
    name = getattr(args, "kernel_name", None) or "python3"
    return KernelHome.server(url, token=os.environ.get("TENSORNOTE_TOKEN", ""), kernel_name=name)


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


_IN_KERNEL = """\
def _tn_cli(module, options, note_key, note_name, note_text, lang):
    import argparse, base64, importlib, pathlib, shutil, tempfile
    from IPython.display import display
    from app.i18n import set_language
    set_language(lang)  # the command's words in the user's language, whatever the server's locale
    folder = tempfile.mkdtemp(prefix="tensornote-cli-")
    home = pathlib.Path(tempfile.gettempdir()) / "tensornote-notes" / note_key  # stable per note
    out = None
    try:
        if note_name:
            home.mkdir(parents=True, exist_ok=True)
            note = home / note_name
            note.write_text(note_text, encoding="utf-8")
            options["note"] = note
        if options.get("out"):
            out = options["out"] = pathlib.Path(folder) / ("out-" + pathlib.Path(options["out"]).name)
        code = importlib.import_module(module).main(argparse.Namespace(**options))
        data = base64.b64encode(out.read_bytes()).decode() if out is not None and out.exists() else None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    result = {{"code": code, "out": data}}
    display({{"application/vnd.tensornote+json": {{"ok": True, "result": result}}}}, raw=True)
_tn_cli({module!r}, {options!r}, {note_key!r}, {note_name!r}, {note_text!r}, {lang!r})
del _tn_cli
"""


def main_in_kernel(args: argparse.Namespace, module: str, note: Path | None = None) -> int:
    """Run ``module.main(args)`` (a CLI subcommand) in the kernel the options name; its exit code.

    The kernel options are left out of the arguments it gets; Path values travel as text. ``note`` (the
    ``args.note`` file) is sent as text and read there from a temporary copy of the same name, at a path
    that is the same on every run for this note (what ``train`` saves per note, ``trace --weights trained``
    finds again); an ``args.out`` file is written there in a temporary folder and comes back here.
    """
    import base64
    import hashlib

    from app.cli import fail
    from app.kernel.replies import rpc_result
    from app.kernel.session import KernelCallError

    options = {
        key: (str(value) if isinstance(value, Path) else value)
        for key, value in vars(args).items()
        if key not in ("kernel", "kernel_file", "kernel_name", "send_engine", "func", "command")
    }
    options["in_kernel"] = True  # there, is_remote() is False whatever that machine's environment says
    try:
        note_text = note.read_text(encoding="utf-8") if note is not None else ""
        session = open_kernel(args, note.resolve().parent if note is not None else Path.cwd())
    except (KernelStartError, ValueError, OSError) as exc:
        return fail(str(exc))

    def echo(name: str, output: str) -> None:
        (sys.stderr if name == "stderr" else sys.stdout).write(output)

    note_key = hashlib.sha1(str(note.resolve()).encode("utf-8")).hexdigest()[:12] if note else ""
    code = _IN_KERNEL.format(module=module, options=options, note_key=note_key,
                             note_name=note.name if note else "", note_text=note_text, lang=language())
    try:
        answer = rpc_result(session.execute(code, echo), module) or {}
    except (KernelCallError, KernelStartError) as exc:
        return fail(str(exc))
    finally:
        session.shutdown()
    out = getattr(args, "out", None)
    if out is not None and answer.get("out"):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_bytes(base64.b64decode(answer["out"]))
    return int(answer.get("code") or 0)


def is_remote(args: argparse.Namespace) -> bool:
    """Whether the options (or TENSORNOTE_KERNEL) ask for a remote kernel (never inside that kernel)."""
    if getattr(args, "in_kernel", False):
        return False
    return bool(getattr(args, "kernel_file", None) or getattr(args, "kernel", None)
                or os.environ.get("TENSORNOTE_KERNEL"))
