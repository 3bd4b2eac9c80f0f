"""Fixtures and shared helpers: tiny bilingual projects written from strings, built with
the real command line's main() in this process (Project.run), or, for the few tests
that need a real process, with `python build.py` itself (Project.run_subprocess)."""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from storysite import cli, markup
from storysite.config import load_config

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
base_url: https://example.org/story/
feed_id: tag:example.org,2026:story
languages: [en, zh]
title: {en: Test Story, zh: 测试故事}
standfirst: {en: A story in two languages., zh: 一个双语故事。}
author: {en: Test Desk, zh: 测试编辑部}
"""

SOURCES_YAML = """\
alpha:
  outlet: {en: Alpha Daily, zh: 阿尔法日报}
  headline: Alpha headline
  date: 2021-05-12
  language: en
  note: A test source.
beta:
  outlet: Beta News
  headline: 贝塔标题
  headline_en: Beta headline
  date: "2017"
  language: zh
  url: https://beta.example.org/story
  note: {en: Another source., zh: 另一个来源。}
"""


def chapter(title: str, order: int | None, body: str, **extra) -> str:
    lines = ["---", f"title: {title}", f"summary: Summary of {title}."]
    if order is not None:
        lines.append(f"order: {order}")
    lines.append("updated: 2026-11-20")
    lines.extend(f"{key}: {value}" for key, value in extra.items())
    lines.append("---")
    return "\n".join(lines) + "\n" + textwrap.dedent(body).lstrip("\n")


DEFAULT_FILES = {
    "site.yaml": SITE_YAML,
    "content/sources.yaml": SOURCES_YAML,
    "content/one.en.md": chapter(
        "One",
        1,
        "## The start\n\nFirst fact [@alpha]. Second [@alpha; @beta].\n\nSee [two](two.en.md#later).\n",
    ),
    "content/one.zh.md": chapter("第一章", None, "## 开始\n\n第一个事实[@beta]。\n"),
    "content/two.en.md": chapter("Two", 2, "## Later\n\nMore [@beta].\n"),
    "content/two.zh.md": chapter("第二章", 2, "## 后来\n\n更多[@alpha]。\n"),
}


LABELS = {  # what a build reads from the interface text: note and aside labels, asides heading
    "en": {"note_label": "Note ", "aside_label": "Aside ", "back_to_aside": "Back to aside %(letter)s",
           "asides_heading": "Asides"},
    "zh": {"note_label": "注", "aside_label": "补充说明", "back_to_aside": "返回补充说明 %(letter)s",
           "asides_heading": "补充说明"},
}  # fmt: skip


def markup_context(
    lang: str = "en",
    chart_html=lambda chart_id: "<figure>chart</figure>",
    map_html=lambda map_id: "<figure>map</figure>",
):
    """A Markdown rendering context like the one a build makes, without a project."""
    return markup.Context(
        lang=lang,
        **LABELS[lang],
        chapter_url=lambda slug, to: f"/{to}/{slug}/",
        media_url=lambda path: "/" + path,
        chart_html=chart_html,
        map_html=map_html,
    )


def image_bytes(width: int, height: int, fmt: str = "JPEG", seed: int = 0) -> bytes:
    """A real image of the given size and format: a gradient, different for each seed."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.merge("RGB", (image.getchannel(0), image.getchannel(1).point(lambda v: (v + seed * 40) % 256),
                                image.getchannel(2).transpose(Image.Transpose.FLIP_LEFT_RIGHT)))  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def build_py(*args: str) -> list[str]:
    """The command line as an editor types it: `python build.py ...`."""
    return [sys.executable, str(REPO / "build.py"), *args]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: {relative path: bytes}."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def assert_clear_failure(result) -> None:
    """What an editor must see when the project is at fault: exit code 1, our messages, no traceback."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr


@contextlib.contextmanager
def environment(overrides: dict[str, str] | None):
    """os.environ with `overrides` for the duration of the block, then as it was."""
    overrides = overrides or {}
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _exit_status(code) -> tuple[int, str]:
    """SystemExit's code as the process's exit status, and what Python would print for it."""
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"


@dataclass
class Project:
    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace the first `old` in a file by `new`; `old` must be there."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="\n")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    @property
    def out(self) -> Path:
        return self.root / "_site"

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """The command line's main(), in this process, its output captured: what the
        editor would see, without starting Python again. `env` overrides os.environ
        for the duration of the call."""
        argv = ["--project", str(self.root), *args]
        stdout, stderr = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        with environment(env), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: --help, a bad argument
                code, message = _exit_status(exc.code)
                stderr.write(message)
            finally:
                os.chdir(cwd)
        return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())

    def run_subprocess(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """The real command line, in its own process, as an editor runs it."""
        return subprocess.run(
            build_py("--project", str(self.root), *args),
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, **(env or {})},
            timeout=120,
        )

    def build(self, *args: str) -> subprocess.CompletedProcess:
        result = self.run("build", *args)
        assert result.returncode == 0, result.stderr
        return result

    def page(self, url_path: str) -> str:
        path = self.out / url_path.strip("/")
        if path.suffix == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def leftovers(project: Project) -> list[str]:
    """Hidden folders a build leaves beside the output folder: none once it has finished."""
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith("._site") and p.is_dir())


PROJECT_PARTS = ("site.yaml", "content", "templates", "static", "translations")  # what `serve` watches


def new_project(root: Path, files: dict[str, str | bytes | None] | None = None) -> Project:
    """A project in `root` with the real templates, static files and interface text, and
    DEFAULT_FILES as its content, changed by `files` (None: the file is left out)."""
    for folder in ("templates", "static", "translations"):
        shutil.copytree(REPO / folder, root / folder)
    project = Project(root)
    for rel, text in {**DEFAULT_FILES, **(files or {})}.items():
        if text is not None:
            project.write(rel, text)
    return project


BYTECODE = pytest.StashKey[str]()


def pytest_configure(config):
    """The Python processes of a test run (the workers, and the `build.py` and preview
    servers the tests start) keep their compiled bytecode in one temporary folder where
    PYTHONDONTWRITEBYTECODE is set (this kind of machine sets it): each would otherwise
    compile the generator and its libraries again, half of its start-up. Set here, in
    the main process, before the workers start; nothing is written into the project."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or "PYTHONPYCACHEPREFIX" in os.environ:
        return
    config.stash[BYTECODE] = os.environ.pop("PYTHONDONTWRITEBYTECODE")
    os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="storysite-test-bytecode-")


def pytest_unconfigure(config):
    if BYTECODE in config.stash:
        shutil.rmtree(os.environ.pop("PYTHONPYCACHEPREFIX"), ignore_errors=True)
        os.environ["PYTHONDONTWRITEBYTECODE"] = config.stash[BYTECODE]


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory):
    """One cache folder for every project a test process builds (STORYSITE_CACHE): the
    keys hold everything a result came from, so sharing is safe, and it spares each small
    project compiling the templates and drawing the share cards again. Tests of the
    cache itself, and the staleness hunt, choose their own."""
    if "STORYSITE_CACHE" in os.environ:  # the person running the tests chose
        yield os.environ["STORYSITE_CACHE"]
        return
    folder = tmp_path_factory.mktemp("shared-cache") / "cache"
    os.environ["STORYSITE_CACHE"] = str(folder)
    yield str(folder)
    os.environ.pop("STORYSITE_CACHE", None)


@pytest.fixture
def make_project(tmp_path):
    """make_project({'content/x.en.md': '...'}) -> a Project with the real templates."""
    return lambda files=None: new_project(tmp_path / "project", files)


@pytest.fixture
def project(make_project) -> Project:
    return make_project()


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Project:
    """The default project, built once for a module whose tests only read it."""
    project = new_project(tmp_path_factory.mktemp("built") / "project")
    project.build()
    return project


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Project:
    """A copy of the real project, built once for the session; only read."""
    root = tmp_path_factory.mktemp("real") / "site"
    root.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    project = Project(root)
    project.build()
    return project


# The preview server (tests/test_serve.py, tests/test_serve_load.py): a real process,
# spoken to over HTTP.

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


# The real site in a real browser (tests/test_browser.py): built (real_site) and served
# once per session, read by one Chromium per module.

SCREENSHOTS = pytest.StashKey[Path]()


@dataclass
class ServedSite:
    out: Path  # the built folder
    origin: str  # http://127.0.0.1:PORT
    base_path: str
    pages: list  # browsing.SitePage, from the sitemap
    files: dict[str, Path]  # URL path -> HTML file, every one in the output

    def url(self, path: str) -> str:
        return self.origin + path


@pytest.fixture(scope="session")
def served_site(real_site):
    """The real project built with the real CLI, served on 127.0.0.1 on a free port."""
    from browsing import SiteServer, html_files, read_sitemap

    out = real_site.out
    base_path, pages = read_sitemap(out)
    with SiteServer(out, base_path) as server:
        yield ServedSite(out, server.origin, base_path, pages, html_files(out, base_path))


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, driven by Playwright; shared by the tests of a module.

    Not kept for the whole session: while Playwright's sync API is started it holds an
    asyncio event loop on the main thread, and other tests' asyncio.run() would fail.
    """
    from browsing import launch_chromium, start_playwright

    playwright = start_playwright()
    try:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def screenshot_dir(request, tmp_path_factory) -> Path:
    """Where the browser tests leave screenshots for a person to look at ($SCREENSHOT_DIR if set)."""
    chosen = os.environ.get("SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(SCREENSHOTS, None)
    if folder is not None and any(folder.glob("*.jpg")):
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(
            f"Screenshots of the cover, a chapter and the timeline: {folder.resolve()}"
        )


def pytest_sessionfinish(session):
    """In a worker of a parallel run: tell the main process where the screenshots are."""
    folder = session.config.stash.get(SCREENSHOTS, None)
    worker_output = getattr(session.config, "workeroutput", None)
    if folder is not None and worker_output is not None:
        worker_output["screenshots"] = str(folder)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the main process of a parallel run: the folder a worker reported, for the summary."""
    folder = getattr(node, "workeroutput", {}).get("screenshots")
    if folder:
        node.config.stash[SCREENSHOTS] = Path(folder)
