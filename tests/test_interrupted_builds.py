"""Builds that do not finish: one killed while writing its output and one stopped by a
full disk, each a real `python build.py` process.

The previous site stays whole (never a mixture of two builds, never a gap), a failed
write is one clear line naming the file, and no hidden folder is left behind; a build
that finishes leaves nothing stale: a deleted chapter disappears from every page.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time

import pytest
from goodchapter import GOOD_ONE
from projects import assert_clear_failure, build_py, chapter, leftovers, snapshot


def many_chapters(count: int) -> dict[str, str]:
    files = {}
    for number in range(3, count + 3):
        files[f"content/c{number:03}.en.md"] = chapter(f"Chapter {number}", number, "Words [@alpha]. " * 20)
        files[f"content/c{number:03}.zh.md"] = chapter(f"第{number}章", None, "文字[@beta]。" * 40)
    return files


def kill_build_while_writing(project, delay: float) -> tuple[int, str]:
    """Start a build, SIGKILL it `delay` seconds after it starts writing its hidden
    folder; -> (its exit status, the hidden folder's name)."""
    build = subprocess.Popen(
        build_py("--project", str(project.root), "build"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches any worker too
    )
    staging = project.root / f"._site.tmp-{build.pid}"
    deadline = time.monotonic() + 60
    while not staging.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.killpg(build.pid, signal.SIGKILL)
    return build.wait(), staging.name


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_the_previous_site(make_project, tmp_path):
    project = make_project(many_chapters(80))
    versions = [GOOD_ONE, GOOD_ONE.replace("First fact", "A changed fact")]
    finished = []  # what a finished build of each version gives (and a warm cache for both)
    for number, text in enumerate(versions):
        project.write("content/one.en.md", text)
        project.build("--output", str(tmp_path / f"version-{number}"))
        finished.append(snapshot(tmp_path / f"version-{number}"))
    assert finished[0] != finished[1]
    project.build()  # the site now shows version 1
    kept_while_writing = 0
    chance = random.Random(1234)
    delays = [0.0, 0.01, 0.05] + [chance.uniform(0, 0.3) for _ in range(3)]
    for attempt, delay in enumerate(delays):
        wanted = attempt % 2  # always the other version than the site shows: the build must write
        project.write("content/one.en.md", versions[wanted])
        previous = snapshot(project.out)
        status, staging = kill_build_while_writing(project, delay)
        site = snapshot(project.out)
        assert site == previous or site == finished[wanted]  # never a mixture, never a gap
        left = leftovers(project)
        assert left in ([], [staging])  # an earlier killed build's folder was cleaned up
        if status == -signal.SIGKILL and left and site == previous:
            kept_while_writing += 1
        if site == previous:  # the next attempt wants the version the site shows: finish this one
            project.build()
    assert kept_while_writing >= 2  # else the kills came too late to show anything
    project.build()
    assert leftovers(project) == []


def group_has_ended(group: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", ["SIGTERM", "SIGHUP"])
def test_a_build_stopped_with_kill_cleans_up_and_leaves_no_process_behind(make_project, stop_signal):
    """`kill` (SIGTERM) or a closed terminal (SIGHUP) stops a build as Ctrl+C does: the
    folder it was writing is removed and Pagefind, indexing meanwhile, stops with it.
    Python's default would end the build at once, leaving both behind."""
    project = make_project(many_chapters(80))
    project.build()
    previous = snapshot(project.out)
    project.write("content/one.en.md", GOOD_ONE.replace("First fact", "A changed fact"))
    build = subprocess.Popen(
        build_py("--project", str(project.root), "build"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "STORYSITE_CACHE": "off"},  # everything made again: Pagefind indexes
        start_new_session=True,  # its own process group, to see that nothing of it is left
    )
    staging = project.root / f"._site.tmp-{build.pid}"
    deadline = time.monotonic() + 60
    while not staging.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    build.send_signal(getattr(signal, stop_signal))  # to the build alone, as `kill PID` does
    status = build.wait(timeout=60)
    assert group_has_ended(build.pid, within=5), "a process of the build is still running"
    assert leftovers(project) == []
    assert status == 130 and snapshot(project.out) == previous or status == 0


# Twenty pools of two workers, stopped as every build stops its pools.
POOLS_UNDER_THE_BUILDS_HANDLERS = """
from storysite import cli, parallel
cli.stop_on_signals()
for _ in range(20):
    assert parallel.map_jobs(abs, 64, 8) == list(range(64))
"""


def test_workers_stop_quietly_when_their_pool_is_done():
    """The build handles `kill` and a closed terminal itself (above); the workers it forks
    must not inherit that, or each one its pool stopped printed a traceback (about every
    other build from nothing did), and one stopped while starting never ended, and the
    build waited for it forever (one run of this in ten on a busy machine)."""
    ran = subprocess.run(
        [sys.executable, "-c", POOLS_UNDER_THE_BUILDS_HANDLERS],
        capture_output=True,
        text=True,
        env={**os.environ, "STORYSITE_JOBS": "2"},
        timeout=60,
    )
    assert ran.returncode == 0 and ran.stderr == ""


def limit_file_size() -> None:
    """In the child: a disk that is full after 1 KB per file. Writes fail with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def test_a_failed_write_is_one_clear_line_and_the_previous_site_survives(project):
    project.build()
    before = snapshot(project.out)
    project.write("content/one.en.md", GOOD_ONE.replace("First fact", "A changed fact"))
    result = subprocess.run(  # a process of its own: the size limit must not reach pytest's
        build_py("--project", str(project.root), "build"),
        preexec_fn=limit_file_size,
        capture_output=True,
        text=True,
        encoding="utf-8",
        # no .pyc and no cache: the size limit must not truncate a .pyc or the cache file
        env={**os.environ, "STORYSITE_CACHE": "off", "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
    )
    assert_clear_failure(result)
    first, last = result.stderr.strip().splitlines()
    assert first.startswith(str(project.out) + "/"), first
    assert first.endswith(f": error: cannot write: {os.strerror(errno.EFBIG)}"), first  # names the file
    assert last == "build failed: 1 error(s); the previous site is unchanged"
    assert snapshot(project.out) == before
    assert leftovers(project) == []


def test_a_deleted_chapter_disappears_from_the_output(project):
    project.build()
    assert (project.out / "en/two/index.html").is_file()
    project.remove("content/two.en.md")
    project.remove("content/two.zh.md")
    project.write("content/one.en.md", GOOD_ONE)  # it linked to two
    project.build()
    assert not (project.out / "en/two").exists() and not (project.out / "zh/two").exists()
    for page in ("sitemap.xml", "en/index.html", "zh/feed.xml"):
        assert "/two/" not in (project.out / page).read_text(encoding="utf-8"), page


def _as_a_user_whom_permissions_bind() -> list[str]:
    """The command prefix under which file permissions hold: none for a user, and for root
    (whom they do not bind) setpriv without the capabilities that override them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("root ignores file permissions, and setpriv is not here to drop that")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def test_a_previous_site_left_read_only_is_replaced_and_leaves_nothing_behind(project):
    """A deploy tool had made the output read-only: the build swapped the new site in, but
    could not empty the old one nor mark it as its own, and left it (2.9 MB of the real
    site) hidden beside the output, for good, without a word."""
    project.build()
    for folder, _, _ in os.walk(project.out):
        os.chmod(folder, 0o555)
    project.write("content/two.en.md", chapter("Two", 2, "## Later\n\nChanged [@beta].\n"))
    result = subprocess.run(
        [*_as_a_user_whom_permissions_bind(), *build_py("--project", str(project.root), "build")],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Changed" in project.page("en/two/")
    assert leftovers(project) == []
