"""The preview server, started for real and spoken to over HTTP and WebSocket."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import time

import pytest
from preview_server import RunningServer, free_port
from projects import chapter


@pytest.fixture
def server(project):
    """A server of the test's own, for a test that saves files or stops it."""
    running = RunningServer(project)
    running.wait_for_output(r"serving http://")
    yield running
    running.stop()


def title_of(page: str) -> str:
    return re.search(r"<title>([^<]*)</title>", page).group(1)


def test_a_save_is_served_within_seconds_and_the_page_asks_for_reloads(server, project):
    first = server.wait_for_page("/en/one/", lambda page: True)
    assert "livereload.js" in first  # the preview's pages reload themselves
    project.write("content/one.en.md", chapter("One, revised", 1, "## The start\n\nNew words [@alpha].\n"))
    page = server.wait_for_page("/en/one/", lambda page: "New words" in page)
    assert title_of(page).startswith("One, revised")


def test_a_burst_of_saves_ends_on_the_last_one(server, project):
    server.wait_for_page("/en/one/", lambda page: True)
    for number in range(12):
        project.write(
            "content/one.en.md", chapter(f"Take {number}", 1, f"## The start\n\nTake {number} [@alpha].\n")
        )
        time.sleep(0.03)
    page = server.wait_for_page("/en/one/", lambda page: title_of(page).startswith("Take 11"))
    time.sleep(1)  # and it stays there: no late rebuild of an older save
    assert title_of(server.get(server.base + "en/one/")[1]).startswith("Take 11"), page


def test_a_broken_save_shows_the_problem_over_the_last_good_page_until_fixed(server, project):
    server.wait_for_page("/en/two/", lambda page: True)
    broken = chapter("Two", 2, "## Later\n\nMore [@beta].\n").replace("title: Two", "title: [Two")
    project.write("content/two.en.md", broken)

    page = server.wait_for_page("/en/one/", lambda page: "storysite-problems" in page)
    assert "content/two.en.md:" in page  # file and line, on every page, not only the broken one
    assert "title: [Two" in page  # the offending source line is quoted
    assert title_of(page).startswith("One")  # the last good page is still there underneath
    server.wait_for_output(r"content/two\.en\.md:2: error: ")  # where the [ was opened
    assert server.process.poll() is None

    project.write("content/two.en.md", chapter("Two, fixed", 2, "## Later\n\nMore [@beta].\n"))
    page = server.wait_for_page("/en/two/", lambda page: title_of(page).startswith("Two, fixed"))
    assert "storysite-problems" not in page


def test_an_unknown_citation_and_a_template_error_also_show_in_the_browser(server, project):
    server.wait_for_page("/en/one/", lambda page: True)
    project.write("content/one.en.md", chapter("One", 1, "Text [@nobody].\n"))
    page = server.wait_for_page("/en/one/", lambda page: "storysite-problems" in page)
    assert "nobody" in page
    project.write("content/one.en.md", chapter("One", 1, "Text [@alpha].\n"))
    server.wait_for_page("/en/one/", lambda page: "storysite-problems" not in page)

    template = project.root / "templates" / "chapter.html"
    text = template.read_text(encoding="utf-8").replace(
        "{{ chapter.title }}", "{{ chapter.title }}{{ no_such_thing }}", 1
    )
    template.write_text(text, encoding="utf-8")
    page = server.wait_for_page("/en/one/", lambda page: "storysite-problems" in page)
    assert "templates/chapter.html:" in page


@pytest.mark.parametrize("stop_signal", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("started_with_ctrl_c_ignored", [False, True])
def test_a_stopped_server_removes_its_preview_folder(project, stop_signal, started_with_ctrl_c_ignored):
    """A shell script's background jobs start with Ctrl+C ignored; the server still stops."""
    running = RunningServer(project, ignore_ctrl_c=started_with_ctrl_c_ignored)
    running.wait_for_output(r"serving http://")
    folder = running.folder
    assert (folder / "en" / "index.html").is_file()
    running.process.send_signal(getattr(signal, stop_signal))
    assert running.process.wait(timeout=30) == 130
    assert not folder.exists() and not folder.parent.exists()


def test_drafts_are_previewed_with_a_banner_and_never_built(server, project):
    project.write("content/three.en.md", chapter("Three", 3, "Draft text [@alpha].\n", draft="true"))
    page = server.wait_for_page("/en/three/", lambda page: "Draft text" in page)
    assert "preview-banner" in page
    project.build()
    assert not (project.out / "en" / "three").exists()


def test_the_preview_shows_the_built_page_with_the_banner_in_the_pages_language(server, project):
    """The preview's pages are the very pages a build makes (so the two share their cached
    work): the server adds the reload script and, first in the body, the banner in the
    language of the page."""
    project.build()
    for path, banner in (("en/one/", "Preview: drafts are shown"), ("zh/one/", "预览：草稿")):
        served = server.wait_for_page(f"/{path}", lambda page: True)
        body = re.search(r"<body[^>]*>", served)
        assert re.match(rf'<div class="preview-banner" role="status">{banner}', served[body.end() :]), path
        added = rf'<div class="preview-banner"[^>]*>[^<]*</div>|<script src="/livereload\.js\?port={server.port}"></script>'
        built = (project.out / path / "index.html").read_text(encoding="utf-8")
        assert re.sub(added, "", served) == built


def test_a_preview_folder_removed_while_serving_is_made_again(server, project):
    """Removed by a clean-up of /tmp (or by hand), it was never written again: every
    page answered 404 while the terminal said 'preview rebuilt' at each save."""
    server.wait_for_page("/en/one/", lambda page: True)
    shutil.rmtree(server.folder)
    server.wait_for_page("/en/one/", lambda page: True)  # without a save
    server.wait_for_page("/zh/", lambda page: True)
    shutil.rmtree(server.folder)
    project.write("content/two.en.md", chapter("Two", 2, "## Later\n\nSaved while it was gone [@beta].\n"))
    server.wait_for_page("/en/two/", lambda page: "Saved while it was gone" in page)
    server.wait_for_page("/en/one/", lambda page: True)


def test_editor_temp_files_do_not_trigger_a_rebuild(server, project):
    server.wait_for_page("/en/one/", lambda page: True)
    builds = server.output.count("preview rebuilt")
    for name in ("content/.one.en.md.swp", "content/one.en.md~", "content/4913", "content/.#one.en.md"):
        project.write(name, "scratch")
    time.sleep(1.0)
    assert server.output.count("preview rebuilt") == builds
    project.write("content/one.en.md", chapter("One", 1, "Real save [@alpha].\n"))
    server.wait_for_page("/en/one/", lambda page: "Real save" in page)


def test_a_busy_port_is_one_clear_line(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = project.run("serve", "--port", str(port))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"port {port} on 127.0.0.1 is in use: try python build.py serve --port {port + 1}"
    )


@pytest.mark.parametrize("host", ["999.1.1.1", "no-such-host.invalid", "192.0.2.1"])
def test_a_host_this_machine_cannot_listen_on_is_not_called_a_busy_port(project, host):
    """999.1.1.1 is no address, the second no name, 192.0.2.1 (kept for documentation)
    none of this machine's: the port is free, and the line says what is wrong."""
    port = free_port()
    result = project.run("serve", "--host", host, "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"--host {host}: not an address of this machine"), result.stderr
    assert "in use" not in result.stderr and "\n" not in result.stderr.strip()


def test_a_project_broken_from_the_start_is_served_once_fixed(project):
    project.write("content/one.en.md", "---\ntitle: [broken\n---\nText.\n")
    running = RunningServer(project)
    try:
        running.wait_for_output(r"serving http://")
        status, body = running.get("/")
        assert status == 404 and "storysite-problems" in body
        # The browser must hear of the fix: the page asks for reloads like every other,
        # and says that nothing has built yet (there is no "last version" to show).
        assert "/livereload.js" in body and "last version that built" not in body, body
        project.write("content/one.en.md", chapter("One", 1, "Text again [@alpha].\n"))
        running.wait_for_page("/en/one/", lambda page: "Text again" in page)
    finally:
        running.stop()


def test_the_preview_serves_the_site_under_the_path_of_its_base_url(shared_server):
    """base_url https://example.org/story/: the pages link to /story/..., so that is
    where the preview serves them, stylesheet and all; the root leads there."""
    assert shared_server.base == "/story/"
    assert f"serving http://127.0.0.1:{shared_server.port}/story/" in shared_server.output
    status, page = shared_server.get("/story/en/one/")
    assert status == 200
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert stylesheet.startswith("/story/")
    assert shared_server.get(stylesheet)[0] == 200
    for link in re.findall(r'href="(/story/[^"#]*)"', page):
        assert shared_server.get(link)[0] == 200, link
    assert shared_server.get("/en/one/")[0] == 404  # not where the published site has it
    connection = http.client.HTTPConnection("127.0.0.1", shared_server.port, timeout=5)
    for path in ("/", "/story"):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert (response.status, response.getheader("Location")) == (302, "/story/")
    connection.close()


def test_the_search_index_follows_a_save_in_the_background(server, project):
    def entry() -> str:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, body = server.get(f"{server.base}pagefind/pagefind-entry.json")
            if status == 200:
                return body
            time.sleep(0.1)
        raise AssertionError(f"no search index served:\n{server.output}")

    before = entry()
    project.write("content/one.en.md", chapter("One", 1, "## The start\n\nZanzibar [@alpha].\n"))
    server.wait_for_page("/en/one/", lambda page: "Zanzibar" in page)  # the page does not wait for the index
    deadline = time.monotonic() + 20
    while entry() == before:
        assert time.monotonic() < deadline, "the search index was not made again"
        time.sleep(0.1)
    english = json.loads(entry())["languages"]["en"]["hash"]
    assert server.get(f"{server.base}pagefind/pagefind.{english}.pf_meta")[0] == 200
