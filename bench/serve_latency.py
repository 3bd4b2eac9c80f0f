"""End-to-end edit latency through the real preview server (`build.py serve`).

From the write of a marked paragraph to the marker being served at /en/<slug>/.
Unlike edit_latency.py this includes the file watcher's polling and debounce, so it
is what a writer sees; the in-process figure is what the builder itself costs.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SETTLE_S = 1.0  # between edits, so that one rebuild never absorbs the next edit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float) -> str | None:
    """The page's text, or None while the server is not answering it yet."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_until(predicate, timeout: float, interval: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def stop(server: subprocess.Popen, timeout: float) -> str:
    """Ctrl+C, so the server removes its temporary preview folder; kill only if it hangs.
    Returns how it ended, for the results."""
    server.send_signal(signal.SIGINT)
    try:
        return f"exit {server.wait(timeout=timeout)}"
    except subprocess.TimeoutExpired:
        # It runs with PYTHONFAULTHANDLER=1: SIGABRT makes it write where each thread is.
        server.send_signal(signal.SIGABRT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        print(f"  warning: the preview server ignored Ctrl+C for {timeout:.0f} s and was stopped;")
        print("  where it was is at the end of its log; its temporary folder may be left behind")
        return "killed"


def timed_edits(url: str, chapter: Path, edits: int, timeout: float, log: Path) -> list[float]:
    edit_s = []
    for number in range(1, edits + 1):
        time.sleep(SETTLE_S)
        marker = f"bench-serve-{number}-{secrets.token_hex(4)}"
        started = time.perf_counter()
        with open(chapter, "a", encoding="utf-8") as handle:
            handle.write(f"\n\nAn edited paragraph, {marker}.\n")
        # A request made while the server rebuilds waits for the rebuild to finish.
        if not wait_until(lambda m=marker: m in (fetch(url, timeout) or ""), timeout):
            raise SystemExit(f"edit {number} never reached {url}; see {log}")
        edit_s.append(time.perf_counter() - started)
    return edit_s


def measure(repo: Path, project: Path, slug: str, edits: int, log: Path, timeout: float = 900) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}/en/{slug}/"
    chapter = project / "content" / f"{slug}.en.md"
    original = chapter.read_bytes()
    command = [sys.executable, str(repo / "build.py"), "--project", str(project), "serve"]
    startup_s = None
    with open(log, "wb") as sink:
        started = time.perf_counter()
        server = subprocess.Popen(
            command + ["--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        )
        try:
            if not wait_until(lambda: fetch(url, timeout) is not None, timeout, interval=0.1):
                raise SystemExit(f"the preview server did not serve {url} within {timeout:.0f} s; see {log}")
            startup_s = time.perf_counter() - started
            edit_s = timed_edits(url, chapter, edits, timeout, log)
        finally:
            # A rebuild may still be running when Ctrl+C comes: allow a few builds' time.
            ended = stop(server, timeout=max(60.0, 3 * (startup_s or 0)))
            chapter.write_bytes(original)
    return {"slug": slug, "startup_s": startup_s, "edit_s": edit_s, "server_ended": ended}
