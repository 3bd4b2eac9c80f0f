"""One idea of "changed": a file changed when its bytes did, seen alike by the build,
the preview and the watcher, through links, however quickly saves follow each other."""

from __future__ import annotations

import gc
import io
import os
import time

from projects import chapter, snapshot

from storysite import pipeline
from storysite.files import STAMP_MARGIN_NS, FileReader
from storysite.preview import PreviewBuilder
from storysite.watcher import WATCHED, SaveWatcher


def test_a_save_that_keeps_size_and_mtime_is_still_seen(tmp_path):
    """Two saves within one tick of the file system's clock can leave the same size and
    mtime: the second must not be mistaken for no change."""
    path = tmp_path / "a.md"
    path.write_text("first", encoding="utf-8")
    reader = FileReader(tmp_path)
    assert reader.read(path, "a.md").data == b"first"
    before = os.stat(path)
    path.write_text("other", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    assert reader.read(path, "a.md").data == b"other"


def linked_chapter_project(make_project):
    """A project whose chapter is a link to a file elsewhere in the project."""
    project = make_project()
    target = project.write("drafts/two.en.md", chapter("Two", 2, "## Later\n\nMore [@beta].\n"))
    (project.root / "content/two.en.md").unlink()
    os.symlink(os.path.relpath(target, project.root / "content"), project.root / "content/two.en.md")
    return project, target


def test_saving_the_file_a_linked_chapter_points_to_reaches_the_preview(make_project, tmp_path):
    project, target = linked_chapter_project(make_project)
    builder = PreviewBuilder(project.root, tmp_path / "preview", log=io.StringIO())
    assert builder()
    target.write_text(chapter("Two", 2, "## Later\n\nSaved through the link [@beta].\n"), encoding="utf-8")
    assert builder(), builder.failure
    assert "Saved through the link" in (tmp_path / "preview/en/two/index.html").read_text(encoding="utf-8")


def test_the_watcher_sees_a_save_through_a_link(make_project):
    project, target = linked_chapter_project(make_project)
    watcher = SaveWatcher([project.root / name for name in WATCHED], FileReader(project.root))
    assert not watcher.changed()
    target.write_text(chapter("Two", 2, "## Later\n\nEdited.\n"), encoding="utf-8")
    assert watcher.changed()
    assert not watcher.changed()


def test_two_builds_in_one_process_leave_it_as_they_found_it(project, tmp_path):
    """No stage switches the garbage collector or keeps state between builds."""
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    for out in ("first", "second"):
        pipeline.build(project.root, tmp_path / out)
        builder = PreviewBuilder(project.root, tmp_path / f"preview-{out}", log=io.StringIO())
        assert builder()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")


def test_a_problem_found_after_the_watcher_read_the_file_names_it_as_the_editor_does(make_project, tmp_path):
    """The watcher and the preview share one reader: a file the watcher read last (once
    its stamp is old enough to be trusted) is still named relative to the project."""
    project = make_project()
    builder = PreviewBuilder(project.root, tmp_path / "preview", log=io.StringIO())
    watcher = SaveWatcher([project.root / name for name in WATCHED], builder.cache.files)
    assert builder()
    project.write("content/two.en.md", chapter("Two", 2, "## Later\n\nSee [a chapter](missing.md).\n"))
    time.sleep(STAMP_MARGIN_NS / 1e9 + 0.2)  # until the reader trusts the file's stamp
    assert watcher.changed()
    assert not builder()
    assert [(problem.path, problem.line) for problem in builder.failure] == [("content/two.en.md", 9)]


def test_a_save_landing_between_the_scan_and_its_rebuild_reaches_the_preview(make_project, tmp_path):
    """The server's rebuild reads the files as the scan that called for it saw them; a
    save that lands after that scan is the next scan's change, and nothing read during
    one rebuild is trusted by a later one."""
    project = make_project()
    builder = PreviewBuilder(project.root, tmp_path / "preview", log=io.StringIO())
    watcher = SaveWatcher([project.root / name for name in WATCHED], builder.cache.files)
    assert builder()
    page = tmp_path / "preview/en/two/index.html"
    for text in ("First save", "Second save"):
        project.write("content/two.en.md", chapter("Two", 2, f"## Later\n\n{text} [@beta].\n"))
        assert watcher.changed()
        project.write("content/two.en.md", chapter("Two", 2, f"## Later\n\n{text}, then more [@beta].\n"))
        with builder.cache.files.holding(watcher.seen):
            assert builder(), builder.failure
        assert watcher.changed()  # the save after the scan
        with builder.cache.files.holding(watcher.seen):
            assert builder(), builder.failure
        assert f"{text}, then more" in page.read_text(encoding="utf-8")
    project.write("content/two.en.md", chapter("Two", 2, "## Later\n\nRead by a build of its own [@beta].\n"))
    assert builder(), builder.failure
    assert "Read by a build of its own" in page.read_text(encoding="utf-8")
