"""`python build.py serve`: build with drafts, serve with live reload, rebuild on save.

The preview is built into its own temporary folder, so drafts never reach the
published output. A failed rebuild leaves the last good preview being served
and prints the problems; the next good save recovers without a restart.
"""

from __future__ import annotations

import fnmatch
import socket
import sys
import tempfile
from pathlib import Path

from livereload import Server

from .config import load_config
from .errors import Problems, SiteError
from .output import write_site
from .pipeline import render_outputs

WATCHED = ("site.yaml", "content", "templates", "static", "translations")
EDITOR_TEMP_FILES = ("*.swp", "*.swx", "*~", "4913", ".#*", "*.tmp")


def is_editor_temp_file(path: str) -> bool:
    name = Path(path).name
    return any(fnmatch.fnmatch(name, pattern) for pattern in EDITOR_TEMP_FILES)


class PreviewBuilder:
    def __init__(self, project: Path, out: Path):
        self.project = project
        self.out = out

    def __call__(self) -> bool:
        problems = Problems()
        try:
            config = load_config(self.project, self.out)
            write_site(render_outputs(config, problems, preview=True), self.out)
        except SiteError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print("preview not updated: still serving the last good build", file=sys.stderr)
            return False
        for warning in problems.warnings:
            print(warning, file=sys.stderr)
        print("preview rebuilt", file=sys.stderr)
        return True


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(project: Path, host: str, port: int) -> int:
    if not port_is_free(host, port):
        print(
            f"port {port} on {host} is in use: try python build.py serve --port {port + 1}", file=sys.stderr
        )
        return 1
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: serving on {host}: anyone who can reach this machine can see drafts", file=sys.stderr
        )
    with tempfile.TemporaryDirectory(prefix="storysite-preview-") as temp:
        out = Path(temp) / "site"
        rebuild = PreviewBuilder(project, out)
        if not rebuild():
            return 1
        server = Server()
        for name in WATCHED:
            server.watch(str(project / name), rebuild, delay=0.3, ignore=is_editor_temp_file)
        print(f"serving http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
        server.serve(host=host, port=port, root=str(out), restart_delay=0, open_url_delay=None)
    return 0
