"""The CLI's failures are clear, worded and never a traceback (issue 11, part B: F10, F11, --lang).

Real subprocesses of ``python -m app``; the vaults are written here. Tests run as root, which reads any
file and folder, so "unreadable" is made of what root can't read either: a FIFO, a broken symlink, a
symlink loop named like a note; permission bits are used only when not root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HANGUL = range(0xAC00, 0xD7A4)


def app(*args: str, lang: str = "en", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "en_US.UTF-8" if lang == "en" else "ko_KR.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("TENSORNOTE_LANG", None)
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env=env)


def has_hangul(text: str) -> bool:
    return any(ord(ch) in HANGUL for ch in text)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "fine.md").write_text("# fine\n\n$x^2$\n", encoding="utf-8")
    return root


def test_a_fifo_named_like_a_note_is_a_clear_error(vault: Path) -> None:
    os.mkfifo(vault / "pipe.md")
    done = app("check", str(vault), "--json", "--strict", timeout=30)  # reading it would block forever
    assert done.returncode == 1, done.stderr
    notes = {n["path"]: n for n in json.loads(done.stdout.strip().splitlines()[-1])["notes"]}
    assert notes["fine.md"]["code_errors"] == []
    (reason,) = notes["pipe.md"]["code_errors"]
    assert "Not a regular file" in reason and "pipe.md" in reason and not has_hangul(reason)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["broken", "loop"])
def test_a_dangling_or_looping_link_is_a_clear_error(vault: Path, kind: str) -> None:
    link = vault / "gone.md"
    link.symlink_to(vault / "nowhere.md" if kind == "broken" else link)
    done = app("check", str(vault), "--json", "--strict")
    assert done.returncode == 1, done.stderr
    notes = {n["path"]: n for n in json.loads(done.stdout.strip().splitlines()[-1])["notes"]}
    (reason,) = notes["gone.md"]["code_errors"]
    assert reason.startswith("Can't read the note") and "gone.md" in reason
    plain = app("check", str(link))  # the note itself, given on the command line
    assert plain.returncode == 0 and "Can't read the note" in plain.stdout and "Traceback" not in plain.stderr
    assert app("check", str(link), "--strict").returncode == 1


def test_an_unreadable_folder_is_reported_and_strict_fails(vault: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root lists any folder")
    sub = vault / "locked"
    sub.mkdir()
    (sub / "hidden.md").write_text("# h\n", encoding="utf-8")
    sub.chmod(0)
    try:
        done = app("check", str(vault), "--json", "--strict")
        assert done.returncode == 1
        data = json.loads(done.stdout.strip().splitlines()[-1])
        assert data["unreadable"][0]["path"] == "locked"
        vault.chmod(0)
        whole = app("check", str(vault), "--json", "--strict")
        assert whole.returncode == 2 and "Can't read the folder" in whole.stderr and whole.stdout == ""
    finally:
        vault.chmod(0o755)
        sub.chmod(0o755)


def test_the_walk_records_folders_it_could_not_list(tmp_path: Path) -> None:
    """The vault's own record of unreadable folders (the path ``check`` and the window read), fed by a
    folder that disappears between being listed and being read, which even root can't read."""
    from app.vault import Vault

    root = tmp_path / "v"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("# a\n", encoding="utf-8")
    vault = Vault(root)
    assert vault.unreadable == []
    real_scandir = os.scandir

    def vanishing(path: object = ".") -> object:
        if str(path).endswith("sub"):
            (root / "sub").rmdir()
        return real_scandir(path)  # type: ignore[arg-type]

    os.scandir = vanishing  # type: ignore[assignment]
    try:
        vault.refresh()
    finally:
        os.scandir = real_scandir
    assert [(p.name, bool(reason)) for p, reason in vault.unreadable] == [("sub", True)]
    assert [p.name for p in vault.notes()] == ["a.md"]


# ---- F11: run --json always prints its JSON; Ctrl+C is exit 130 without a traceback -----------------
DYING = """# dies

```python
x = 1
print("before")
```

```python
import os
y = 2
os._exit(3)
```
"""


@pytest.mark.slow
@pytest.mark.parametrize("which", [["--all"], ["--block", "1"]])
def test_run_json_reports_the_kernel_death_as_the_block_error(tmp_path: Path, which: list[str]) -> None:
    note = tmp_path / "dies.md"
    note.write_text(DYING, encoding="utf-8")
    done = app("run", str(note), *which, "--json", timeout=180)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["note"] == str(note)
    blocks = {b["index"]: b for b in data["blocks"]}
    assert blocks[1]["error"]["type"] == "KernelDied"
    assert "exit code 3" in blocks[1]["error"]["message"] and not has_hangul(blocks[1]["error"]["message"])
    # the lines that finished before the death (the last one's event may die with the kernel)
    assert [line["line"] for line in blocks[1]["lines"]] in ([9], [9, 10])
    if which == ["--all"]:
        assert blocks[0]["error"] is None and blocks[0]["lines"][1]["stdout"] == "before\n"


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_run_json_is_printed_when_no_kernel_can_start(tmp_path: Path, lang: str) -> None:
    note = tmp_path / "one.md"
    note.write_text("# one\n\n```python\nx = 1\n```\n", encoding="utf-8")
    server = f"http://127.0.0.1:{_closed_port()}"
    done = app("run", str(note), "--json", "--kernel", server, lang=lang, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["note"] == str(note) and data["blocks"] == []
    assert data["error"]["type"] == "KernelStartError"
    assert "127.0.0.1" in data["error"]["message"] and data["error"]["message"] in done.stderr
    assert has_hangul(data["error"]["message"]) == (lang == "ko")  # worded in the CLI's language
    missing = app("run", str(note), "--json", "--kernel-file", str(tmp_path / "gone.json"))
    assert missing.returncode == 2
    data = json.loads(missing.stdout.strip().splitlines()[-1])
    assert data["blocks"] == [] and "gone.json" in data["error"]["message"]


@pytest.mark.slow
@pytest.mark.parametrize(("locale", "flag", "words", "other"), [
    ("en", "ko", "줄바꿈 없는 공백(U+00A0) 2개를 공백으로 바꿈", "no-break"),
    ("ko", "en", "replaced 2 no-break space(s) (U+00A0) with spaces", "공백"),
])
def test_run_lang_reaches_the_kernel_s_own_words(
    tmp_path: Path, locale: str, flag: str, words: str, other: str
) -> None:
    """The repair notes are worded in the kernel: --lang must hold there too, whatever the locale."""
    note = tmp_path / "pasted.md"
    note.write_text("# pasted\n\n```python\nif True:\n\u00a0\u00a0x = 1\n```\n", encoding="utf-8")
    done = app("run", str(note), "--lang", flag, lang=locale, timeout=180)
    assert done.returncode == 0, done.stderr
    assert words in done.stdout and other not in done.stdout, done.stdout


@pytest.mark.slow
def test_ctrl_c_ends_a_run_cleanly_with_130(tmp_path: Path) -> None:
    note = tmp_path / "loop.md"
    note.write_text("# loop\n\n```python\nimport time\nprint('started', flush=True)\n"
                    "while True:\n    time.sleep(0.05)\n```\n", encoding="utf-8")
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    proc = subprocess.Popen([sys.executable, "-m", "app", "run", str(note)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        import time

        deadline = time.monotonic() + 120
        # the kernel is up once the block runs; its line events are not printed until the end, so wait
        # for the kernel's process to appear as a child, then a little longer for the block to start
        while time.monotonic() < deadline and not _children(proc.pid):
            time.sleep(0.2)
        time.sleep(8)
        proc.send_signal(2)  # SIGINT, what Ctrl+C sends
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Interrupted" in err


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


# ---- F5: the CLI speaks the locale or --lang, output and errors alike --------------------------------
@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_chooses_the_cli_language(vault: Path, where: str) -> None:
    (vault / "bad.md").write_text("# bad\n\n[[nowhere]]\n", encoding="utf-8")
    english = app("check", str(vault))
    assert "Unresolved link" in english.stdout and not has_hangul(english.stdout.replace("bad.md", ""))
    korean = app("check", str(vault), lang="ko")
    assert "연결되지 않은 링크" in korean.stdout
    flag = ["--lang", "ko", "check", str(vault)] if where == "before" else \
        ["check", str(vault), "--lang", "ko"]
    assert "연결되지 않은 링크" in app(*flag).stdout
    missing = app("--lang", "en", "check", str(vault / "none"), lang="ko")
    assert missing.returncode == 2 and "No such path" in missing.stderr
