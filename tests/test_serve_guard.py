"""What the preview server refuses, and what it answers: paths that climb out of its
folder, links that lead out of it, other host names, live-reload connections from
other pages, and messages on that socket that are not its handshake."""

from __future__ import annotations

import asyncio
import json
import os
import socket

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


@pytest.mark.parametrize(
    "path",
    [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/..%5csite.yaml",
        "/en/%2e%2e/%2e%2e/content/one.en.md",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
    ],
)
def test_paths_that_climb_out_of_the_preview_are_not_found(shared_server, path):
    status, body = shared_server.get(path)
    assert status == 404
    assert "title:" not in body and "root:" not in body


def test_symlinks_leading_out_of_the_preview_are_not_followed(shared_server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve", encoding="utf-8")
    folder = shared_server.folder
    os.symlink(secret, folder / "leak.txt")
    os.symlink(tmp_path, folder / "leakdir")
    base = shared_server.base
    assert shared_server.get(base + "leak.txt")[0] == 404
    assert shared_server.get(base + "leakdir/secret.txt")[0] == 404
    os.symlink(folder / "robots.txt", folder / "inside.txt")  # a link that stays inside is fine
    assert shared_server.get(base + "inside.txt")[0] == 200


def test_requests_for_another_host_name_are_refused(shared_server):
    assert shared_server.get(shared_server.base, host="evil.example")[0] == 403
    assert shared_server.get(shared_server.base, host=f"attacker.example:{shared_server.port}")[0] == 403
    assert shared_server.get(shared_server.base, host=f"localhost:{shared_server.port}")[0] == 200
    assert shared_server.get(shared_server.base, host=f"127.0.0.1:{shared_server.port}")[0] == 200
    assert shared_server.get(shared_server.base, host="127.0.0.1:1")[0] == 403  # right name, wrong port


def test_the_machines_own_name_is_answered_as_its_address_is(shared_server):
    """Served with --host 0.0.0.0, a phone on the network that opened mylaptop.local:8000
    (or the name itself) was refused with a bare 403, where the address was answered."""
    for name in (socket.gethostname(), socket.gethostname() + ".local"):
        assert shared_server.get(shared_server.base, host=f"{name}:{shared_server.port}")[0] == 200, name
        assert (
            shared_server.get(shared_server.base, host=f"{name}.evil.example:{shared_server.port}")[0] == 403
        )


def test_live_reload_connections_only_from_the_preview_itself(shared_server):
    async def connect(origin: str) -> str:
        request = HTTPRequest(f"ws://127.0.0.1:{shared_server.port}/livereload", headers={"Origin": origin})
        try:
            connection = await websocket_connect(request)
        except Exception as exc:
            return f"refused: {exc}"
        connection.close()
        return "open"

    assert asyncio.run(connect(f"http://127.0.0.1:{shared_server.port}")) == "open"
    assert asyncio.run(connect("http://evil.example")).startswith("refused")
    assert asyncio.run(connect(f"http://evil.example:{shared_server.port}")).startswith("refused")
    assert asyncio.run(connect("null")).startswith("refused")


def test_odd_messages_on_the_live_reload_socket_are_ignored_without_a_traceback(shared_server):
    """Anything a page (or another program on this machine) sends that is not the
    handshake: the connection stays open, the editor's terminal stays quiet."""

    async def talk() -> str:
        request = HTTPRequest(
            f"ws://127.0.0.1:{shared_server.port}/livereload",
            headers={"Origin": f"http://127.0.0.1:{shared_server.port}"},
        )
        connection = await websocket_connect(request)
        for odd in ("not json", "[1, 2]", "null", '"hello"', "{}", '{"command": 7}', b"\xff\xfe"):
            await connection.write_message(odd, binary=isinstance(odd, bytes))
        await connection.write_message(json.dumps({"command": "hello", "protocols": []}))
        reply = await asyncio.wait_for(connection.read_message(), 5)
        connection.close()
        return reply

    reply = asyncio.run(talk())
    assert reply is not None and json.loads(reply)["command"] == "hello"  # still connected
    assert "Traceback" not in shared_server.output and "Error" not in shared_server.output
