"""`python build.py new`: a chapter scaffolded in both languages that passes check at once."""

import datetime as dt

import pytest
from projects import chapter


def test_new_writes_both_languages_with_the_next_order_and_passes_check(project):
    result = project.run("new", "night-market")
    assert result.returncode == 0, result.stderr
    for lang in ("en", "zh"):
        raw = (project.root / f"content/night-market.{lang}.md").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        text = raw.decode("utf-8")
        assert "order: 3" in text and f"updated: {dt.date.today().isoformat()}" in text
    assert "needs translation" in (project.root / "content/night-market.zh.md").read_text(encoding="utf-8")
    check = project.run("check")
    assert check.returncode == 0, check.stderr
    assert " 0 error(s)" in " " + check.stderr.splitlines()[-1]
    strict = project.run("check", "--strict")
    assert strict.returncode == 1  # the untranslated Chinese file is a warning
    assert "content/night-market.zh.md: warning: not marked as a translation" in strict.stderr


def test_new_refuses_an_existing_slug_and_leaves_it_untouched(project):
    before = (project.root / "content/one.en.md").read_bytes()
    result = project.run("new", "one")
    assert result.returncode == 1
    assert "content/one.en.md: error: already exists" in result.stderr
    assert (project.root / "content/one.en.md").read_bytes() == before


@pytest.mark.parametrize("slug", ["Night_Market", "../escape", "a--b", "timeline", "search", "中文"])
def test_new_refuses_invalid_slugs_saying_what_a_valid_one_looks_like(project, slug):
    result = project.run("new", slug)
    assert result.returncode == 1
    assert "lowercase ASCII letters, digits and single hyphens" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project.root / "content").iterdir()) == [
        "one.en.md", "one.zh.md", "sources.yaml", "two.en.md", "two.zh.md",
    ]  # fmt: skip


def test_a_chapter_file_named_as_a_page_of_the_site_is_an_error_and_nothing_is_published(project):
    """content/search.en.md would be /en/search/, the search page: the chapter was lost
    and the edition home linked to the search page in its place."""
    before = project.build().returncode == 0 and sorted(p for p in project.out.rglob("*"))
    project.write("content/search.en.md", (project.root / "content/two.en.md").read_text(encoding="utf-8"))
    for command in ("check", "build"):
        result = project.run(command)
        assert result.returncode == 1, result.stderr
        assert "content/search.en.md: error: 'search' is taken by the site's own search page" in result.stderr
    assert sorted(p for p in project.out.rglob("*")) == before


def test_new_takes_an_order_no_chapter_uses_in_any_language(make_project):
    """A chapter written in Chinese only gives its own order: `new` gave the same one to
    the new chapter, and check then failed with a clash."""
    project = make_project({"content/zhonly.zh.md": chapter("只有中文", 5, "## 中文\n\n正文。\n")})
    assert project.run("new", "night").returncode == 0
    assert "order: 6" in (project.root / "content/night.en.md").read_text(encoding="utf-8")
    check = project.run("check")
    assert check.returncode == 0, check.stderr
    assert "order 5 is also used" not in check.stderr


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Night Market", "night-market"), ("Night-Market", "night-market"), ("night_market", "night-market"),
     ("night-market.en.md", "night-market"), (" Heze 2021 ", "heze-2021")],
)  # fmt: skip
def test_a_slug_typed_as_a_title_or_a_file_name_is_answered_with_the_slug_meant(project, typed, meant):
    before = sorted(p.name for p in (project.root / "content").iterdir())
    result = project.run("new", typed)
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() if ": error: " in line)
    assert f"did you mean '{meant}'?" in line, result.stderr
    assert sorted(p.name for p in (project.root / "content").iterdir()) == before
    assert project.run("new", meant).returncode == 0


def test_a_slug_with_letters_no_slug_may_hold_is_given_no_guess(project):
    result = project.run("new", "夜市")
    assert result.returncode == 1
    assert "did you mean" not in result.stderr and "e.g. 'first-shop'" in result.stderr
