"""Fuzzing with Hypothesis: whatever an editor types, the answer is a build or our error
with a file and a line, never a crash.

The pipeline runs in this process, on one small project whose chapter file each example
rewrites; the cache is off so that every example really reads, parses and renders.
Every run tries the same examples (derandomize): a failure is found again by running
the test again, and the suite's time does not vary from run to run.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from projects import chapter, markup_context, new_project

from storysite import markup, pipeline
from storysite.citations import find_citations
from storysite.errors import SiteError
from storysite.slugs import slug_problem

FUZZED = "content/one.en.md"
FUZZ = settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    """One project for every example, its cache kept: the chapter fuzzed is new each
    time, the templates and the other files are not (and their compiled code is reused)."""
    return new_project(tmp_path_factory.mktemp("fuzz") / "project").root


def build_and_check(root, text: str, check: bool) -> None:
    """Build (and check) with `text` as the fuzzed chapter. A build either succeeds or
    raises SiteError; check never raises. Every problem names a file, and a line of
    it when it is in the fuzzed file."""
    (root / FUZZED).write_bytes(text.encode("utf-8"))
    try:
        pipeline.build(root, root / "_site")
        event("built")
        problems = []
    except SiteError as exc:
        event("refused")
        problems = exc.problems
    if check:  # slower: kept to the front matter, where most examples stop early
        problems = [*problems, *pipeline.check(root).errors]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for problem in problems:
        assert problem.path, problem
        if problem.path == FUZZED:
            assert problem.line is not None and 1 <= problem.line <= lines, (str(problem), text)


# Pieces of Markdown and of our own syntax, so that examples reach deep into the
# renderer and the checks rather than stopping at the first odd character.
MARKDOWN_PIECES = [
    "[@alpha]", "[@beta; @alpha]", "[@", "[@nobody]", "[@a;", "@", "]", "[", "(", ")", "](", "![",
    "![a](images/x.png)", "[two](two.en.md#later)", "(one.en.md#nowhere)", "(three.en.md)", "#", "## ",
    "\n", "\n\n", "---", "```", "~~~", "    ", "\t", "> ", "- ", "1. ", "|", "| a | b |\n|---|---|",
    "*", "_", "**", "`", "[^1]", "[^1]: note", "::: chart x", ":::", "{#id}", "{: .c}", "<", ">",
    "<div>", "</div>", "<script>x</script>", "<a href='#x'>", "<!--", "&", "&#0;", "%", "\\",
    "中文", "。", "“", "🙂", "\u2028", "\x85", "\x0c", "\r", "\r\n",
]  # fmt: skip
markdown_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(MARKDOWN_PIECES) | st.text(max_size=4), max_size=40).map("".join),
)


@pytest.mark.slow
@FUZZ
@given(body=markdown_text)
def test_any_chapter_body_builds_or_fails_with_file_and_line(fuzz_project, body):
    build_and_check(fuzz_project, chapter("One", 1, "") + body, check=False)


KEYS = ["title", "summary", "order", "updated", "draft", "image", "image_alt", "translation_of", "tilte", "1", "? x", "<<", "- "]  # fmt: skip
VALUES = [
    "One", "no", "yes", "12:30", "1:20:30", "2026-11-20", "2026-02-30", "2026-11-20T10:00:00+25:00", "1",
    '"1"', "1.5", ".inf", "0x1F", "99999999999999999999", "~", "", "[a, b]", "{en: x, zh: y}", "&a x", "*a",
    "!!python/name:os.system", "!!map {}", "!!binary aGk=", "!!set {a}", "!!int x", "=", "|", ">", "'",
    '"', "[", "{", "`x`", "@x", "%x", "中文", "x: y", "- z", "images/x.png", "[[[[[[[[", "\x1b", "\ufeff",
]  # fmt: skip
front_matter_line = st.one_of(
    st.builds(
        "".join,
        st.tuples(st.sampled_from(KEYS), st.sampled_from([": ", ":", " : "]), st.sampled_from(VALUES)),
    ),
    st.sampled_from(
        ["", "  ", "\t", "  - a", "    b: 1", "#c", "---", "...", "%YAML 1.1", "--- !!map", "\u2028"]
    ),
    st.text(max_size=12),
)
chapter_file = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["---\n", "", "---\r\n", "\ufeff---\n", "--- \n"]),
        st.lists(front_matter_line, max_size=10).map("\n".join),
        st.sampled_from(["\n---\n", "\n...\n", "\n", "", "\n---"]),
        st.sampled_from(["Body [@alpha].\n", "", "---\nmore\n"]),
    ),
)


@FUZZ
@given(text=chapter_file)
def test_any_front_matter_builds_or_fails_with_file_and_line(fuzz_project, text):
    build_and_check(fuzz_project, text, check=True)


RENDERER = markup.new_renderer(markup_context("zh"))


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=markdown_text)
def test_citations_and_markdown_never_crash_on_any_text(text):
    ids, malformed = find_citations(text)
    assert all(f"@{source_id}" in text for source_id in ids)
    assert all(piece in text for piece in malformed)
    markup.render(RENDERER, text)


DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10))}
slug_like = st.text(alphabet=st.sampled_from("abcz019-._/\\%:\x00 \uff0eAZ中"), max_size=12)
any_slug = st.one_of(slug_like, st.text(max_size=300), st.sampled_from(sorted(DEVICE_NAMES)))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(slug=any_slug)
def test_a_slug_is_accepted_only_as_one_safe_path_segment(slug):
    if slug_problem(slug) is not None:
        return
    assert "/" not in slug and "\\" not in slug and "\x00" not in slug and ".." not in slug
    assert slug not in (".", "") and "." not in slug
    assert len(slug.encode("utf-8")) <= 255 and slug.isascii() and slug == slug.lower()
    assert slug not in DEVICE_NAMES
