"""A chapter's place in the story said wrong: each slip once, at the `order` line the
editor must change, never at a line of a file that took its order from another."""

from __future__ import annotations

import pytest
from projects import SITE_YAML, chapter

THREE = SITE_YAML.replace("languages: [en, zh]", "languages: [en, zh, zh-Hant]")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def test_a_chinese_chapter_without_its_english_is_one_error_on_a_site_with_a_derived_edition(make_project):
    project = make_project(
        {"site.yaml": THREE, "content/three.zh.md": chapter("第三章", None, "更多[@alpha]。\n")}
    )
    result = project.run("check")
    assert result.returncode == 1
    problems = error_lines(result.stderr)
    assert len(problems) == 1, problems
    assert problems[0].startswith("content/three.zh.md:1: error: content/three.en.md")
    assert "zh-Hant" not in problems[0], problems


def test_a_clash_in_the_english_is_not_blamed_on_a_translation_that_takes_its_order(make_project):
    """The docs' case: a new chapter given the order another has; its Chinese file has no
    `order` of its own, so it has no line to change."""
    project = make_project(
        {
            "content/walk.en.md": chapter("Walk", 2, "More [@beta].\n"),
            "content/walk.zh.md": chapter("散步", None, "更多[@alpha]。\n"),
        }
    )
    result = project.run("check")
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "content/walk.en.md:4: error: order 2 is also used by content/two.en.md; each chapter needs its own"
    ]


@pytest.mark.parametrize("slug", ["a-side", "three"])  # listed before the translation, and after it
def test_a_chapter_in_chinese_alone_is_told_of_the_order_a_translation_takes(make_project, slug):
    """Its own `order` line is the one to change: the translation's order is its original's."""
    project = make_project({f"content/{slug}.zh.md": chapter("第三章", 1, "只有中文[@alpha]。\n")})
    result = project.run("check")
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        f"content/{slug}.zh.md:4: error: order 1 is also used by content/one.zh.md; each chapter needs its own"
    ]
