"""The gates on Python-Markdown's passes and inline patterns (storysite/mdgates.py)
change how much work a body costs, never the HTML it gives.

Each gated inline pattern is tried against texts with its marks taken out: it must
never match one. And whole documents, made of every kind of inline and block
Markdown an editor might write, render the same through a gated renderer as through
one that runs every pass and pattern on every document.
"""

from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st
from projects import markup_context

from storysite import markup
from storysite.mdgates import INLINE_MARKS

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)

# What the patterns look for, and what they must not take for it.
ALPHABET = "ab Z1\n\t []()!<>&*_`\\@^#;:/.-\"'={}~|淘宝村，。"
FRAGMENTS = [
    "`code`", "``two `ticks` ``", "\\*not em\\*", "\\[", "a  \nb", "a\t\nb", "&amp;", "&#169;", "&copy;",
    "<b>bold</b>", "<!-- note -->", "<span class=\"x\">x</span>", "<https://example.org/a>",
    "<me@example.org>", "[link](/to)", "[link][ref]\n\n[ref]: /ref\n", "[ref]", "![alt](image.png)",
    "![alt][ref]", "*em*", "**strong**", "_em_", "__strong__", "a * b _ c", "x[^n]\n\n[^n]: An aside.\n",
    "[@alpha]", "[@alpha, para. 2]", "[@alpha; @beta]", "淘宝村的故事", "“quoted” -- ...",
    "\n\n", "# Heading\n", "> quoted\n", "- item\n", "1. item\n", "    code block\n",
    "~~~\n*as typed*\n~~~\n", "{: .note }", "| a | b |\n|---|---|\n| 1 | 2 |\n",
]  # fmt: skip
# Documents made of them, and of short runs of the characters they are made of.
documents = st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet=ALPHABET, max_size=6), max_size=14)


@functools.cache
def renderers(lang: str) -> tuple[markup.Renderer, markup.Renderer]:
    """(gated, every pass and pattern), reused from example to example as a build reuses them."""
    context = markup_context(lang)
    return markup.new_renderer(context), markup.new_renderer(context, gated=False)


def without(text: str, marks: tuple[str, ...]) -> str:
    """text with every mark taken out, including any that taking one out makes."""
    while any(mark in text for mark in marks):
        for mark in marks:
            text = text.replace(mark, "")
    return text


@SETTINGS
@given(documents.map("".join))
def test_no_gated_inline_pattern_matches_a_text_without_its_marks(text):
    patterns = renderers("en")[1].md.inlinePatterns
    gated = [name for name in INLINE_MARKS if name in patterns]
    assert len(gated) > len(INLINE_MARKS) // 2  # the names are Python-Markdown's own
    for name in gated:
        unmarked = without(text, INLINE_MARKS[name])
        assert patterns[name].getCompiledRegExp().search(unmarked) is None, (name, unmarked)


@SETTINGS
@given(st.sampled_from(["en", "zh"]), documents)
def test_a_gated_renderer_gives_what_every_pattern_gives(lang, parts):
    body = "".join(parts)
    gated, every = renderers(lang)
    assert markup.render(gated, body) == markup.render(every, body), body
