"""Translation status without git: current, stale, unmarked and missing."""

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
