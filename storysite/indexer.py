"""Pagefind's binary, run as a service: one process per Python process, spoken to
over a pipe, asked for an index's files in memory.

Its first page in Chinese costs it a third of a second (loading its segmenter's
dictionary), every later index some tens of milliseconds. A build therefore starts
it, and has it read that dictionary, in a thread of its own while the site is
rendered (warm_up): the build waits for Pagefind only as long as it has left.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import subprocess
import threading

NICENESS = 10  # Pagefind's share of a busy machine: a build waits for it anyway
WARM_UP_TEXT = "淘宝村 Taobao villages"  # loads every language's segmenter: Han and Latin
# What a page shows that is no part of its text: the citations' and asides' marks (with
# their words for screen readers, "Note 2", 注2), the notes' links back, and the pull
# quotes, which repeat a line. Indexed, an excerpt read "$212 Note 3, Note 5. Aside c".
# Nor are a chapter's "Chapter 2 of 4" and its line of dates, nor each note's link "About
# this source": a chapter's excerpt began "of 4. The shop that started..." or read
# "发布于2026年11月22日 · 更新于2026年12月2日 · 阅读约5分钟".
NOT_TEXT = [
    *("sup.cite", ".aside-ref", ".backref", ".aside-backref", ".pullquote"),
    *(".chapter-header .kicker", ".chapter-header .meta", ".about-source"),
]


def index(pages: list[dict]) -> list[tuple[str, bytes]]:
    """(path, bytes) of every file Pagefind makes of these pages (its AddFile and
    AddRecord requests, without an index_id); raises OSError,
    ValueError or PagefindError when it is missing, crashed or refused a record."""
    with _SERVICE_LOCK:  # the preview indexes in a thread of its own
        try:
            return _service().index(pages)
        except (OSError, ValueError, PagefindError):
            _stop_service()  # the next index starts a new one
            raise


def warm_up(languages: list[str]) -> None:
    """Start Pagefind, if it is not running, and have it index a line in each language
    (as Pagefind names them), in the background: the next index() waits for this."""
    _SERVICE_LOCK.acquire()  # taken here, so that no index() can come first
    threading.Thread(target=_warm, args=(languages,), daemon=True).start()


def _warm(languages: list[str]) -> None:
    try:
        service = _service()
        if not set(languages) <= service.warmed:
            service.index([warm_up_page(language) for language in languages])
            service.warmed.update(languages)
    except (OSError, ValueError, PagefindError):
        _stop_service()  # index() starts it again, and says what is wrong
    finally:
        _SERVICE_LOCK.release()


def warm_up_page(language: str) -> dict:
    return {"type": "AddRecord", "url": "/", "content": WARM_UP_TEXT, "language": language, "meta": {}}


# One Pagefind process per Python process, started when first needed: its first Chinese
# page costs it about a second (loading the segmenter's dictionary), every later index
# of the preview, or of builds in one process, some tens of milliseconds.
_SERVICE: list[PagefindService] = []
_SERVICE_LOCK = threading.Lock()


def _service() -> PagefindService:
    binary = _binary()
    if not _SERVICE or _SERVICE[0].process.poll() is not None or _SERVICE[0].binary != binary:
        _stop_service()
        _SERVICE.append(PagefindService(binary))
        atexit.register(_stop_service)
    return _SERVICE[0]


def _binary() -> str:
    """Pagefind's extended binary, from pagefind[extended] (or PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # said as the other ways Pagefind can be missing are, not as a traceback
        raise PagefindError("Pagefind's Python package is not installed") from None
    binary = get_executable()
    if binary is None:
        raise PagefindError("Pagefind's binary is not installed")
    return str(binary)


def chosen_binary() -> str:
    """The binary PAGEFIND_BINARY_PATH names instead of the installed one, as its path,
    size and time of change: another binary may index differently, so an index made by
    one is never taken for another's. '' when the installed package's binary is used."""
    path = os.environ.get("PAGEFIND_BINARY_PATH", "")
    if not path:
        return ""
    try:
        info = os.stat(path)
    except OSError:
        return path  # reported when the index is made
    return f"{path} {info.st_size} {info.st_mtime_ns}"


def _stop_service() -> None:
    while _SERVICE:
        _SERVICE.pop().close()


class PagefindError(Exception):
    """Pagefind answered a request with an error."""


class PagefindService:
    """Pagefind's binary in its service mode, spoken to one request at a time: a
    request and its answer are base64-encoded JSON, each ended by a comma.

    Pagefind's Python package speaks the same protocol, but waits a tenth of a second
    before reading each answer: 14 s for this site's 141 records, 0.4 s here."""

    def __init__(self, binary: str):
        self.binary = binary
        self.process = subprocess.Popen(
            [binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        if hasattr(os, "setpriority"):  # behind the preview's rebuilds, which a reader waits for
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self.process.pid, NICENESS)
        self.sent = 0
        self.warmed: set[str] = set()  # languages it has indexed a page in
        self.pending = bytearray()  # read, not yet answered
        self.scanned = 0  # how much of it holds no comma

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):  # what is left unwritten goes nowhere: Pagefind has stopped
                stream.close()

    def index(self, pages: list[dict]) -> list[tuple[str, bytes]]:
        config = {"keep_index_url": False, "exclude_selectors": NOT_TEXT}
        index_id = self.ask({"type": "NewIndex", "config": config})["index_id"]
        self.ask_all([{**page, "index_id": index_id} for page in pages])
        files = self.ask({"type": "GetFiles", "index_id": index_id})["files"]
        self.ask({"type": "DeleteIndex", "index_id": index_id})  # the process lives on: free it
        return [(file["path"], base64.b64decode(file["content"])) for file in files]

    def ask(self, payload: dict) -> dict:
        return self.ask_all([payload])[0]

    def ask_all(self, payloads: list[dict]) -> list[dict]:
        """Every request written at once (by a thread, so that neither side waits on a
        full pipe) while the answers are read: Pagefind works on several at a time,
        three times as fast as one by one."""
        first = self.sent + 1
        messages = []
        for payload in payloads:
            self.sent += 1
            message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
            messages.append(base64.b64encode(message) + b",")
        writer = threading.Thread(target=self._write, args=(messages,), daemon=True)
        writer.start()
        answers: dict[int, dict] = {}
        while len(answers) < len(messages):
            answer = json.loads(base64.b64decode(self._read_message()))
            if not answer:
                continue
            payload = answer["payload"]
            if payload["type"] == "Error" or answer.get("message_id") is None:
                raise PagefindError(payload.get("message", "unknown error"))
            answers[answer["message_id"]] = payload
        writer.join()
        return [answers[number] for number in range(first, self.sent + 1)]

    def _write(self, messages: list[bytes]) -> None:
        try:
            for message in messages:
                self.process.stdin.write(message)
            self.process.stdin.flush()
        except OSError:
            pass  # Pagefind stopped: the reader finds out and says so

    def _read_message(self) -> bytes:
        while True:
            end = self.pending.find(b",", self.scanned)
            if end >= 0:
                break
            self.scanned = len(self.pending)  # an answer of megabytes is searched once
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise PagefindError("Pagefind stopped before answering")
            self.pending += chunk
        message = bytes(self.pending[:end])
        del self.pending[: end + 1]
        self.scanned = 0
        return message
