"""Malformed and hostile input: front matter that is not `key: value` lines, Python
tags, YAML bombs and deep nesting, a file too big to be text, and problems of every kind
at once.

Each is refused with `path:line: error: ...`, no traceback and no side effect, and
nothing is written; what is large or odd but harmless (a big photograph, a chart
directive the checks skip) is published.
"""

from __future__ import annotations

import pytest
from goodchapter import GOOD_ONE
from projects import assert_clear_failure, chapter, error_lines, image_bytes, snapshot

FRONT_MATTER = {
    "a list": (
        "---\n- title\n- summary\n---\nBody.\n",
        "2: error: the front matter should be key: value lines",
    ),
    "a single number": ("---\n42\n---\nBody.\n", "2: error: the front matter should be key: value lines"),
    "empty": ("---\n---\nBody.\n", "2: error: the front matter is empty: write title:, summary:"),
    "a time read as a number": (
        GOOD_ONE.replace("summary: Summary of One.", "summary: 12:30"),
        '3: error: summary: should be text, but YAML read `12:30` as the number 750; put it in quotes: "12:30"',
    ),
    "an explicit tag": (
        GOOD_ONE.replace("order: 1", "order: !!str 1"),
        "4: error: the tag !!str is not allowed",
    ),
    "a control character": (
        GOOD_ONE.replace("title: One", "title: O\x1bne"),
        "2: error: holds an invisible control character (U+001B) at column 9",  # in any text file
    ),
}


@pytest.mark.parametrize("text, expected", FRONT_MATTER.values(), ids=FRONT_MATTER.keys())
def test_front_matter_that_is_not_key_value_lines_is_reported_with_its_line(make_project, text, expected):
    result = make_project({"content/one.en.md": text}).run("check")
    assert_clear_failure(result)
    assert f"content/one.en.md:{expected}" in result.stderr


EXPLOITS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
    '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
    "!!python/name:os.system",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]",
    "!!python/object:os._wrap_close {{}}",
]


@pytest.mark.parametrize("payload", EXPLOITS)
def test_python_tags_are_refused_with_no_side_effect(make_project, tmp_path, payload):
    marker = tmp_path / "pwned"
    value = payload.format(marker=marker)
    project = make_project(
        {
            "content/one.en.md": GOOD_ONE.replace("title: One", f"title: {value}"),
            "content/sources.yaml": f"alpha: {value}\n",
        }
    )
    result = project.run("build")
    assert_clear_failure(result)
    assert "content/one.en.md:2: error: the tag !!python/" in result.stderr
    assert "content/sources.yaml:1: error: the tag !!python/" in result.stderr
    site = project.root / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text + f"output: {value}\n", encoding="utf-8")
    result = project.run("status")
    assert_clear_failure(result)
    assert f"site.yaml:{text.count(chr(10)) + 1}: error: the tag !!python/" in result.stderr
    assert not marker.exists()


BILLION_LAUGHS = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"l{i}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
# Which part of the YAML stack refuses deep nesting, and in what words, depends on the
# PyYAML version (6.0.4 refuses it itself): what is asserted is what the editor sees.
HOSTILE_YAML = {
    "billion laughs": (BILLION_LAUGHS, "anchors and aliases (&name, *name) are not allowed"),
    "10,000 nested [": ("x: " + "[" * 10_000 + "\n", None),
    "100,000 nested block lists": ("x:\n" + "- " * 100_000 + "a\n", None),
    "100,000 nested complex keys": ("? " * 100_000 + "a\n", None),
}


@pytest.mark.parametrize("text, ours", HOSTILE_YAML.values(), ids=HOSTILE_YAML.keys())
def test_yaml_bombs_and_deep_nesting_are_refused_with_file_and_line(project, text, ours):
    """One short error line per file, with a line number, and no traceback; nothing is
    written. `ours`: our own words, where the refusal is ours whatever the library."""
    project.write("content/one.en.md", "---\n" + text + "---\nBody.\n")
    project.write("content/sources.yaml", text)
    before = snapshot(project.root)
    for command in ("check", "build"):
        result = project.run(command)
        assert_clear_failure(result)
        assert "RecursionError" not in result.stderr and "MemoryError" not in result.stderr
        for path in ("content/one.en.md", "content/sources.yaml"):
            lines = [line for line in error_lines(result.stderr) if line.startswith(path + ":")]
            assert len(lines) == 1, (command, result.stderr[:2000])
            where, message = lines[0].split(": error: ", 1)
            assert where.removeprefix(path + ":").isdigit(), lines[0]
            assert 0 < len(message) < 200 and "[[[[" not in message, lines[0]  # the input is not echoed
            if ours:
                assert ours in message, lines[0]
    assert snapshot(project.root) == before


def test_a_50_mb_file_is_refused_by_its_size(project):
    huge = project.write("content/three.en.md", chapter("Three", 3, "Words.\n"))
    try:
        with huge.open("ab") as handle:
            for _ in range(50):
                handle.write(b"x" * (1024 * 1024))
        result = project.run("check")
    finally:
        huge.unlink()
    assert_clear_failure(result)
    assert "content/three.en.md: error: is 51200 KB; text files over 2048 KB are refused" in result.stderr


def test_a_large_photograph_is_published_whole(make_project):
    """The size limit is for text an editor writes, not for images."""
    photo = image_bytes(1200, 900, "PNG") + bytes(range(256)) * (12 * 1024)  # 3 MB: trailing bytes
    project = make_project({"content/images/big.png": photo})
    project.write(
        "content/two.en.md",
        chapter("Two", 2, "## Later\n\n![A big photo](images/big.png)\n\nMore [@beta].\n"),
    )
    project.build()
    assert photo in [path.read_bytes() for path in (project.out / "images").iterdir()]


def test_problems_of_every_kind_in_several_files_are_reported_in_one_run(make_project, tmp_path):
    outside = tmp_path / "elsewhere.css"
    outside.write_text("secret", encoding="utf-8")
    project = make_project(
        {
            "content/one.zh.md": chapter("第一章", None, "丁楼村。\n").encode("gbk"),
            "content/two.en.md": "---\n" + BILLION_LAUGHS + "---\nBody.\n",
            "content/timeline.yaml": "- !!python/name:os.system\n",
            "content/sources.yaml": SOURCES_WITH_A_TAB,
        }
    )
    (project.root / "static/linked.css").symlink_to(outside)
    result = project.run("build")
    assert_clear_failure(result)
    assert [line.split(": error:")[0] for line in error_lines(result.stderr)] == [
        "content/one.zh.md:2",
        "content/sources.yaml:2",
        "content/timeline.yaml:1",
        "content/two.en.md:3",  # the first alias
        "static/linked.css",
    ]


SOURCES_WITH_A_TAB = "alpha:\n\toutlet: Alpha Daily\n"


# Chapter bodies (a case tests/test_fuzz.py found)


def test_a_chart_directive_the_checks_skip_is_text_not_a_crash(make_project):
    # Indented, quoted or in a list, `::: chart` is not a directive, so it is not checked
    # against content/data/; it must not be drawn either (it used to end in a KeyError).
    body = (
        "Text [@alpha].\n\n    ::: chart nope\n\n  ::: chart nope\n\n> ::: chart nope\n\n- ::: chart nope\n"
    )
    project = make_project({"content/one.en.md": chapter("One", 1, body)})
    project.build()
    assert project.page("/en/one/").count("::: chart nope") == 4


def test_emphasis_nested_a_thousand_deep_still_builds(make_project):
    body = "Text [@alpha].\n\n" + "_" * 2000 + "x" + "_" * 2000 + "\n"
    project = make_project({"content/one.en.md": chapter("One", 1, body)})
    result = project.run("build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert ">x<" in project.page("/en/one/")


@pytest.mark.parametrize("value", ["1.0e+28", "10000000000000000000000000000", "9" * 400])
def test_a_chart_value_too_large_to_show_is_an_error_at_its_line(make_project, value):
    chart = "title: T\ndescription: D\nunit: u\npoints:\n  - {year: 2010, value: 1, source: alpha}\n"
    project = make_project(
        {
            "content/data/shops.yaml": chart + f"  - year: 2011\n    value: {value}\n    source: beta\n",
            "content/one.en.md": chapter("One", 1, "Text [@alpha].\n\n::: chart shops\n"),
        }
    )
    result = project.run("build")
    assert_clear_failure(result)
    assert error_lines(result.stderr)[0].startswith("content/data/shops.yaml:7: error: value:")
    assert "too large" in result.stderr


def test_a_chapter_too_large_to_read_is_the_one_error_and_its_translation_is_not_told_it_is_gone(project):
    """Its translation was told "translates content/one.en.md, which does not exist:
    restore it, or delete this file too", and every link to it was called broken: six
    errors, one of them advice that would lose the translation."""
    original = project.root / "content/one.en.md"
    with original.open("ab") as handle:
        handle.write(b"\nA long table row | cell |\n" * 100_000)  # 2.6 MB
    result = project.run("check")
    assert_clear_failure(result)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/one.en.md: error: "), errors
