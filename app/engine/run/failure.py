"""A failed run reports fast and small, whatever the failure: a RecursionError, a message of 100,000
characters, a traceback of 1,000 frames through ``nn.Module.__call__``.

Python's own traceback printer folds *identical* consecutive frames ("[Previous line repeated 996 more
times]"), but a recursion through a module call alternates between frames and is printed in full
(116 KB measured); a ``ValueError("boom " * 20000)`` is 100 KB of message. Both then cross the kernel as
JSON and fill the panel. Here the message keeps its head (``MAX_MESSAGE_CHARS``) and the traceback its
first and last frames (``HEAD_FRAMES`` + ``TAIL_FRAMES``) with the count of those left out in between.

Also the run's own worded errors (interrupted, out of memory, CUDA), as coded messages: the kernel words
them in the language the UI gave it (``TENSORNOTE_LANG``), and the code travels with the text.
"""

from __future__ import annotations

import traceback

from app.i18n import messages, text

MAX_MESSAGE_CHARS = 2000
HEAD_FRAMES = 8
TAIL_FRAMES = 12

messages({
    "run.interrupted": ("사용자가 실행을 중단했습니다.", "The run was interrupted."),
    "run.memory_hint": ("메모리가 부족합니다. 배치나 크기를 줄여 보세요. 커널은 계속 쓸 수 있습니다.",
                        "Out of memory: try a smaller batch or size. The kernel can still be used."),
    "run.cuda_hint": ("CUDA 오류입니다. 계속 문제가 생기면 커널을 재시작하세요.",
                      "A CUDA error. If it keeps happening, restart the kernel."),
    "run.cut_message": ("… ({count}자 생략)", "… ({count} more characters)"),
    "run.cut_frames": ("  … 프레임 {count}개 생략 …\n", "  … {count} frames left out …\n"),
})


def short_message(message: str) -> str:
    """``message`` cut to ``MAX_MESSAGE_CHARS`` with the number of characters left out."""
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    return message[:MAX_MESSAGE_CHARS] + text("run.cut_message", count=len(message) - MAX_MESSAGE_CHARS)


def format_traceback(frames: list[traceback.FrameSummary], exc: BaseException) -> str:
    """The traceback text of ``frames`` then ``exc``: at most ``HEAD_FRAMES + TAIL_FRAMES`` frames."""
    frames = list(frames)
    if len(frames) > HEAD_FRAMES + TAIL_FRAMES:
        left_out = len(frames) - HEAD_FRAMES - TAIL_FRAMES
        parts = [*traceback.format_list(frames[:HEAD_FRAMES]), text("run.cut_frames", count=left_out),
                 *traceback.format_list(frames[-TAIL_FRAMES:])]
    else:
        parts = traceback.format_list(frames)
    only = traceback.format_exception_only(exc)
    return "".join(parts) + short_message("".join(only))



def worded(code: str) -> str:
    """One of this module's run messages in the kernel's language (``run.interrupted``…)."""
    return text(code)
