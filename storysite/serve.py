"""`python build.py serve`: build with drafts, serve with live reload, rebuild on save.

The preview is built into its own temporary folder, so drafts never reach the
published output, and only that folder is served. A save that breaks the build
leaves the last good preview being served with the problem laid over every
page; the next good save recovers without a restart.

Safe by default: the server answers only to its own address (a page on
another site cannot reach it through DNS rebinding: wrong Host header, 403),
accepts live-reload connections only from its own pages, and never serves a
file outside the preview folder, whatever the URL or a symlink says.
"""

from __future__ import annotations

import errno
import gc
import ipaddress
import json
import mimetypes
import os
import re
import socket
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web

from .preview import PreviewBuilder
from .watcher import WATCHED, SaveWatcher

LOOPBACK = ("127.0.0.1", "localhost", "::1")
POLL_MILLISECONDS = 100  # saves closer together than this make one rebuild
LIVE_SCRIPT = b'<script src="/livereload.js?port=%d"></script>'  # the preview server's only script
# Served while nothing has been built (the first build failed): it reloads, as every page
# does, once a save fixes the project.
NOT_BUILT = (
    b"<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>"
)
BODY_TAG_RE = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
HTML_LANG_RE = re.compile(rb"""<html\b[^>]*\blang=["']?([A-Za-z0-9-]+)""", re.IGNORECASE)


def bind_problem(host: str, port: int) -> str | None:
    """Why the preview cannot listen at host:port, in words an editor can act on, or
    None if it can: a port in use is one thing, an address this machine does not have
    (or a host name that names none) another."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except socket.gaierror:  # neither an address nor a name that resolves
        return f"--host {host}: {NOT_OURS}"
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8000
            return f"port {port} on {host} is in use: try python build.py serve --port {other}"
        if exc.errno == errno.EADDRNOTAVAIL:
            return f"--host {host}: {NOT_OURS}"
        if exc.errno == errno.EACCES:
            return f"port {port} needs administrator rights here: choose one above 1023, e.g. --port 8000"
        return f"cannot listen on {host} port {port}: {exc.strerror or exc}"
    return None


NOT_OURS = "not an address of this machine; leave --host out (127.0.0.1), or give one of its addresses"


def allowed_host(header: str, served_host: str, port: int) -> bool:
    """Host headers this server answers: its own address, localhost, this machine's own
    name (a phone on the network opens mylaptop.local:8000 when serving --host 0.0.0.0),
    or an IP literal, with its port. A domain name pointing here (DNS rebinding) is refused."""
    try:
        parts = urlsplit(f"//{header}")
        host, header_port = parts.hostname, parts.port
    except ValueError:
        return False
    if host is None or (header_port or 80) != port:
        return False
    machine = socket.gethostname().lower()
    if host in (served_host.lower(), "localhost", machine, f"{machine}.local"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _HostGuard:
    """Mixed into every handler: refuse requests addressed to another name."""

    def prepare(self):
        settings = self.application.settings
        if not allowed_host(self.request.host, settings["served_host"], settings["served_port"]):
            raise web.HTTPError(403, reason="Host not allowed")
        return super().prepare()


class GuardedLiveReload(_HostGuard, LiveReloadHandler):
    def on_message(self, message):
        """livereload.js's handshake; anything else sent on the socket (not JSON, or JSON
        without a command) is ignored, where the library's handler printed a traceback
        in the editor's terminal for each message and dropped the connection."""
        try:
            said = json.loads(message)
        except ValueError:  # not JSON, or bytes that are not UTF-8
            return None
        if not isinstance(said, dict) or not isinstance(said.get("command"), str):
            return None
        return super().on_message(message)

    def check_origin(self, origin: str) -> bool:
        """Only the preview's own pages may open the live-reload connection."""
        settings = self.application.settings
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and allowed_host(
            parts.netloc, settings["served_host"], settings["served_port"]
        )


class GuardedLiveReloadJS(_HostGuard, LiveReloadJSHandler):
    pass


class PreviewPageHandler(_HostGuard, web.RequestHandler):
    """Files of the preview folder, with the live-reload script and any error overlay."""

    def initialize(self, root: Path, builder: PreviewBuilder, port: int):
        self.root = os.path.realpath(root)
        self.builder = builder
        self.port = port

    def get(self, path: str):
        """The site is served where it will be published: under base_url's path."""
        # Tornado hands over the path decoded (%20 is a space), so base_url's path is
        # compared decoded too; the browser is sent to it as base_url spells it.
        base = unquote(self.builder.base_path)
        url_path = "/" + path
        if not url_path.startswith(base):
            if base.startswith(url_path) and url_path.endswith("/"):  # /, or a folder above the site
                return self.redirect(self.builder.base_path)
            if url_path + "/" == base:
                return self.redirect(self.builder.base_path)
            path = None
        else:
            path = url_path[len(base) :]
        target = None if path is None else self._resolve(path)
        status = 200
        if target is None:
            target, status = self._resolve("404.html"), 404
        if target is None:
            return self._send(NOT_BUILT, "text/html", 404)
        with open(target, "rb") as handle:
            data = handle.read()
        return self._send(data, mimetypes.guess_type(target)[0] or "application/octet-stream", status)

    def head(self, path: str):
        return self.get(path)

    def _resolve(self, path: str) -> str | None:
        """The file a URL path names, or None: nothing outside the folder, however spelt."""
        if "\\" in path or "\0" in path or any(part in ("..", ".") for part in path.split("/")):
            return None
        candidate = os.path.join(self.root, path)
        if path == "" or path.endswith("/") or os.path.isdir(candidate):
            candidate = os.path.join(candidate, "index.html")
        real = os.path.realpath(candidate)
        if os.path.commonpath([self.root, real]) != self.root or not os.path.isfile(real):
            return None
        return real

    def _send(self, data: bytes, content_type: str, status: int):
        if content_type == "text/html":
            data = self._decorate(data)
            content_type = "text/html; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(data)

    def _decorate(self, page: bytes) -> bytes:
        page = page.replace(b"</head>", LIVE_SCRIPT % self.port + b"</head>", 1)
        page = with_banner(page, self.builder.banners)
        overlay = self.builder.overlay()
        if overlay:
            page = page.replace(b"</body>", overlay.encode("utf-8") + b"</body>", 1)
            if b"</body>" not in page:
                page += overlay.encode("utf-8")
        return page

    def write_error(self, status_code: int, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


def with_banner(page: bytes, banners: dict[str, bytes]) -> bytes:
    """The page with the preview's banner, in the page's language, first in its body: the
    pages in the preview folder are the very pages a build makes."""
    body = BODY_TAG_RE.search(page)
    if not banners or body is None:
        return page
    lang = HTML_LANG_RE.search(page, 0, body.start())
    banner = banners.get(lang.group(1).decode("ascii", "replace") if lang else "") or next(
        iter(banners.values())
    )
    return page[: body.end()] + banner + page[body.end() :]


class PreviewServer:
    """Tornado serving the preview folder, livereload's protocol for the reloads."""

    def __init__(self, project: Path, out: Path, builder: PreviewBuilder):
        self.out = out
        self.builder = builder
        self.watcher = SaveWatcher([project / name for name in WATCHED], builder.cache.files)

    def application(self, host: str, port: int) -> web.Application:
        LiveReloadHandler.watcher = Watcher()  # read by livereload's log lines only
        return web.Application(
            handlers=[
                (r"/livereload", GuardedLiveReload),
                (r"/livereload\.js", GuardedLiveReloadJS),
                (r"/(.*)", PreviewPageHandler, {"root": self.out, "builder": self.builder, "port": port}),
            ],
            served_host=host,
            served_port=port,
        )

    def poll(self) -> None:
        if self.watcher.changed() or self.builder.lost_its_folder():
            with self.builder.cache.files.holding(self.watcher.seen):  # as the scan saw them
                self.builder()
            LiveReloadHandler.reload_waiters("*")
        self.builder.step_index()  # the search index, once saves pause: read by the next search

    def run(self, host: str, port: int) -> None:
        self.application(host, port).listen(port, address=host)
        shown = f"[{host}]" if ":" in host else host
        print(
            f"serving http://{shown}:{port}{self.builder.base_path} (Ctrl+C to stop)",
            file=sys.stderr,
            flush=True,
        )  # listening now
        ioloop.PeriodicCallback(self.poll, POLL_MILLISECONDS).start()
        ioloop.IOLoop.current().start()


def serve(project: Path, host: str, port: int) -> int:
    problem = bind_problem(host, port)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if host not in LOOPBACK:
        print(
            f"warning: serving on {host}: anyone who can reach this machine can see drafts", file=sys.stderr
        )
    with tempfile.TemporaryDirectory(prefix="storysite-preview-") as temp:
        out = Path(temp) / "site"
        rebuild = PreviewBuilder(project, out)
        rebuild()
        settle_heap()
        print(f"preview folder: {out}", file=sys.stderr)
        try:
            PreviewServer(project, out, rebuild).run(host, port)
        finally:
            rebuild.cache.save()
    return 0


def settle_heap() -> None:
    """The server owns its process: what the first build made (the cache, the compiled
    templates, Babel's locale data) lives as long as it does, so it is left out of the
    garbage collector's full passes, which would otherwise walk it again every other
    save (about 50 ms at 1,000 chapters). The collector stays on; builds don't touch it."""
    gc.collect()
    gc.freeze()
