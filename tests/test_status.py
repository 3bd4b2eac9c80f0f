"""Translation status without git: current, stale, unmarked and missing."""

import pytest
from projects import chapter


def rows(result):
    return [line.split() for line in result.stdout.splitlines()[1:]]


def test_marking_makes_a_translation_current_and_an_edit_makes_it_stale(make_project):
    project = make_project({"content/three.en.md": chapter("Three", 3, "Only English.\n")})
    assert rows(project.run("status")) == [
        ["one", "original", "unmarked"],
        ["three", "original", "missing"],
        ["two", "original", "unmarked"],
    ]
    assert project.run("status", "--mark", "one").returncode == 0
    assert rows(project.run("status"))[0] == ["one", "original", "current"]
    assert "translation_of: " in (project.root / "content/one.zh.md").read_text(encoding="utf-8")

    english = project.root / "content/one.en.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    assert rows(project.run("status"))[0] == ["one", "original", "stale"]


def test_readers_of_a_stale_translation_see_a_notice(make_project):
    project = make_project()
    project.run("status", "--mark", "one")
    english = project.root / "content/one.en.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    result = project.build()
    assert "content/one.zh.md: warning: the en text changed" in result.stderr
    assert "stale-note" in project.page("zh/one/")
    assert "stale-note" not in project.page("zh/two/")


def test_marking_removes_the_reminder_new_left(project):
    assert project.run("new", "three").returncode == 0
    zh = project.root / "content" / "three.zh.md"
    assert "needs translation" in zh.read_text(encoding="utf-8")
    assert project.run("status", "--mark", "three").returncode == 0
    text = zh.read_text(encoding="utf-8")
    assert "needs translation" not in text and "translation_of: " in text


def test_marking_a_chapter_with_no_translation_says_so(project):
    project.remove("content/two.zh.md")
    result = project.run("status", "--mark", "two")
    assert result.returncode == 1
    assert "content/two.en.md: error: has no translation to mark yet" in result.stderr


def test_marking_keeps_the_files_byte_order_mark_and_line_endings(make_project):
    """A translator's editor saved the file with a BOM and Windows line endings: marking
    adds one line and leaves every other byte as it was, so a diff shows that line."""
    saved = (
        b"\xef\xbb\xbf"
        + chapter("第一章", None, "## 开始\n\n第一个事实[@beta]。\n").replace("\n", "\r\n").encode()
    )
    project = make_project({"content/one.zh.md": saved})
    assert project.run("status", "--mark", "one").returncode == 0
    marked = (project.root / "content/one.zh.md").read_bytes()
    added = [line for line in marked.split(b"\r\n") if line not in saved.split(b"\r\n")]
    assert len(added) == 1 and added[0].startswith(b"translation_of: ")
    assert marked.replace(added[0] + b"\r\n", b"") == saved


def test_a_translation_whose_original_is_gone_is_an_error_and_nothing_is_published(make_project):
    """Deleting a chapter's English left its Chinese, marked as its translation, published
    alone without a word; and a warning named the English file that no longer exists.
    (A Chinese chapter never marked as a translation, with an order of its own, is one
    written in Chinese only, and is published.)"""
    project = make_project()
    assert project.run("status", "--mark", "two").returncode == 0
    project.build()
    before = sorted(path.relative_to(project.out) for path in project.out.rglob("*"))
    (project.root / "content/two.en.md").unlink()
    for command in ("check", "build"):
        result = project.run(command)
        assert result.returncode == 1, result.stderr
        [orphan] = [line for line in result.stderr.splitlines() if line.startswith("content/two.zh.md")]
        assert orphan.startswith("content/two.zh.md:") and ": error: " in orphan, result.stderr  # its line
        assert "content/two.en.md" in orphan, result.stderr
        assert "no zh translation" not in result.stderr
    assert sorted(path.relative_to(project.out) for path in project.out.rglob("*")) == before


@pytest.mark.parametrize("closing", ["--- ", "---\t", "... "])
def test_marking_finds_a_closing_line_with_trailing_space_as_the_build_does(make_project, closing):
    """The front matter's closing line with a space after it (invisible in an editor):
    marking wrote translation_of above the body's own `---` rule, which the page then
    showed as a heading, or failed with an internal error where the body had none."""
    rule = "\n---\n\nMore.\n" if closing != "---\t" else ""
    text = chapter("第一章", None, "## 开始\n\n第一个事实[@beta]。\n" + rule).replace(
        "\n---\n", f"\n{closing}\n", 1
    )
    project = make_project({"content/one.zh.md": text})
    result = project.run("status", "--mark", "one")
    assert result.returncode == 0, result.stderr
    assert rows(project.run("status"))[0] == ["one", "original", "current"]
    marked = (project.root / "content/one.zh.md").read_text(encoding="utf-8")
    assert marked.endswith(f"\n{closing}\n## 开始\n\n第一个事实[@beta]。\n" + rule)
    project.build()
    assert "translation_of" not in project.page("zh/one/")


def test_marking_a_chapter_written_in_chinese_only_says_it_has_no_original(make_project):
    """`status` lists a chapter written in Chinese only; marking it named an English file
    that does not exist as "no such chapter"."""
    project = make_project({"content/zhonly.zh.md": chapter("只有中文", 5, "## 中文\n\n正文。\n")})
    before = (project.root / "content/zhonly.zh.md").read_bytes()
    assert ["zhonly", "missing", "current"] in rows(project.run("status"))
    result = project.run("status", "--mark", "zhonly")
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert line.startswith("content/zhonly.zh.md: error: is written in zh only"), line
    assert "no en original" in line and "no such chapter" not in line
    assert (project.root / "content/zhonly.zh.md").read_bytes() == before
