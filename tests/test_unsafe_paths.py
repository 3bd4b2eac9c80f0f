"""Paths: slugs and file names that are not one safe file name on every system, links
out of the project or in loops, and writes that would land outside the output folder or
in a folder that is not the site's (the home folder, a git checkout).

Each is refused with a clear error naming it; nothing outside the project is read or
published, and nothing outside the output folder is written.
"""

from __future__ import annotations

import os

import pytest
from goodchapter import GOOD_ONE
from projects import assert_clear_failure, chapter, error_lines, image_bytes, snapshot

from storysite.errors import SiteError
from storysite.output import safe_target
from storysite.scaffold import new_chapter

UNSAFE_SLUGS = {
    "..": "is not a valid slug",
    "a/b": "is not a valid slug",
    "a\\b": "is not a valid slug",
    "%2e%2e": "is not a valid slug",
    "\uff0e\uff0e": "is not a valid slug",
    "x\n": "is not a valid slug",
    "con": "is a device name on Windows",
    "nul": "is a device name on Windows",
    "aux": "is a device name on Windows",
    "com1": "is a device name on Windows",
    "lpt9": "is a device name on Windows",
    "a" * 256: "the slug is 256 characters long; keep it to 100 at most",
}


def test_new_refuses_slugs_that_are_not_one_safe_file_name(project):
    before = snapshot(project.root)
    for slug, why in UNSAFE_SLUGS.items():
        result = project.run("new", slug)
        assert_clear_failure(result)
        assert why in result.stderr, (slug, result.stderr)
        assert len(error_lines(result.stderr)) == 1, result.stderr  # one line, even for "x\n"
    assert snapshot(project.root) == before


def test_new_refuses_a_nul_in_the_slug(project):
    # A NUL cannot travel through a command line; the function behind `new` is called directly.
    with pytest.raises(SiteError, match="is not a valid slug"):
        new_chapter(project.root, "x\x00y")
    assert sorted(p.name for p in (project.root / "content").glob("x*")) == []


def test_content_files_with_unsafe_names_are_reported(project):
    names = [
        "con.en.md",
        "lpt1.zh.md",
        "%2e%2e.en.md",
        "\uff0e\uff0e.en.md",
        "a\\b.en.md",
        "x" * 120 + ".en.md",
    ]
    for name in names:
        project.write(f"content/{name}", GOOD_ONE.replace("order: 1", "order: 7"))
    result = project.run("build")
    assert_clear_failure(result)
    reported = {line.split(": error: ")[0] for line in error_lines(result.stderr)}
    assert reported == {f"content/{name}" for name in names}
    assert "content/con.en.md: error: 'con' is a device name on Windows" in result.stderr
    assert "is 120 characters long" in result.stderr


def test_names_that_differ_only_in_case_are_an_error_naming_both(project):
    # A capital letter is never valid in a slug, so `One.en.md` is an error anyway; the
    # message that matters on Windows and macOS is that the two names are one file there.
    project.write("content/One.en.md", GOOD_ONE)
    project.write("content/two.en.MD", chapter("Two", 2, "Shouting.\n"))
    result = project.run("check")
    assert_clear_failure(result)
    assert "content/One.en.md: error: differs from content/one.en.md only in letter case" in result.stderr
    assert "content/two.en.MD: error: differs from content/two.en.md only in letter case" in result.stderr


def test_links_out_of_the_project_and_loops_are_reported_not_followed(make_project, tmp_path):
    secret = tmp_path / "secret"
    (secret / "folder").mkdir(parents=True)
    for name in ("chapter.md", "key.txt", "folder/more.txt"):
        (secret / name).write_text(GOOD_ONE.replace("order: 1", "order: 5"), encoding="utf-8")
    project = make_project({"content/images/photo.png": image_bytes(20, 10, "PNG")})
    links = {
        "content/outside.en.md": secret / "chapter.md",
        "content/loop.en.md": project.root / "content/loop.en.md",
        "static/key.txt": secret / "key.txt",
        "static/folder": secret / "folder",
        "content/images/key.png": secret / "key.txt",
        "content/images/loop.png": project.root / "content/images/loop.png",
    }
    project.build()
    before = snapshot(project.out)
    for rel, target in links.items():
        (project.root / rel).symlink_to(target)
    result = project.run("build")
    assert_clear_failure(result)
    reported = {line.split(": error: ")[0] for line in error_lines(result.stderr)}
    assert reported == set(links)
    assert "content/outside.en.md: error: is a link to a file outside the project" in result.stderr
    assert "static/key.txt: error: is a link to a file outside the project" in result.stderr
    assert "content/loop.en.md: error: is a link that leads back to itself" in result.stderr
    assert snapshot(project.out) == before


def test_a_named_pipe_in_the_project_is_reported_and_never_waited_on(project):
    """Opening a named pipe waits for a writer that never comes: the build must not hang."""
    project.build()
    before = snapshot(project.out)
    os.mkfifo(project.root / "content/pipe.en.md")
    result = project.run("build")
    assert_clear_failure(result)
    assert {line.split(":")[0] for line in error_lines(result.stderr)} == {"content/pipe.en.md"}
    assert snapshot(project.out) == before


def test_links_into_the_projects_hidden_folders_are_reported_not_published(project):
    """Inside the project, yet never to be published: the repository's config (its remote
    addresses may hold a token), an environment file, the build cache."""
    (project.root / ".git").mkdir()
    (project.root / ".git/config").write_text("[remote]\n\turl = https://token@example.org/x\n")
    (project.root / ".env").write_text("KEY=secret\n")
    project.build()
    before = snapshot(project.out)
    links = {"static/cfg.css": ".git/config", "static/env.txt": ".env", "content/leak.en.md": ".git/config"}
    for rel, target in links.items():
        (project.root / rel).symlink_to(project.root / target)
    result = project.run("build")
    assert_clear_failure(result)
    assert {line.split(": error: ")[0] for line in error_lines(result.stderr)} == set(links)
    assert snapshot(project.out) == before


def test_a_link_inside_the_project_is_still_published(project):
    (project.root / "static/icon.svg").symlink_to(project.root / "static/favicon.svg")
    project.build()
    icons = sorted(p.name for p in (project.out / "static").glob("*.svg"))
    assert len(icons) == 2 and any(name.startswith("icon.") for name in icons)


@pytest.mark.parametrize(
    "rel",
    [
        "",
        "../../etc/passwd",
        "//etc/passwd",
        "a/" + "../" * 40 + "etc",
        "x\x00/y",
        "link/escape.html",
        "link",
    ],
)
def test_safe_target_keeps_every_write_inside_the_real_output_folder(tmp_path, rel):
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)  # a link inside the folder, leading out of it
    with pytest.raises(SiteError):
        safe_target(out, rel)


def test_safe_target_accepts_paths_inside_even_through_a_linked_output_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    assert safe_target(tmp_path / "alias", "en/../zh/index.html") == tmp_path / "real/zh/index.html"


def test_the_home_folder_or_a_git_checkout_as_output_is_refused_and_left_alone(project, tmp_path):
    home = tmp_path / "home"
    (home / "notes.txt").parent.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    result = project.run("build", "--output", str(home), env={"HOME": str(home)})
    assert_clear_failure(result)
    assert "it is the root, the home folder or the project itself" in result.stderr
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".storysite-output").write_text("", encoding="utf-8")  # even one that looks like ours
    (checkout / "index.html").write_text("mine", encoding="utf-8")
    result = project.run("build", "--output", str(checkout))
    assert_clear_failure(result)
    assert "the output folder holds a .git folder" in result.stderr
    assert snapshot(home) == {"notes.txt": b"mine"}
    assert sorted(p.name for p in checkout.iterdir()) == [".git", ".storysite-output", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout", "home", "project"]


@pytest.mark.parametrize(
    "name",
    ["two.zh.md.txt", "three.en.markdown", "three.en.mdown", "three.en.md ", "part2/three.en.md",
     "part2/more/three.zh.md"],
)  # fmt: skip
def test_a_chapter_saved_under_another_suffix_is_reported_not_skipped(project, name):
    """Notepad adds .txt; some editors save .markdown; a space after the name goes unseen;
    a chapter put in a folder of its own is never read: the chapter would be missing from
    the site without a word. It is an error naming the file and how to name it. The data
    folder holds no chapters: a note kept there is not one misplaced."""
    project.write(f"content/{name}", GOOD_ONE.replace("order: 1", "order: 7"))
    project.write("content/data/maps/README.md", "How the maps are made.\n")
    result = project.run("check")
    assert_clear_failure(result)
    assert [line.split(": error: ")[0] for line in error_lines(result.stderr)] == [f"content/{name}"]
    assert ".md" in error_lines(result.stderr)[0].split(": error: ")[1]
