"""Fixtures and test-run hooks. The projects the tests build are made by tests/projects.py;
the preview server they start is tests/preview_server.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from projects import PROJECT_PARTS, REPO, Project, new_project


def pytest_configure(config):
    """The tests already keep every core busy (pytest-xdist): a build they run forks no
    workers of its own (STORYSITE_JOBS=1), unless a test asks for them or the person
    running the tests chose. Rendering on several cores has tests of its own.

    Where PYTHONDONTWRITEBYTECODE is set (this kind of machine sets it), it stays set:
    the libraries' bytecode, compiled when pip installed them, is read from beside
    them; a bytecode folder of the run's own (PYTHONPYCACHEPREFIX) would have each
    worker compile every library again (2 s a worker) to spare the few `build.py`
    processes the tests start compiling the generator (0.05 s each)."""
    os.environ.setdefault("STORYSITE_JOBS", "1")
    if not hasattr(config, "workerinput"):  # the controller, which chooses the workers' folders
        _temporary_files_in_memory(config)


def _temporary_files_in_memory(config) -> None:
    """The projects the tests write, build and delete (300 MB a run, in tens of thousands
    of small files) go to memory where the machine has it (/dev/shm): on this kind of
    machine's disk the run took 8 % longer. Not where the person running the tests chose
    a folder (--basetemp, PYTEST_DEBUG_TEMPROOT or TMPDIR)."""
    chosen = config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT") or os.environ.get("TMPDIR")
    memory = Path("/dev/shm")
    if not chosen and memory.is_dir() and os.access(memory, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(memory)


def pytest_collection_modifyitems(items):
    """The tests marked slow (seconds each) first: the last test a worker starts keeps the
    other waiting when it ends alone, so let that be a short one."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: else as collected


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


# The real site in a real browser (tests/test_browser.py): built (real_site) and served
# once per session, read by one Chromium per module.

SCREENSHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def served_site(real_site):
    """The real project built with the real CLI, served on 127.0.0.1 on a free port."""
    from browsing import ServedSite, SiteServer, html_files, read_sitemap

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


@pytest.fixture
def new_page(chromium):
    """new_page(width, height, **context options) -> a Playwright page in the module's
    Chromium, in a context of its own; closed after the test."""
    contexts = []

    def make(width=1280, height=800, **options):
        context = chromium.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


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


@pytest.fixture
def search_page(chromium, served_site):
    """A phone-sized page for the search tests: it must make no request to another site
    and meet no script error."""
    context = chromium.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: None if r.url.startswith(served_site.origin) else foreign.append(r.url))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not foreign, foreign
    assert not errors, errors


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for the tests that only send it requests, and the project it serves."""
    from preview_server import RunningServer

    project = new_project(tmp_path_factory.mktemp("served") / "project")
    running = RunningServer(project)
    running.wait_for_output(r"serving http://")
    yield running
    running.stop()
