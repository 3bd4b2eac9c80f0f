"""The preview server under load: 50 clients while an editor keeps saving, ten times a
second, for 5 seconds (STORYSITE_LOAD_SECONDS): fifty saves, each one rebuilt as the
pages are read."""

from __future__ import annotations

import http.client
import os
import threading
import time

import pytest
from preview_server import RunningServer
from projects import chapter

CLIENTS = 50
SECONDS = float(os.environ.get("STORYSITE_LOAD_SECONDS", "5"))
SAVE_EVERY = 0.1  # seconds: every poll of the server (100 ms) finds a new save
PATHS = ("/", "/en/", "/en/one/", "/zh/one/", "/en/two/", "/en/sources/", "/en/feed.xml", "/sitemap.xml")


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


class Client(threading.Thread):
    """One reader: keeps a connection open and fetches pages until told to stop."""

    def __init__(self, server: RunningServer, stop: threading.Event, number: int):
        super().__init__(daemon=True)
        self.port, self.base, self.stop, self.number = server.port, server.base, stop, number
        self.ok, self.failures = 0, []

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        index = self.number
        while not self.stop.is_set():
            path = self.base + PATHS[index % len(PATHS)].lstrip("/")
            index += 1
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.failures.append(f"{path}: {type(exc).__name__}: {exc}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            problem = self.check(path, response.status, body)
            if problem:
                self.failures.append(problem)
            else:
                self.ok += 1
        connection.close()

    @staticmethod
    def check(path: str, status: int, body: bytes) -> str:
        if status != 200:
            return f"{path}: status {status}"
        if path.endswith(".xml"):
            complete = body.startswith(b"<?xml") and body.rstrip().endswith((b"</feed>", b"</urlset>"))
        else:
            complete = body.startswith(b"<!DOCTYPE html>") and body.rstrip().endswith(b"</html>")
        return "" if complete else f"{path}: a page cut short ({len(body)} bytes)"


@pytest.mark.slow
def test_fifty_clients_while_saving_see_no_failure_and_no_half_written_page(project):
    server = RunningServer(project)
    try:
        server.wait_for_output(r"serving http://")
        server.wait_for_page("/en/one/", lambda page: True)
        stop = threading.Event()
        clients = [Client(server, stop, number) for number in range(CLIENTS)]
        for client in clients:
            client.start()
        memory = []
        deadline = time.monotonic() + SECONDS
        saves = 0
        while time.monotonic() < deadline:
            body = "## The start\n\n" + f"Save number {saves} [@alpha].\n\n" * (1 + saves % 40)
            project.write("content/one.en.md", chapter(f"One, save {saves}", 1, body))
            saves += 1
            memory.append(rss_kib(server.process.pid))
            time.sleep(SAVE_EVERY)
        stop.set()
        for client in clients:
            client.join(timeout=30)
        failures = [f for client in clients for f in client.failures]
        served = sum(client.ok for client in clients)
        assert failures == [], failures[:10]
        assert served > CLIENTS * 10, f"only {served} pages served"
        assert server.process.poll() is None
        assert "preview rebuilt" in server.output
        settled, final = memory[len(memory) // 4], max(memory[-len(memory) // 4 :])
        assert final < settled + 60 * 1024, f"memory grew from {settled} KiB to {final} KiB"
        server.wait_for_page("/en/one/", lambda page: f"One, save {saves - 1}" in page)
    finally:
        server.stop()
