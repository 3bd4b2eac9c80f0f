"""The build cache and the parallel renderer must never change what is built."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from projects import chapter, new_project, snapshot


@pytest.fixture(autouse=True)
def own_cache(monkeypatch):
    """These tests look at the project's own cache folder, `.storysite-cache/`."""
    monkeypatch.delenv("STORYSITE_CACHE", raising=False)


def cold_build(project, out: Path) -> dict[str, bytes]:
    """The same project built with no cache at all, into another folder."""
    result = project.run("build", "--output", str(out), env={"STORYSITE_CACHE": "off"})
    assert result.returncode == 0, result.stderr
    return snapshot(out)


CHANGES = {
    "chapter text": ("content/two.en.md", "More", "Much more"),
    "chapter title": ("content/two.en.md", "title: Two", "title: Two, renamed"),
    "chapter order": ("content/one.en.md", "order: 1", "order: 3"),
    "a new citation": ("content/two.en.md", "More [@beta]", "More [@beta]. Also [@alpha]"),
    "a source": ("content/sources.yaml", "Alpha headline", "Alpha's new headline"),
    "site.yaml": ("site.yaml", "Test Story", "Another Story"),
    "base url": ("site.yaml", "https://example.org/story/", "https://example.org/other/"),
    "a template": ("templates/base.html", "</footer>", "<p>changed</p></footer>"),
    "an included template": ("templates/notes.html", "</section>", "<p>notes changed</p></section>"),
    "the stylesheet": (
        "static/style.css",
        "}",
        "}\n/* changed */",
    ),
    "the citation label": ("translations/zh/LC_MESSAGES/messages.po", 'msgstr "注"\n', 'msgstr "附注"\n'),
    "interface text": ("translations/zh/LC_MESSAGES/messages.po", 'msgstr "注释"', 'msgstr "注"'),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_warm_build_after_a_change_equals_a_build_from_nothing(project, tmp_path, change):
    project.build()  # fills the cache
    assert (project.root / ".storysite-cache").is_dir()
    rel, old, new = CHANGES[change]
    project.edit(rel, old, new)
    project.build()
    assert snapshot(project.out) == cold_build(project, tmp_path / "cold")


def test_the_interface_text_change_is_one_the_site_shows(project, tmp_path):
    """Guards the test above: the .po change it makes must be visible in the output."""
    before = cold_build(project, tmp_path / "before")
    project.edit(*CHANGES["interface text"])
    assert cold_build(project, tmp_path / "after") != before


def test_an_unchanged_warm_build_is_identical(project):
    project.build()
    first = snapshot(project.out)
    project.build()
    assert snapshot(project.out) == first


@pytest.mark.parametrize("draft", [False, True], ids=["no draft", "a draft with a problem"])
def test_check_after_a_build_says_what_it_says_from_nothing_and_leaves_the_cache(project, draft):
    """`check` reads the build's cache (a page no draft shows is the very page the build
    made) but never writes it, and what it finds does not depend on what was cached."""
    if draft:
        project.write("content/three.en.md", chapter("Three", 3, "Cites [@nowhere].\n", draft="true"))
    fresh = project.run("check", env={"STORYSITE_CACHE": "off"})
    assert project.run("build").returncode == 0  # a build leaves drafts out, and their problems
    cache_file = project.root / ".storysite-cache" / "results.cache"
    saved = cache_file.read_bytes()
    after_build = project.run("check")
    assert (after_build.returncode, after_build.stdout, after_build.stderr) == (
        fresh.returncode, fresh.stdout, fresh.stderr)  # fmt: skip
    assert (fresh.returncode == 1) == draft and ("three.en.md" in fresh.stderr) == draft
    assert cache_file.read_bytes() == saved


def test_check_writes_no_cache(project):
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    assert not (project.root / ".storysite-cache").exists()


def test_rendering_on_several_cores_gives_the_same_bytes_as_on_one(make_project, tmp_path):
    files = {}
    for number in range(3, 60):  # enough pages for the work to be split between processes
        files[f"content/c{number}.en.md"] = chapter(f"Chapter {number}", number, f"Text {number} [@alpha].\n")
        files[f"content/c{number}.zh.md"] = chapter(f"第{number}章", None, f"正文{number}[@beta]。\n")
    project = make_project(files)
    serial = project.run(
        "build", "--output", str(tmp_path / "serial"), env={"STORYSITE_JOBS": "1", "STORYSITE_CACHE": "off"}
    )
    parallel = project.run(
        "build", "--output", str(tmp_path / "parallel"), env={"STORYSITE_JOBS": "2", "STORYSITE_CACHE": "off"}
    )
    assert serial.returncode == 0 and parallel.returncode == 0, serial.stderr + parallel.stderr
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "parallel")
    assert len(snapshot(tmp_path / "serial")) > 120


CHART = """\
title: {en: Shops, zh: 网店}
description: {en: Shops by year., zh: 各年网店数。}
unit: {en: shops, zh: 家}
points:
  - {year: 2010, value: 1, source: alpha}
  - {year: 2020, value: 1200, source: beta}
"""


def test_a_chart_table_names_its_sources_and_follows_a_renamed_outlet(make_project, tmp_path):
    body = "## The start\n\nShops grew [@alpha; @beta].\n\n::: chart shops\n\nThen more.\n"
    project = make_project({"content/data/shops.yaml": CHART, "content/one.en.md": chapter("One", 1, body)})
    project.build()
    table = project.page("/en/one/").split('class="chart-data"')[1]
    assert ">Alpha Daily</a>" in table and ">Beta News</a>" in table
    assert "/story/en/sources/#src-alpha" in table
    assert ">阿尔法日报</a>" not in table
    project.edit("content/sources.yaml", "Alpha Daily", "Alpha Morning Post")
    project.build()
    assert ">Alpha Morning Post</a>" in project.page("/en/one/")
    assert snapshot(project.out) == cold_build(project, tmp_path / "cold")


def test_a_build_with_nothing_new_still_repairs_a_hand_edited_or_littered_site(project, tmp_path):
    project.build()
    expected = snapshot(project.out)
    (project.out / "en" / "one" / "index.html").write_text("edited by hand", encoding="utf-8")
    (project.out / "stray.txt").write_text("not ours", encoding="utf-8")
    project.build()
    assert snapshot(project.out) == expected


# The preview server keeps what it made from unchanged files between saves, found by
# the identity of the objects it made. Whatever a save changes, what it then shows must
# be what a preview started afresh shows.

PREVIEW_CHANGES = {
    **CHANGES,
    "a chapter added": lambda project: (
        project.write("content/three.en.md", chapter("Three", 3, "Third [@alpha].\n")),
        project.write("content/three.zh.md", chapter("第三章", 3, "第三[@beta]。\n")),
    ),
    "a translation removed": lambda project: project.remove("content/two.zh.md"),
    "a chapter made a draft": lambda project: project.edit(
        "content/two.en.md", "order: 2", "order: 2\ndraft: true"
    ),
    "two chapters swapped": lambda project: (
        project.edit("content/one.en.md", "order: 1", "order: 2"),
        project.edit("content/two.en.md", "order: 2", "order: 1"),
        project.edit("content/two.zh.md", "order: 2", "order: 1"),
    ),
}


def preview_snapshot(project_root: Path, out: Path, builder=None) -> dict[str, bytes]:
    from storysite.preview import PreviewBuilder

    builder = builder or PreviewBuilder(project_root, out, log=io.StringIO())
    assert builder(), builder.failure
    return snapshot(out)


@pytest.mark.parametrize("change", sorted(PREVIEW_CHANGES))
def test_a_preview_after_a_save_equals_a_preview_started_afresh(project, tmp_path, monkeypatch, change):
    from storysite.preview import PreviewBuilder

    kept = PreviewBuilder(project.root, tmp_path / "kept", log=io.StringIO())
    preview_snapshot(project.root, tmp_path / "kept", kept)
    made = PREVIEW_CHANGES[change]
    made(project) if callable(made) else project.edit(*made)
    after_save = preview_snapshot(project.root, tmp_path / "kept", kept)
    monkeypatch.setenv("STORYSITE_CACHE", "off")
    assert after_save == preview_snapshot(project.root, tmp_path / "afresh")


def test_the_cache_a_preview_session_leaves_behind_still_holds_every_body(project):
    """What a writer notices: the build after a preview session is warm. The bodies'
    Markdown is most of a build's work, so the cache `serve` saves on exit must hold
    every chapter's rendered body, even those the session only found by identity."""
    from storysite.cache import Cache
    from storysite.model import Entry
    from storysite.preview import PreviewBuilder

    builder = PreviewBuilder(project.root, project.root / "preview", log=io.StringIO())
    assert builder()
    project.edit("content/two.en.md", "More", "Much more")
    assert builder() and builder()
    builder.cache.save()  # as `serve` does when it stops
    saved = Cache(project.root, project.root / ".storysite-cache").results()
    bodies = [value.body for value in saved if isinstance(value, Entry)]
    chapters = list((project.root / "content").glob("*.md"))
    assert len(bodies) >= len(chapters) == 4


def test_a_build_after_a_preview_session_equals_a_build_from_nothing(project, tmp_path, monkeypatch):
    """The preview's cache (drafts, the banner) is saved for the next build: nothing of it
    may show in the published site."""
    from storysite import pipeline
    from storysite.preview import PreviewBuilder

    project.write("content/three.en.md", chapter("Three", 3, "A draft [@alpha].\n", draft="true"))
    builder = PreviewBuilder(project.root, tmp_path / "preview", log=io.StringIO())
    assert builder()
    project.edit("content/two.en.md", "More", "Much more")
    assert builder()
    builder.cache.save()  # as `serve` does when it stops
    pipeline.build(project.root)
    monkeypatch.setenv("STORYSITE_CACHE", "off")
    pipeline.build(project.root, tmp_path / "cold")
    assert snapshot(project.out) == snapshot(tmp_path / "cold")
    assert "three" not in str(sorted(snapshot(project.out)))


def test_projects_sharing_a_cache_folder_build_as_from_nothing(make_project, tmp_path):
    """STORYSITE_CACHE=<folder>: the cache lives there, not in the project, and a second
    project that shares it (same templates, other text) is built as from nothing."""
    shared = {"STORYSITE_CACHE": str(tmp_path / "shared")}
    first = make_project()
    assert first.run("build", env=shared).returncode == 0
    assert (tmp_path / "shared" / "results.cache").is_file()
    assert not (first.root / ".storysite-cache").exists()
    second = new_project(
        tmp_path / "second", {"content/two.en.md": chapter("Two", 2, "## Later\n\nOther [@alpha].\n")}
    )
    assert second.run("build", env=shared).returncode == 0
    assert snapshot(second.out) == cold_build(second, tmp_path / "cold")


def test_a_cache_folder_holding_other_files_is_never_written_into(project, tmp_path):
    """A folder that STORYSITE_CACHE names by mistake (here, someone's notes) is only read."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / ".tmp-draft").write_text("mine", encoding="utf-8")
    before = snapshot(folder)
    result = project.run("build", env={"STORYSITE_CACHE": str(folder)})
    assert result.returncode == 0, result.stderr
    assert snapshot(folder) == before
    warning = next(line for line in result.stderr.splitlines() if line.startswith("STORYSITE_CACHE"))
    assert str(folder) in warning  # says which folder, so that the editor can name another
