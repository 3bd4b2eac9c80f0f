"""The preview server (tests/test_serve.py, tests/test_serve_load.py): `python build.py
serve` in a real process, spoken to over HTTP."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from projects import build_py

from storysite.config import load_config

WAIT_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningServer:
    """`python build.py serve` in its own process; its terminal output collected."""

    def __init__(self, project, port: int | None = None, ignore_ctrl_c: bool = False):
        self.port = port or free_port()
        self.base = load_config(project.root).base_path  # the pages are served under it
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            build_py("--project", str(project.root), "serve", "--port", str(self.port)),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_ctrl_c else None,
        )
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_output(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            match = re.search(pattern, self.output)
            if match:
                return match
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in the server's output:\n{self.output}")

    @property
    def folder(self) -> Path:
        return Path(self.wait_for_output(r"preview folder: (.+)").group(1))

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        """A raw GET: the path is sent exactly as given, never normalised."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        headers = {"Host": host} if host else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, body

    def wait_for_page(self, path: str, predicate) -> str:
        """The page at a path of the site ('/en/one/'), once it satisfies predicate."""
        deadline = time.monotonic() + WAIT_SECONDS
        body = ""
        while time.monotonic() < deadline:
            status, body = self.get(self.base + path.lstrip("/"))
            if status == 200 and predicate(body):
                return body
            time.sleep(0.1)
        raise AssertionError(f"{path} never matched; last body:\n{body[:2000]}\nserver:\n{self.output}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
